package io.squall.interop.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.websocket.WebSocketClientOptions;
import io.squall.websocket.WebSocketCompression;
import io.squall.websocket.WebSocketConnection;
import org.junit.jupiter.api.Test;

/**
 * For a server that accepts permessage-deflate: every case runs with our client offering it (no
 * context kept between messages, unless a class offers otherwise), and the offer must be taken.
 */
interface CompressionAgreed extends InteropClient {
  @Override
  default WebSocketClientOptions defaultOptions() {
    return WebSocketClientOptions.builder().compression(WebSocketCompression.on()).build();
  }

  @Test
  default void thePeerAgreedToCompression() throws Exception {
    WebSocketConnection ws = connect();
    assertThat(ws.isCompressed()).isTrue();
    InteropClient.closeAndWait(ws);
  }
}
