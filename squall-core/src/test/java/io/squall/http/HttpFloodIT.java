package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two hundred connections of garbage, some hung up mid-request with a reset, while a good client
 * keeps asking: every bad one gets an error and a close, the good one is answered throughout, and
 * afterwards no connection is left behind.
 */
class HttpFloodIT {
  static final int BAD_CONNECTIONS = 200;
  static TestHttpServer server;

  @BeforeAll
  static void start() {
    server = TestHttpServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** The garbage of connection {@code i}: its bytes, always ending in a line end. */
  static byte[] garbage(int i) {
    Random random = new Random(i);
    return switch (i % 5) {
      case 0 -> {
        byte[] noise = new byte[200];
        random.nextBytes(noise);
        yield concat(noise, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      }
      case 1 -> ascii("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n");
      case 2 -> ascii("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\npartial"); // then a reset
      case 3 -> ascii("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(70_000) + "\r\n\r\n");
      default -> concat(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03},
          ascii("\r\n"));
    };
  }

  @Test
  void floodOfMalformedRequestsLeavesTheServerServing() throws Exception {
    AtomicBoolean flooding = new AtomicBoolean(true);
    List<String> goodAnswers = new ArrayList<>();
    Thread good = Thread.ofPlatform().start(() -> {
      try (RawHttpClient c = server.connect()) {
        for (int i = 0; i < 2_000 && flooding.get(); i++) { // bounded in count; the flood ends it sooner
          goodAnswers.add(c.send("GET /echo?n=" + i + " HTTP/1.1\r\nHost: x\r\n\r\n").readResponse().text());
        }
      } catch (Exception e) {
        goodAnswers.add("failed: " + e);
      }
    });
    List<Integer> statuses = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(32)) {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < BAD_CONNECTIONS; i++) {
        int n = i;
        results.add(pool.submit(() -> sendGarbage(n)));
      }
      for (Future<Integer> f : results) {
        statuses.add(f.get(20, TimeUnit.SECONDS));
      }
    } finally {
      flooding.set(false);
      good.join(10_000);
    }
    for (int i = 0; i < BAD_CONNECTIONS; i++) {
      int expected = switch (i % 5) {
        case 1 -> 400;
        case 2 -> -1;
        case 3 -> 431;
        default -> 0;
      };
      if (expected == 0) {
        assertThat(statuses.get(i)).as("connection %d", i).isBetween(400, 505);
      } else {
        assertThat(statuses.get(i)).as("connection %d", i).isEqualTo(expected);
      }
    }
    assertThat(goodAnswers).isNotEmpty();
    for (int i = 0; i < goodAnswers.size(); i++) {
      assertThat(goodAnswers.get(i)).isEqualTo("GET /echo?n=" + i + " ");
    }
    try (RawHttpClient c = server.connect()) {
      assertThat(c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").readResponse().text()).isEqualTo("Hello, world");
    }
    awaitNoConnections();
    assertThat(server.seen).allMatch(s -> s.startsWith("GET /echo?n=") || s.equals("GET /"));
  }

  /** Sends connection i's garbage; the error status and a close, or -1 for a client reset. */
  private static int sendGarbage(int i) throws Exception {
    if (i % 5 == 2) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", server.port), 5_000);
        s.getOutputStream().write(garbage(i));
        s.setSoLinger(true, 0); // close with RST
      }
      return -1;
    }
    try (RawHttpClient c = server.connect()) {
      RawResponse r = c.send(garbage(i)).readResponse();
      assertThat(r.header("Connection")).isEqualTo("close");
      assertThat(c.closesWithin(Duration.ofSeconds(3))).isTrue();
      return r.status();
    }
  }

  private static void awaitNoConnections() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (server.server.connectionCount() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(server.server.connectionCount()).isZero();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = new byte[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
