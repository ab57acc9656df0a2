package io.squall.web;

import io.squall.http.Headers;
import io.squall.http.HttpExchange;
import io.squall.http.HttpStatus;
import java.io.ByteArrayOutputStream;

/**
 * One request's response in the making, with the exchange it goes out on. A handler holds it until
 * its connection is upgraded and then drops it whole: an open WebSocket may live for days and keeps
 * one reference less, and none of this.
 */
final class ResponseState {
  /** Set when the handler is bound to its request; null in a state made after an upgrade. */
  HttpExchange exchange;
  int status = HttpStatus.OK;
  final Headers headers;
  /** What was written and not yet sent; created on the first write (a WebSocket handler never needs it). */
  ByteArrayOutputStream body;
  boolean finished;
  /** Set by a handler that sends its body after its method returns (a streamed file): it calls finish itself. */
  boolean finishLater;
  /** The handler's steps and pending awaits; set when it starts. */
  HandlerRun run;

  ResponseState(Headers headers) {
    this.headers = headers;
  }
}
