package io.squall.websocket;

/**
 * Thrown, or used to fail a {@code writeMessage} stage, when a message is sent on a WebSocket that
 * is closing or closed (Tornado's {@code WebSocketClosedError}). Unchecked: a closed peer is an
 * everyday event that the caller may handle where it suits it.
 */
public class WebSocketClosedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** "WebSocket is closed." */
  public WebSocketClosedException() {
    this("WebSocket is closed.");
  }

  public WebSocketClosedException(String message) {
    super(message);
  }

  public WebSocketClosedException(String message, Throwable cause) {
    super(message, cause);
  }
}
