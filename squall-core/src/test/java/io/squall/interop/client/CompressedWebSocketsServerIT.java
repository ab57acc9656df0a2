package io.squall.interop.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.websocket.WebSocketClientOptions;
import io.squall.websocket.WebSocketCompression;
import io.squall.websocket.WebSocketConnection;
import org.junit.jupiter.api.Test;

/**
 * Our client offering permessage-deflate to Python {@code websockets}, which accepts it: every
 * case again, each message compressed both ways, and no context kept between messages (our offer).
 */
class CompressedWebSocketsServerIT extends WebSocketsServerIT {
  @Override
  public WebSocketClientOptions defaultOptions() {
    return WebSocketClientOptions.builder().compression(WebSocketCompression.on()).build();
  }

  @Test
  void thePeerAgreedToCompression() throws Exception {
    WebSocketConnection ws = connect();
    assertThat(ws.isCompressed()).isTrue();
    InteropClient.closeAndWait(ws);
  }
}
