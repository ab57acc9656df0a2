package io.squall.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.websocket.internal.WebSocketProtocol;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How the client reads the server's handshake response (RFC 6455 §4.1, §4.2.2), against a scripted server. */
class WebSocketClientResponseIT {

  /** The failure of a handshake answered with {@code response} (ACCEPT stands for the right accept key). */
  private static WebSocketConnectException refusal(String response, WebSocketClientOptions options) throws Exception {
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ScriptedServer.answer(ss, req -> response.replace("ACCEPT", WebSocketProtocol.acceptKey(ScriptedServer.keyOf(req)))
          .getBytes(StandardCharsets.ISO_8859_1));
      var stage = WebSocketClient.connect(ScriptedServer.uri(ss), options).toCompletableFuture();
      Throwable[] failure = new Throwable[1];
      assertThatThrownBy(() -> stage.get(10, TimeUnit.SECONDS)).satisfies(e -> failure[0] = e.getCause());
      assertThat(failure[0]).isInstanceOf(WebSocketConnectException.class);
      return (WebSocketConnectException) failure[0];
    }
  }

  private static WebSocketConnectException refusal(String response) throws Exception {
    return refusal(response, WebSocketClientOptions.defaults());
  }

  @Test
  void aRedirectNamesItsTargetAndIsNotFollowed() throws Exception {
    WebSocketConnectException e = refusal("HTTP/1.1 302 Found\r\nLocation: ws://other.example/chat\r\nContent-Length: 0\r\n\r\n");
    assertThat(e.status()).isEqualTo(302);
    assertThat(e).hasMessage("Expected 101 Switching Protocols, got 302 Found, redirecting to 'ws://other.example/chat'"
        + " (WebSocket clients follow no redirects).");
  }

  @Test
  void aRefusalWithoutAReasonPhraseStillCarriesItsStatus() throws Exception {
    WebSocketConnectException e = refusal("HTTP/1.1 503\r\nContent-Length: 0\r\n\r\n");
    assertThat(e.status()).isEqualTo(503);
    assertThat(e).hasMessage("Expected 101 Switching Protocols, got 503.");
  }

  @Test
  void refusesA101WithoutUpgradeOrConnection() throws Exception {
    assertThat(refusal("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ACCEPT\r\n\r\n"))
        .hasMessage("Handshake response lacks 'Upgrade: websocket' (got []).");
    assertThat(refusal("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: ACCEPT\r\n\r\n"))
        .hasMessage("Handshake response lacks 'Connection: Upgrade'.");
    assertThat(refusal("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: keep-alive\r\n"
        + "Sec-WebSocket-Accept: ACCEPT\r\n\r\n").status()).isEqualTo(101);
  }

  /** RFC 6455 §4.1: an extension the client did not ask for fails the connection. */
  @Test
  void refusesAnExtensionThatWasNotOffered() throws Exception {
    String ok = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ACCEPT\r\n";
    assertThat(refusal(ok + "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n"))
        .hasMessage("Server selected extensions 'permessage-deflate', none were offered.");
    assertThat(refusal(ok + "Sec-WebSocket-Extensions: x-webkit-deflate-frame\r\n\r\n",
        WebSocketClientOptions.builder().compression(WebSocketCompression.on()).build()))
        .hasMessage("Server selected extensions that were not offered: x-webkit-deflate-frame");
  }

  /** RFC 9112 §5: a field line has a name and a colon; the client cannot guess what a line without one meant. */
  @Test
  void refusesAHeaderLineWithoutAColon() throws Exception {
    WebSocketConnectException e = refusal("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: ACCEPT\r\nSec-WebSocket-Protocol chat\r\n\r\n");
    assertThat(e).hasMessage("Malformed handshake header line: 'Sec-WebSocket-Protocol chat'.");
  }

  /** RFC 9112 §5.2: a folded line (obs-fold) in a response may be refused; it is not a new field. */
  @Test
  void refusesAFoldedHeaderLine() throws Exception {
    WebSocketConnectException e = refusal("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: ACCEPT\r\nX-Note: a\r\n Sec-WebSocket-Protocol: chat\r\n\r\n");
    assertThat(e).hasMessage("Malformed handshake header line: ' Sec-WebSocket-Protocol: chat'.");
  }

  /** A response dribbled one byte per TCP segment, with the first frame behind it: nothing is lost. */
  @Test
  void readsAResponseSplitIntoSingleBytesAndTheFrameBehindIt() throws Exception {
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Void> server = CompletableFuture.runAsync(() -> {
        try (Socket s = ss.accept()) {
          s.setTcpNoDelay(true);
          String request = ScriptedServer.readHead(s.getInputStream());
          OutputStream out = s.getOutputStream();
          for (byte b : ScriptedServer.accept(request, new byte[] {(byte) 0x81, 2, 'H', 'i'})) {
            out.write(b);
            out.flush();
            Thread.sleep(1);
          }
          s.getInputStream().readNBytes(2 + 4 + 2);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, r -> Thread.ofVirtual().start(r));
      WebSocketConnection ws = WebSocketClient.connect(ScriptedServer.uri(ss)).toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(ws.readMessage().toCompletableFuture().get(10, TimeUnit.SECONDS).asText()).isEqualTo("Hi");
      ws.close();
      server.get(10, TimeUnit.SECONDS);
    }
  }

  /**
   * Field lines ended by a bare LF and the head by CRLF, "LF CR LF": RFC 9112 §2.2 lets a recipient
   * take a bare LF as a line end, and the client takes every LF so; it waited out its timeout here.
   */
  @Test
  void readsAHeadWhoseLastFieldLineEndsInABareLf() throws Exception {
    for (String end : new String[] {"\n\r\n", "\n\n", "\r\n\n", "\r\n\r\n"}) {
      try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        ScriptedServer.answer(ss, req -> {
          byte[] head = ("HTTP/1.1 101 Switching Protocols\nUpgrade: websocket\nConnection: Upgrade\nSec-WebSocket-Accept: "
              + WebSocketProtocol.acceptKey(ScriptedServer.keyOf(req)) + end).getBytes(StandardCharsets.ISO_8859_1);
          byte[] out = java.util.Arrays.copyOf(head, head.length + 4);
          System.arraycopy(new byte[] {(byte) 0x81, 2, 'H', 'i'}, 0, out, head.length, 4);
          return out;
        });
        WebSocketConnection ws = WebSocketClient.connect(ScriptedServer.uri(ss)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(ws.readMessage().toCompletableFuture().get(5, TimeUnit.SECONDS).asText()).as(end.replace("\r", "CR ").replace("\n", "LF ")).isEqualTo("Hi");
        ws.close();
      }
    }
  }
}
