package io.squall.interop.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.websocket.Message;
import io.squall.websocket.WebSocketClient;
import io.squall.websocket.WebSocketClientOptions;
import io.squall.websocket.WebSocketConnection;
import java.util.concurrent.TimeUnit;

/** What the interop cases share: the server under test and bounded client steps. */
interface InteropClient {
  int MIB = 1 << 20;

  InteropServer server();

  default WebSocketConnection connect(String path, WebSocketClientOptions options) throws Exception {
    return WebSocketClient.connect(server().uri(path), options).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  default WebSocketConnection connect(WebSocketClientOptions options) throws Exception {
    return connect("/echo", options);
  }

  /** The options of {@link #connect()}: the defaults, unless a test class offers compression. */
  default WebSocketClientOptions defaultOptions() {
    return WebSocketClientOptions.defaults();
  }

  default WebSocketConnection connect() throws Exception {
    return connect(defaultOptions());
  }

  /** The next message, or null at the end of the stream; fails after 10 s. */
  static Message read(WebSocketConnection ws) throws Exception {
    return ws.readMessage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Closes with 1000 and checks that the server answered with 1000 and closed TCP. */
  static void closeAndWait(WebSocketConnection ws) throws Exception {
    ws.close();
    ws.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(ws.closeCode()).as("the server's answer to our close").isEqualTo(1000);
  }
}
