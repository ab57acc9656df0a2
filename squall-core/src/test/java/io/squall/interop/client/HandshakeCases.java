package io.squall.interop.client;

import static io.squall.interop.client.InteropClient.closeAndWait;
import static io.squall.interop.client.InteropClient.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.websocket.Message;
import io.squall.websocket.WebSocketClient;
import io.squall.websocket.WebSocketClientOptions;
import io.squall.websocket.WebSocketConnectException;
import io.squall.websocket.WebSocketConnection;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The opening handshake with an independent server: request target, subprotocols, refusals. */
interface HandshakeCases extends InteropClient {

  /** The server speaks first, right behind its 101, and sees the target as we sent it. */
  @Test
  default void receivesAMessageSentRightAfterTheHandshake() throws Exception {
    WebSocketConnection ws = connect("/greet?name=squall%20client&x=1", WebSocketClientOptions.defaults());
    assertThat(read(ws)).isEqualTo(new Message.Text("hello /greet?name=squall%20client&x=1"));
    ws.writeMessage("then echo");
    assertThat(read(ws)).isEqualTo(new Message.Text("then echo"));
    closeAndWait(ws);
  }

  @Test
  default void negotiatesAnOfferedSubprotocol() throws Exception {
    WebSocketConnection ws = connect(WebSocketClientOptions.builder().subprotocols("nope", "squall.test").build());
    assertThat(ws.selectedSubprotocol()).isEqualTo("squall.test");
    ws.writeMessage("with a subprotocol");
    assertThat(read(ws)).isEqualTo(new Message.Text("with a subprotocol"));
    closeAndWait(ws);
  }

  @Test
  default void selectsNoSubprotocolWhenNoneIsOffered() throws Exception {
    WebSocketConnection ws = connect();
    assertThat(ws.selectedSubprotocol()).isNull();
    closeAndWait(ws);
  }

  @Test
  default void aRefusedUpgradeFailsWithTheHttpStatus() {
    var stage = WebSocketClient.connect(server().uri("/refuse")).toCompletableFuture();
    assertThatThrownBy(() -> stage.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(WebSocketConnectException.class)
        .hasMessage("Expected 101 Switching Protocols, got 403 Forbidden.")
        .extracting(e -> ((WebSocketConnectException) e).status()).isEqualTo(403);
  }
}
