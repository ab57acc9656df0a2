package io.squall.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.concurrent.TimeUnit;
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
}
