package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Connections ending in ways other than a clean response: {@link HttpServer#stop} (requests in
 * flight finish, idle connections close, nothing new comes in) and clients that vanish.
 */
class HttpLifecycleIT {
  TestHttpServer server;

  @BeforeEach
  void start() {
    server = TestHttpServer.start();
  }

  @AfterEach
  void stop() {
    server.close(); // a second stop is harmless
  }

  private CompletableFuture<Long> stopInBackground() {
    return CompletableFuture.supplyAsync(() -> {
      long start = System.nanoTime();
      server.server.stop(Duration.ofSeconds(5));
      return (System.nanoTime() - start) / 1_000_000;
    });
  }

  @Test
  void requestInFlightFinishesWithConnectionClose() throws Exception {
    try (RawHttpClient c = server.connect()) {
      c.send("GET /later HTTP/1.1\r\nHost: x\r\n\r\n");
      Thread.sleep(30); // the request is with its handler, which answers at 100 ms
      CompletableFuture<Long> stopped = stopInBackground();
      RawResponse r = c.readResponse();
      assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
      assertThat(r.header("Connection")).isEqualTo("close");
      assertThat(r.text()).isEqualTo("later /later");
      assertThat(c.closesWithin(Duration.ofSeconds(2))).isTrue();
      assertThat(stopped.get(5, TimeUnit.SECONDS)).isLessThan(2_000L);
    }
  }

  @Test
  void idleAndSilentConnectionsAreClosed() throws Exception {
    try (RawHttpClient idle = server.connect(); RawHttpClient silent = server.connect()) {
      assertThat(idle.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").readResponse().status()).isEqualTo(200);
      CompletableFuture<Long> stopped = stopInBackground();
      assertThat(idle.closesWithin(Duration.ofSeconds(2))).isTrue();
      assertThat(silent.closesWithin(Duration.ofSeconds(2))).isTrue();
      assertThat(stopped.get(5, TimeUnit.SECONDS)).isLessThan(2_000L);
    }
    assertThat(server.server.connectionCount()).isZero();
  }

  @Test
  void stoppedServerRefusesNewConnections() throws Exception {
    int port = server.port;
    server.server.stop(Duration.ofSeconds(2));
    assertThatThrownBy(() -> RawHttpClient.connect(port)).isInstanceOf(ConnectException.class);
  }

  @Test
  void clientVanishingUnderASlowHandlerBreaksNothing() throws Exception {
    try (RawHttpClient c = server.connect()) {
      c.send("GET /later HTTP/1.1\r\nHost: x\r\n\r\n").resetOnClose();
    }
    for (int i = 0; i < 100 && !server.seen.contains("finish /later"); i++) {
      Thread.sleep(10);
    }
    Thread.sleep(20);
    assertThat(server.seen).containsExactly("GET /later", "finish /later");
    try (RawHttpClient c = server.connect()) {
      assertThat(c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").readResponse().text()).isEqualTo("Hello, world");
    }
  }
}
