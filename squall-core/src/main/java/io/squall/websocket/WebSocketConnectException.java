package io.squall.websocket;

import java.io.IOException;

/**
 * The server did not accept the WebSocket handshake: a status other than 101, or a 101 whose
 * headers break RFC 6455 §4.1 (wrong Sec-WebSocket-Accept, an unoffered subprotocol...).
 */
public final class WebSocketConnectException extends IOException {
  private final int status;

  public WebSocketConnectException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The HTTP status the server answered (101 when the 101 itself was invalid), -1 when none arrived. */
  public int status() {
    return status;
  }
}
