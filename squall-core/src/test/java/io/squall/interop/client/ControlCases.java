package io.squall.interop.client;

import static io.squall.interop.client.InteropClient.closeAndWait;
import static io.squall.interop.client.InteropClient.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.websocket.Message;
import io.squall.websocket.WebSocketClientOptions;
import io.squall.websocket.WebSocketConnection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Control frames between our client and an independent server: pings both ways, closes both ways. */
interface ControlCases extends InteropClient {

  @Test
  default void pongCarriesThePingPayload() throws Exception {
    WebSocketConnection ws = connect();
    CompletableFuture<byte[]> pong = new CompletableFuture<>();
    ws.onPong(pong::complete);
    ws.ping(new byte[] {1, 2, 3, (byte) 0xff});
    assertThat(pong.get(10, TimeUnit.SECONDS)).containsExactly(1, 2, 3, 0xff);
    closeAndWait(ws);
  }

  @Test
  default void answersTheServersPingWithItsPayload() throws Exception {
    WebSocketConnection ws = connect();
    ws.writeMessage("ping:squall-ping");
    assertThat(read(ws)).isEqualTo(new Message.Text("pong:squall-ping"));
    closeAndWait(ws);
  }

  @Test
  default void keepaliveStaysOpenWhileTheServerAnswersPings() throws Exception {
    // The pong timeout is capped at the interval: 150 ms leaves a loaded machine room to answer.
    WebSocketConnection ws = connect(WebSocketClientOptions.builder().pingInterval(Duration.ofMillis(150)).build());
    CompletableFuture<byte[]> pong = new CompletableFuture<>();
    ws.onPong(pong::complete);
    assertThat(pong.get(10, TimeUnit.SECONDS)).isEmpty();
    Thread.sleep(500); // three more pings
    assertThat(ws.isOpen()).isTrue();
    closeAndWait(ws);
  }

  @Test
  default void serverSeesTheClientsCloseCodeAndReason() throws Exception {
    WebSocketConnection ws = connect();
    ws.close(4000, "client bye");
    ws.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(ws.closeCode()).as("the server echoes the code").isEqualTo(4000);
    assertThat(lastCloseSeenByServer("4000 ")).isEqualTo("4000 client bye");
  }

  @Test
  default void clientSeesTheServersCloseCodeAndReasonAfterTheLastMessage() throws Exception {
    WebSocketConnection ws = connect();
    ws.writeMessage("last words");
    ws.writeMessage("close:4001:server bye");
    assertThat(read(ws)).isEqualTo(new Message.Text("last words"));
    assertThat(read(ws)).as("end of stream").isNull();
    ws.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(ws.closeCode()).isEqualTo(4001);
    assertThat(ws.closeReason()).isEqualTo("server bye");
    assertThat(ws.isOpen()).isFalse();
  }

  @Test
  default void aCloseWithoutStatusReadsAs1005() throws Exception {
    WebSocketConnection ws = connect();
    ws.writeMessage("close");
    assertThat(read(ws)).as("end of stream").isNull();
    ws.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(ws.closeCode()).isEqualTo(1005); // RFC 6455 §7.1.5
    assertThat(ws.closeReason()).isNull();
  }

  /** Our limit broken by the server's message: the server hears 1009 and why (RFC 6455 §7.4.1). */
  @Test
  default void theServerHears1009WhenItsMessageExceedsOurLimit() throws Exception {
    WebSocketConnection ws = connect(WebSocketClientOptions.builder().maxMessageSize(1000).build());
    ws.writeMessage("x".repeat(2000)); // echoed: 2000 bytes, over our limit
    assertThat(read(ws)).as("end of stream").isNull();
    ws.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(lastCloseSeenByServer("1009 ")).isEqualTo("1009 Message of 2000 bytes exceeds maxMessageSize 1000.");
  }

  /** What the server says of the last connection that closed, once it starts with {@code prefix} (5 s at most). */
  private String lastCloseSeenByServer(String prefix) throws Exception {
    WebSocketConnection probe = connect();
    String last = null;
    for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5); System.nanoTime() < end; Thread.sleep(20)) {
      probe.writeMessage("lastclose?"); // the server records a close once its connection is gone
      last = read(probe).asText();
      if (last.startsWith(prefix)) {
        break;
      }
    }
    closeAndWait(probe);
    return last;
  }
}
