package io.squall.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;

/** A connect that fails leaves nothing open behind it. */
class WebSocketClientHygieneIT {
  private static final int ATTEMPTS = 40;

  private static final File OPEN_FILES = new File("/proc/self/fd");

  private static long openFiles() {
    return OPEN_FILES.list().length;
  }

  private static void assumeUnix() {
    assumeThat(OPEN_FILES).as("Linux's /proc").isDirectory();
  }

  @Test
  void aRefusedConnectLeavesNoSocketOpen() throws Exception {
    assumeUnix();
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort(); // closed again: nobody listens there now
    }
    URI uri = URI.create("ws://127.0.0.1:" + port + "/");
    long before = openFiles();
    for (int i = 0; i < ATTEMPTS; i++) {
      var stage = WebSocketClient.connect(uri).toCompletableFuture();
      assertThatThrownBy(() -> stage.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(ConnectException.class);
    }
    assertThat(openFiles() - before).isLessThan(ATTEMPTS / 4);
  }

  /** The local address is taken: the socket opened for the attempt must be closed again. */
  @Test
  void aLocalAddressThatCannotBeBoundLeavesNoSocketOpen() throws Exception {
    assumeUnix();
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      var options = WebSocketClientOptions.builder()
          .localAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort())).build();
      URI uri = ScriptedServer.uri(server);
      long before = openFiles();
      for (int i = 0; i < ATTEMPTS; i++) {
        var stage = WebSocketClient.connect(uri, options).toCompletableFuture();
        assertThatThrownBy(() -> stage.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(BindException.class);
      }
      assertThat(openFiles() - before).isLessThan(ATTEMPTS / 4);
    }
  }

  /** A wss:// connect to a server that speaks plain HTTP: the TLS failure closes the socket. */
  @Test
  void aFailedTlsHandshakeLeavesNoSocketOpen() throws Exception {
    assumeUnix();
    try (ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual().start(() -> {
        while (!ss.isClosed()) {
          try (var s = ss.accept()) {
            s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
          } catch (IOException closed) {
            return;
          }
        }
      });
      URI uri = URI.create("wss://127.0.0.1:" + ss.getLocalPort() + "/");
      var warmUp = WebSocketClient.connect(uri).toCompletableFuture(); // loads the JDK's trust store once
      assertThatThrownBy(() -> warmUp.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(SSLException.class);
      long before = openFiles();
      for (int i = 0; i < ATTEMPTS; i++) {
        var stage = WebSocketClient.connect(uri).toCompletableFuture();
        assertThatThrownBy(() -> stage.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(SSLException.class);
      }
      assertThat(openFiles() - before).isLessThan(ATTEMPTS / 4);
    }
  }

  @Test
  void aServerThatHangsUpDuringTheHandshakeFailsItClearly() throws Exception {
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ScriptedServer.answer(ss, 0, req -> new byte[0]); // reads the request, answers nothing, closes
      var stage = WebSocketClient.connect(ScriptedServer.uri(ss)).toCompletableFuture();
      assertThatThrownBy(() -> stage.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(WebSocketConnectException.class)
          .hasMessage("Connection closed during the handshake.");
    }
  }
}
