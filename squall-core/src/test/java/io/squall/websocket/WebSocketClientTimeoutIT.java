package io.squall.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.ioloop.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link WebSocketClientOptions#connectTimeout()} bounds the TCP connect and the handshake together. */
class WebSocketClientTimeoutIT {
  private static final Duration TIMEOUT = Duration.ofMillis(1500);

  @Test
  void aServerThatNeverAnswersTheHandshakeFailsItAfterTheConnectTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      long start = System.nanoTime();
      Throwable failure = failureOf(connect(silent.getLocalPort()));
      long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertThat(failure).isInstanceOf(SocketTimeoutException.class)
          .hasMessageContaining("timed out after " + TIMEOUT.toMillis() + " ms");
      assertThat(elapsedMs).isBetween(TIMEOUT.toMillis() - 50, TIMEOUT.toMillis() + 600);
    }
  }

  @Test
  void aSlowTcpConnectLeavesTheHandshakeOnlyWhatRemainsOfTheTimeout() throws Exception {
    // A backlog of 1 that nobody accepts: two connections fill it and the kernel drops the next
    // SYN; the client retransmits it after its 1 s initial RTO. Taking one connection off the
    // queue meanwhile lets that retransmission through: the TCP connect takes about 1 s, and the
    // server then never answers the upgrade request.
    try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<Socket> fillers = new ArrayList<>();
      try {
        for (int i = 0; i < 2; i++) {
          Socket s = new Socket();
          s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort()), 1000);
          fillers.add(s);
        }
        long start = System.nanoTime();
        CompletableFuture<WebSocketConnection> attempt = connect(full.getLocalPort());
        Thread.sleep(300);
        full.accept().close(); // room in the queue for the retransmitted SYN
        Throwable failure = failureOf(attempt);
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(failure).isInstanceOf(SocketTimeoutException.class);
        // Two full timeouts (~2.5 s: 1 s of connect, then 1.5 s for the handshake) was the defect.
        assertThat(elapsedMs).isBetween(TIMEOUT.toMillis() - 50, TIMEOUT.toMillis() + 600);
      } finally {
        for (Socket s : fillers) {
          s.close();
        }
      }
    }
  }

  /** A name server that never answers: the connect timeout covers resolving the host too. */
  @Test
  void aHostThatTakesLongerThanTheTimeoutToResolveFailsAtTheTimeout() throws Exception {
    long start = System.nanoTime();
    Throwable failure = failureOf(WebSocketClient.connect(URI.create("ws://slow.example/"),
        WebSocketClientOptions.builder().connectTimeout(TIMEOUT).build(), (host, port) -> {
          try {
            Thread.sleep(8_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        }).toCompletableFuture());
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(failure).isInstanceOf(SocketTimeoutException.class)
        .hasMessage("Resolving slow.example timed out after " + TIMEOUT.toMillis() + " ms");
    assertThat(elapsedMs).isBetween(TIMEOUT.toMillis() - 50, TIMEOUT.toMillis() + 600);
  }

  /** A group already shut down runs no timer: the attempt fails at once rather than wait forever on a lookup. */
  @Test
  void aGroupAlreadyShutDownFailsTheAttemptAtOnce() throws Exception {
    EventLoopGroup group = new EventLoopGroup(1, "test-loop");
    group.shutdown(Duration.ofSeconds(1));
    CompletableFuture<InetSocketAddress> neverAnswers = new CompletableFuture<>();
    Throwable failure = failureOf(WebSocketClient.connect(URI.create("ws://slow.example/"),
        WebSocketClientOptions.builder().group(group).connectTimeout(TIMEOUT).build(), (host, port) -> neverAnswers.join())
        .toCompletableFuture());
    assertThat(failure).isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Cannot connect to ws://slow.example/: event loop ")
        .hasMessageEndingWith(" of the options' group is shut down.");
  }

  private static CompletableFuture<WebSocketConnection> connect(int port) {
    return WebSocketClient.connect(URI.create("ws://127.0.0.1:" + port + "/"),
        WebSocketClientOptions.builder().connectTimeout(TIMEOUT).build()).toCompletableFuture();
  }

  private static Throwable failureOf(CompletableFuture<WebSocketConnection> attempt) throws Exception {
    try {
      WebSocketConnection unexpected = attempt.get(10, TimeUnit.SECONDS);
      unexpected.close();
      throw new AssertionError("connected to a server that never answers");
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }
}
