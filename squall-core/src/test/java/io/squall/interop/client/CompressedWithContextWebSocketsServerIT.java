package io.squall.interop.client;

import io.squall.websocket.WebSocketClientOptions;
import io.squall.websocket.WebSocketCompression;

/**
 * As {@link CompressedWebSocketsServerIT}, with context takeover: both sides keep their deflate
 * window from message to message, so each message may refer back to the ones before it.
 */
class CompressedWithContextWebSocketsServerIT extends CompressedWebSocketsServerIT {
  @Override
  public WebSocketClientOptions defaultOptions() {
    return WebSocketClientOptions.builder().compression(WebSocketCompression.on().withContextTakeover(true)).build();
  }
}
