package io.squall.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the client does with the server's frames and closes (RFC 6455 §5, §7), against a scripted server. */
class WebSocketClientServerFramesIT {

  /** Connects to a server answering the handshake with {@code frames} behind the 101; returns the client's reply. */
  private static byte[] afterFrames(byte[] frames, WebSocketClientOptions options, WebSocketConnection[] client) throws Exception {
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      var server = ScriptedServer.answer(ss, req -> ScriptedServer.accept(req, frames));
      client[0] = WebSocketClient.connect(ScriptedServer.uri(ss), options).toCompletableFuture().get(10, TimeUnit.SECONDS);
      byte[] reply = server.get(10, TimeUnit.SECONDS);
      client[0].closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
      return reply;
    }
  }

  private static void assertFails(byte[] frames, WebSocketClientOptions options, int code, String reason) throws Exception {
    WebSocketConnection[] ws = new WebSocketConnection[1];
    byte[] close = afterFrames(frames, options, ws);
    assertThat(ScriptedServer.maskedCloseCode(close)).isEqualTo(code);
    assertThat(ws[0].failureCode()).isEqualTo(code);
    assertThat(ws[0].failureReason()).isEqualTo(reason);
  }

  @Test
  void closesWith1002OnReservedBitsOrUnknownOpcodes() throws Exception {
    var options = WebSocketClientOptions.defaults();
    assertFails(new byte[] {(byte) 0xC1, 0}, options, 1002, "Reserved bits must be 0.");
    assertFails(new byte[] {(byte) 0x83, 0}, options, 1002, "Reserved opcode 3.");
  }

  @Test
  void closesWith1002OnFragmentedOrOversizedControlFrames() throws Exception {
    var options = WebSocketClientOptions.defaults();
    assertFails(new byte[] {(byte) 0x09, 0}, options, 1002, "Control frames must be final.");
    assertFails(new byte[] {(byte) 0x89, 126, 0, 126}, options, 1002, "Control frame payload of 126 bytes exceeds 125.");
  }

  @Test
  void closesWith1009OnAMessageOverTheClientsLimit() throws Exception {
    var options = WebSocketClientOptions.builder().maxMessageSize(4).build();
    assertFails(new byte[] {(byte) 0x81, 5, 'h', 'e', 'l', 'l', 'o'}, options, 1009,
        "Message of 5 bytes exceeds maxMessageSize 4.");
  }

  @Test
  void reportsTheServersCloseCodeAndReasonAndEchoesTheCode() throws Exception {
    WebSocketConnection[] ws = new WebSocketConnection[1];
    byte[] echo = afterFrames(new byte[] {(byte) 0x88, 5, 0x0F, (byte) 0xA1, 'b', 'y', 'e'}, WebSocketClientOptions.defaults(), ws);
    assertThat(ScriptedServer.maskedCloseCode(echo)).isEqualTo(4001);
    assertThat(ws[0].closeCode()).isEqualTo(4001);
    assertThat(ws[0].closeReason()).isEqualTo("bye");
    assertThat(ws[0].failureCode()).isNull();
  }

  @Test
  void reports1006WhenTheServerDropsTcpWithoutAClose() throws Exception {
    WebSocketConnection[] ws = new WebSocketConnection[1];
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ScriptedServer.answer(ss, 0, req -> ScriptedServer.accept(req, new byte[] {(byte) 0x81, 1, 'a'}));
      ws[0] = WebSocketClient.connect(ScriptedServer.uri(ss)).toCompletableFuture().get(10, TimeUnit.SECONDS);
      ws[0].closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    assertThat(ws[0].readMessage().toCompletableFuture().get(1, TimeUnit.SECONDS).asText()).isEqualTo("a");
    assertThat(ws[0].readMessage().toCompletableFuture().get(1, TimeUnit.SECONDS)).isNull();
    assertThat(ws[0].closeCode()).isEqualTo(1006);
    assertThat(ws[0].closeReason()).isNull();
    assertThat(ws[0].isOpen()).isFalse();
  }

  @Test
  void aServerThatNeverAnswersTheCloseIsDroppedAfterTheCloseTimeout() throws Exception {
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      // reads the client's close and never answers it, holding TCP open for 3 s
      var server = ScriptedServer.answer(ss, 2 + 4 + 2 + 1, req -> ScriptedServer.accept(req, new byte[0]));
      WebSocketConnection ws = WebSocketClient.connect(ScriptedServer.uri(ss), WebSocketClientOptions.builder()
          .limits(WebSocketLimits.defaults().withCloseTimeout(Duration.ofMillis(300))).build()).toCompletableFuture().get(10, TimeUnit.SECONDS);
      long start = System.nanoTime();
      ws.close(1000, "done");
      ws.close(1000, "twice is harmless");
      ws.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      assertThat(ws.closeCode()).isEqualTo(1006);
      assertThat(ws.writeMessage("late").toCompletableFuture()).isCompletedExceptionally();
      server.get(10, TimeUnit.SECONDS);
    }
  }
}
