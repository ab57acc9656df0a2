package io.squall.websocket.deflate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One element of a {@code Sec-WebSocket-Extensions} header (RFC 6455 §9.1): a name and its
 * parameters, in order, duplicates kept (so that a negotiation can refuse them).
 *
 * @param name lower-cased extension token
 * @param params parameters in the order written; a parameter without a value has a null value
 */
public record Extension(String name, List<Param> params) {

  /** {@code name} or {@code name=value}; quoted values are unquoted. */
  public record Param(String name, String value) {}

  /**
   * Parses every extension of the header values given (each a comma-separated list). An element
   * that breaks the grammar is returned with the name {@code ""}, so that a negotiation skips it
   * rather than guessing what it meant.
   */
  public static List<Extension> parseAll(List<String> headerValues) {
    List<Extension> out = new ArrayList<>();
    for (String value : headerValues) {
      for (String element : splitOutsideQuotes(value, ',')) {
        if (!element.isBlank()) {
          out.add(parse(element));
        }
      }
    }
    return out;
  }

  static Extension parse(String element) {
    List<String> parts = splitOutsideQuotes(element, ';');
    String name = parts.get(0).trim();
    if (!isToken(name)) {
      return new Extension("", List.of());
    }
    List<Param> params = new ArrayList<>();
    for (String part : parts.subList(1, parts.size())) {
      String p = part.trim();
      int eq = p.indexOf('=');
      String pName = (eq < 0 ? p : p.substring(0, eq)).trim();
      String pValue = eq < 0 ? null : p.substring(eq + 1).trim();
      if (pValue != null && pValue.length() >= 2 && pValue.startsWith("\"") && pValue.endsWith("\"")) {
        pValue = pValue.substring(1, pValue.length() - 1); // RFC 6455 §9.1: a quoted value must still be a token
      }
      if (!isToken(pName) || (pValue != null && !isToken(pValue))) {
        return new Extension("", List.of());
      }
      params.add(new Param(pName.toLowerCase(Locale.ROOT), pValue));
    }
    return new Extension(name.toLowerCase(Locale.ROOT), List.copyOf(params));
  }

  private static List<String> splitOutsideQuotes(String s, char separator) {
    List<String> out = new ArrayList<>();
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == separator && !quoted) {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    out.add(s.substring(start));
    return out;
  }

  /** RFC 7230 token: visible ASCII except separators. */
  static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 32 || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }
}
