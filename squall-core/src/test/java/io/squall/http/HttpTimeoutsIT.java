package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Slow headers (slowloris), silent connections and idle keep-alive connections are closed. */
class HttpTimeoutsIT {
  static TestHttpServer server;

  @BeforeAll
  static void start() {
    server = TestHttpServer.start(HttpLimits.defaults()
        .withHeaderTimeout(Duration.ofSeconds(1)).withIdleTimeout(Duration.ofMillis(700)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void headersTrickledTooSlowlyAreCutOffWith408() throws Exception {
    try (RawHttpClient c = server.connect()) {
      long start = System.nanoTime();
      Thread sender = Thread.ofVirtual().start(() -> {
        try {
          c.trickle("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: abcdefghijklmnopqrstuvwxyz\r\n\r\n", Duration.ofMillis(300));
        } catch (Exception e) {
          // the server hung up on us: expected
        }
      });
      RawResponse r = c.readResponse();
      assertThat(r.status()).isEqualTo(408);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
      assertThat(c.closesWithin(Duration.ofSeconds(3))).isTrue();
      sender.interrupt();
    }
  }

  @Test
  void aConnectionThatSendsNothingIsClosedAfterTheHeaderTimeout() throws Exception {
    try (RawHttpClient c = server.connect()) {
      assertThat(c.staysSilent(Duration.ofMillis(500))).isTrue();
      assertThat(c.closesWithin(Duration.ofSeconds(3))).isTrue();
    }
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
    try (RawHttpClient c = server.connect()) {
      c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.readResponse().status()).isEqualTo(200);
      assertThat(c.staysSilent(Duration.ofMillis(300))).as("still open well before the idle timeout").isTrue();
      assertThat(c.closesWithin(Duration.ofSeconds(3))).isTrue();
    }
  }

  @Test
  void aConnectionInUseIsNotTakenForIdle() throws Exception {
    try (RawHttpClient c = server.connect()) {
      for (int i = 0; i < 4; i++) {
        c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(c.readResponse().status()).isEqualTo(200);
        Thread.sleep(400); // each gap is under the 700 ms idle timeout, the total is not
      }
    }
  }
}
