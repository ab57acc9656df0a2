package io.squall.websocket.internal;

import io.squall.websocket.WebSocketLimits;
import io.squall.websocket.deflate.PerMessageDeflate;

/**
 * A session that hands its events to a separate endpoint: every client's (a {@code
 * WebSocketConnection}), and a server's in tests. Only a client masks, so only this kind of session
 * carries mask keys; a server handler's session is its own endpoint and carries neither field.
 */
final class EndpointSession extends WebSocketSession {
  private final WebSocketEndpoint endpoint;
  /** A client's mask keys (RFC 6455 §5.3); null on a server, which masks nothing. */
  private final MaskKeys maskKeys;

  EndpointSession(WebSocketEndpoint endpoint, boolean client, WebSocketLimits limits, KeepAlive.Settings keepAlive,
      PerMessageDeflate deflate) {
    super(limits, keepAlive, deflate);
    this.endpoint = endpoint;
    this.maskKeys = client ? new MaskKeys() : null;
  }

  @Override
  protected WebSocketEndpoint endpoint() {
    return endpoint;
  }

  @Override
  boolean client() {
    return maskKeys != null;
  }

  @Override
  int nextMask() {
    return maskKeys.next();
  }
}
