package io.squall.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.websocket.internal.WebSocketProtocol;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The client's side of RFC 6455 against a scripted fake server that misbehaves on purpose. */
class WebSocketClientConformanceIT {

  @Test
  void sendsAValidMaskedRequestAndClosesWith1002OnAMaskedServerFrame() throws Exception {
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String[] seen = new String[1];
      var server = ScriptedServer.answer(ss, req -> {
        seen[0] = req;
        // A masked text frame "Hi": servers must not mask (RFC 6455 §5.1).
        return ScriptedServer.accept(req, new byte[] {(byte) 0x81, (byte) 0x82, 1, 2, 3, 4, 'H' ^ 1, 'i' ^ 2});
      });
      WebSocketConnection ws = WebSocketClient.connect(ScriptedServer.uri(ss)).toCompletableFuture().get(10, TimeUnit.SECONDS);
      byte[] close = server.get(10, TimeUnit.SECONDS);
      assertThat(seen[0]).startsWith("GET /x HTTP/1.1\r\n").contains("Sec-WebSocket-Version: 13\r\n");
      assertThat(java.util.Base64.getDecoder().decode(ScriptedServer.keyOf(seen[0]))).hasSize(16);
      assertThat(close[0] & 0xff).isEqualTo(0x88);
      assertThat(close[1] & 0x80).as("client frames are masked").isEqualTo(0x80);
      int code = ScriptedServer.maskedCloseCode(close);
      assertThat(code).isEqualTo(1002);
      ws.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
      // the server never answered the close: its 1006 says nothing, this side's own failure says why
      assertThat(ws.closeCode()).isEqualTo(1006);
      assertThat(ws.failureCode()).isEqualTo(1002);
      assertThat(ws.failureReason()).isEqualTo("Server frames must not be masked.");
    }
  }

  /** Fails the handshake whose 101 carries {@code headers} after the usual Connection line, with a message starting so. */
  private static void assertRefused101(String headers, String message) throws Exception {
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ScriptedServer.answer(ss, req -> ("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n"
          + headers.replace("ACCEPT", WebSocketProtocol.acceptKey(ScriptedServer.keyOf(req))) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      var stage = WebSocketClient.connect(ScriptedServer.uri(ss), WebSocketClientOptions.builder().subprotocols("chat", "v2").build())
          .toCompletableFuture();
      assertThatThrownBy(() -> stage.get(10, TimeUnit.SECONDS))
          .cause().isInstanceOf(WebSocketConnectException.class).hasMessageStartingWith(message);
    }
  }

  @Test
  void refusesAUriWithAFragment() {
    var stage = WebSocketClient.connect(URI.create("ws://127.0.0.1:9/chat#room")).toCompletableFuture();
    assertThatThrownBy(stage::join).cause().isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A WebSocket URI has no fragment (escape '#' as %23): ws://127.0.0.1:9/chat#room");
  }

  @Test
  void refusesAStatusLineThatIsNotAnHttp11Switch() throws Exception {
    for (String statusLine : new String[] {"HTTP/1.0 101 Switching Protocols", "HTTP/1.1 +101 Switching Protocols", "HTTP/1.1 1010 X"}) {
      try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        ScriptedServer.answer(ss, req -> (statusLine + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: " + WebSocketProtocol.acceptKey(ScriptedServer.keyOf(req)) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        var stage = WebSocketClient.connect(ScriptedServer.uri(ss)).toCompletableFuture();
        assertThatThrownBy(() -> stage.get(10, TimeUnit.SECONDS)).as(statusLine)
            .cause().isInstanceOf(WebSocketConnectException.class)
            .hasMessage(statusLine.startsWith("HTTP/1.0")
                ? "Handshake answered 101 in HTTP/1.0, which has no protocol switch (RFC 9110 §15.2.2)."
                : "Not an HTTP response: '" + statusLine + "'.");
      }
    }
  }

  /** RFC 6455 §4.1: one Upgrade naming websocket, one Accept, one selected subprotocol; a second copy is a wrong answer. */
  @Test
  void refusesA101ThatRepeatsOrListsWhatMustBeSingle() throws Exception {
    assertRefused101("Upgrade: h2c, websocket\r\nSec-WebSocket-Accept: ACCEPT\r\n",
        "Handshake response lacks 'Upgrade: websocket' (got [h2c, websocket]).");
    assertRefused101("Upgrade: h2c\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: ACCEPT\r\n",
        "Handshake response lacks 'Upgrade: websocket' (got [h2c, websocket]).");
    assertRefused101("Upgrade: websocket\r\nSec-WebSocket-Accept: ACCEPT\r\nSec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n",
        "Handshake response repeats Sec-WebSocket-Accept: [");
    assertRefused101("Upgrade: websocket\r\nSec-WebSocket-Accept: ACCEPT\r\nSec-WebSocket-Protocol: chat\r\nSec-WebSocket-Protocol: v2\r\n",
        "Handshake response repeats Sec-WebSocket-Protocol: [chat, v2].");
  }

  @Test
  void refusesAWrongAcceptKey() throws Exception {
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ScriptedServer.answer(ss, req -> ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      var stage = WebSocketClient.connect(ScriptedServer.uri(ss)).toCompletableFuture();
      assertThatThrownBy(() -> stage.get(10, TimeUnit.SECONDS))
          .cause().isInstanceOf(WebSocketConnectException.class)
          .hasMessageStartingWith("Sec-WebSocket-Accept is 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=', expected '");
    }
  }

  @Test
  void refusesAnUnofferedSubprotocol() throws Exception {
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ScriptedServer.answer(ss, req -> ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Accept: " + WebSocketProtocol.acceptKey(ScriptedServer.keyOf(req)) + "\r\nSec-WebSocket-Protocol: mqtt\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      var stage = WebSocketClient.connect(ScriptedServer.uri(ss)).toCompletableFuture();
      assertThatThrownBy(() -> stage.get(10, TimeUnit.SECONDS))
          .cause().isInstanceOf(WebSocketConnectException.class)
          .hasMessage("Server selected subprotocol 'mqtt', which was not offered [].");
    }
  }

  @Test
  void failsWithATimeoutWhenTheServerNeverAnswers() throws Exception {
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ScriptedServer.answer(ss, req -> null);
      long start = System.nanoTime();
      var stage = WebSocketClient.connect(ScriptedServer.uri(ss),
          WebSocketClientOptions.builder().connectTimeout(Duration.ofMillis(300)).build()).toCompletableFuture();
      assertThatThrownBy(() -> stage.get(10, TimeUnit.SECONDS))
          .cause().isInstanceOf(SocketTimeoutException.class).hasMessageContaining("timed out after 300 ms");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void closesWith1007OnInvalidUtf8FromTheServer() throws Exception {
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      var server = ScriptedServer.answer(ss, req -> ScriptedServer.accept(req, new byte[] {(byte) 0x81, 2, (byte) 0xc0, (byte) 0xaf}));
      WebSocketConnection ws = WebSocketClient.connect(ScriptedServer.uri(ss)).toCompletableFuture().get(10, TimeUnit.SECONDS);
      byte[] close = server.get(10, TimeUnit.SECONDS);
      int code = ScriptedServer.maskedCloseCode(close);
      assertThat(code).isEqualTo(1007);
      assertThat(ws.readMessage().toCompletableFuture().get(10, TimeUnit.SECONDS)).isNull();
    }
  }
}
