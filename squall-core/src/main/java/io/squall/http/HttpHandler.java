package io.squall.http;

/** Answers requests. Called on the connection's loop; must not block it. */
@FunctionalInterface
public interface HttpHandler {
  /** Handles one request; the exchange must eventually be finished (or upgraded). */
  void handle(HttpExchange exchange);
}
