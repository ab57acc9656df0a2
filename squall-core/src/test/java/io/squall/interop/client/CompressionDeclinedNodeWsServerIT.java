package io.squall.interop.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.websocket.WebSocketClientOptions;
import io.squall.websocket.WebSocketCompression;
import io.squall.websocket.WebSocketConnection;
import org.junit.jupiter.api.Test;

/**
 * Our client offering permessage-deflate to Node's {@code ws} server, which has it off by default:
 * the offer is declined and every case works uncompressed.
 */
class CompressionDeclinedNodeWsServerIT extends NodeWsServerIT {
  @Override
  public WebSocketClientOptions defaultOptions() {
    return WebSocketClientOptions.builder().compression(WebSocketCompression.on()).build();
  }

  @Test
  void thePeerDeclinedCompression() throws Exception {
    WebSocketConnection ws = connect();
    assertThat(ws.isCompressed()).isFalse();
    InteropClient.closeAndWait(ws);
  }
}
