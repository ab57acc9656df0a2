package io.squall.web;

import java.util.List;
import java.util.Map;

/**
 * What a route's regex groups captured: the raw (still percent-encoded) and decoded positional
 * arguments, and the named ones. Routes without groups (most socket routes) share {@link #NONE}:
 * an open WebSocket keeps its handler, and with it this, for its whole life.
 */
record PathArguments(List<String> raw, List<String> decoded, Map<String, String> named) {
  static final PathArguments NONE = new PathArguments(List.of(), List.of(), Map.of());
}
