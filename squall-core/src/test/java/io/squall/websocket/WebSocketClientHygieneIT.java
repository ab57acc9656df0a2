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

  /**
   * Connects {@link #ATTEMPTS} times (after one attempt that warms up what the JDK loads once),
   * each failing with {@code failure}, and checks that the process holds no socket more for them.
   */
  private static void assertFailingConnectsLeaveNothingOpen(URI uri, WebSocketClientOptions options,
      Class<? extends Throwable> failure) {
    assumeThat(OPEN_FILES).as("Linux's /proc").isDirectory();
    long before = 0;
    for (int i = 0; i <= ATTEMPTS; i++) {
      before = i == 1 ? openFiles() : before;
      var stage = WebSocketClient.connect(uri, options).toCompletableFuture();
      assertThatThrownBy(() -> stage.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(failure);
    }
    assertThat(openFiles() - before).isLessThan(ATTEMPTS / 4);
  }

  @Test
  void aRefusedConnectLeavesNoSocketOpen() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort(); // closed again: nobody listens there now
    }
    assertFailingConnectsLeaveNothingOpen(URI.create("ws://127.0.0.1:" + port + "/"), WebSocketClientOptions.defaults(),
        ConnectException.class);
  }

  /** The local address is taken: the socket opened for the attempt must be closed again. */
  @Test
  void aLocalAddressThatCannotBeBoundLeavesNoSocketOpen() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      var options = WebSocketClientOptions.builder()
          .localAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort())).build();
      assertFailingConnectsLeaveNothingOpen(ScriptedServer.uri(server), options, BindException.class);
    }
  }

  /** A wss:// connect to a server that speaks plain HTTP: the TLS failure closes the socket. */
  @Test
  void aFailedTlsHandshakeLeavesNoSocketOpen() throws Exception {
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
      assertFailingConnectsLeaveNothingOpen(URI.create("wss://127.0.0.1:" + ss.getLocalPort() + "/"),
          WebSocketClientOptions.defaults(), SSLException.class); // the warm-up loads the JDK's trust store
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
