package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The header and idle timeouts on a real server with both set to one second: slow or silent
 * clients are shed in bounded time, and clients that are merely slow in allowed ways are not.
 */
class HttpTimeoutsIT {
  static final Duration TIMEOUT = Duration.ofSeconds(1);
  static TestHttpServer server;

  @BeforeAll
  static void start() {
    server = TestHttpServer.start(HttpLimits.defaults().withHeaderTimeout(TIMEOUT).withIdleTimeout(TIMEOUT));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  @Test
  void slowlorisTricklingItsHeadersGets408() throws Exception {
    try (RawHttpClient c = server.connect()) {
      long start = System.nanoTime();
      AtomicInteger sent = new AtomicInteger();
      Thread trickler = Thread.ofVirtual().start(() -> {
        String head = "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + "s".repeat(30);
        try {
          for (char ch : head.toCharArray()) { // at most 50 bytes, 15 s: bounded either way
            c.send(String.valueOf(ch));
            sent.incrementAndGet();
            Thread.sleep(300);
          }
        } catch (IOException | InterruptedException e) {
          // the server hung up on us, as it should
        }
      });
      try {
        RawResponse r = c.readResponse();
        long elapsed = millisSince(start);
        assertThat(r.statusLine()).isEqualTo("HTTP/1.1 408 Request Timeout");
        assertThat(r.text()).isEqualTo("408 Request Timeout: Request headers not received within 1000 ms.\n");
        assertThat(r.header("Connection")).isEqualTo("close");
        assertThat(elapsed).isBetween(900L, 2_500L);
        assertThat(sent.get()).isLessThan(10);
        assertThat(c.closesWithin(Duration.ofSeconds(2))).isTrue();
      } finally {
        trickler.interrupt();
        trickler.join(2_000);
      }
    }
  }

  @Test
  void slowHeadersOfASecondRequestGet408Too() throws Exception {
    try (RawHttpClient c = server.connect()) {
      assertThat(c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").readResponse().status()).isEqualTo(200);
      Thread.sleep(500); // idle, within the idle timeout
      long start = System.nanoTime();
      c.send("GET / HTTP/1.1\r\nHost: x\r\n"); // and the rest never comes
      RawResponse r = c.readResponse();
      assertThat(r.statusLine()).isEqualTo("HTTP/1.1 408 Request Timeout");
      // The header timeout runs from the request's first byte, not from the end of the last response.
      assertThat(millisSince(start)).isBetween(900L, 2_500L);
    }
  }

  @Test
  void silentConnectionIsClosedAfterTheHeaderTimeout() throws Exception {
    try (RawHttpClient c = server.connect()) {
      long start = System.nanoTime();
      assertThat(c.closesWithin(Duration.ofSeconds(3))).isTrue();
      assertThat(millisSince(start)).isBetween(900L, 2_500L);
    }
  }

  @Test
  void idleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
    try (RawHttpClient c = server.connect()) {
      assertThat(c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").readResponse().status()).isEqualTo(200);
      long start = System.nanoTime();
      assertThat(c.closesWithin(Duration.ofSeconds(3))).isTrue();
      assertThat(millisSince(start)).isBetween(900L, 2_500L);
    }
  }

  @Test
  void busyKeepAliveConnectionOutlivesTheIdleTimeout() throws Exception {
    try (RawHttpClient c = server.connect()) {
      for (int i = 0; i < 4; i++) { // 4 x 600 ms: longer than either timeout, never idle for one
        assertThat(c.send("GET /echo?n=" + i + " HTTP/1.1\r\nHost: x\r\n\r\n").readResponse().text())
            .isEqualTo("GET /echo?n=" + i + " ");
        Thread.sleep(600);
      }
    }
  }

  @Test
  void slowBodyIsNotCutByTheHeaderTimeout() throws Exception {
    try (RawHttpClient c = server.connect()) {
      // The head arrives at once; the header timeout covers only the head (HttpLimits).
      c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n");
      for (char ch : "hello".toCharArray()) {
        Thread.sleep(300);
        c.send(String.valueOf(ch));
      }
      RawResponse r = c.readResponse();
      assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
      assertThat(r.text()).isEqualTo("POST /echo hello");
    }
  }

  @Test
  void stalledBodyIsCutAfterTheIdleTimeout() throws Exception {
    try (RawHttpClient c = server.connect()) {
      c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhe");
      long start = System.nanoTime();
      RawResponse r = c.readResponse();
      assertThat(r.statusLine()).isEqualTo("HTTP/1.1 408 Request Timeout");
      assertThat(r.text()).isEqualTo("408 Request Timeout: No request body bytes received for 1000 ms.\n");
      assertThat(millisSince(start)).isBetween(900L, 2_500L);
    }
  }

  @Test
  void slowHandlerIsNotCutByEitherTimeout() throws Exception {
    HttpLimits limits = HttpLimits.defaults().withHeaderTimeout(Duration.ofMillis(200)).withIdleTimeout(Duration.ofMillis(200));
    try (TestHttpServer quick = TestHttpServer.start(limits); RawHttpClient c = quick.connect()) {
      // /later answers after 100 ms; twice in a row that spans both timeouts.
      c.send("GET /later?n=1 HTTP/1.1\r\nHost: x\r\n\r\nGET /later?n=2 HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.readResponse().text()).isEqualTo("later /later?n=1");
      assertThat(c.readResponse().text()).isEqualTo("later /later?n=2");
    }
  }
}
