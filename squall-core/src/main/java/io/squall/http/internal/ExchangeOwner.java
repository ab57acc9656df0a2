package io.squall.http.internal;

import io.squall.http.BodyReceiver;
import io.squall.http.HttpExchange;

/**
 * What an {@link HttpExchange} asks of the HTTP connection it belongs to: to move on once the
 * exchange is finished, and the request body a handler takes as a stream. Each method names the
 * exchange, so the connection can refuse one it no longer serves.
 *
 * <p>Confined to the connection's loop.
 */
public interface ExchangeOwner {
  /** The exchange is finished (or upgraded): serve the next request, or close. */
  void exchangeFinished(HttpExchange exchange);

  /** Whether some of the exchange's request body is unread: a response sent now must close the connection. */
  boolean bodyUnread(HttpExchange exchange);

  /** See {@link HttpExchange#streamBody}. */
  void streamBody(HttpExchange exchange, BodyReceiver receiver);

  /** See {@link HttpExchange#setMaxBodyBytes}. */
  void setMaxBodyBytes(HttpExchange exchange, long bytes);

  /** See {@link HttpExchange#onConnectionClose}. */
  void onConnectionClose(HttpExchange exchange, Runnable callback);
}
