package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading its response is cut off after the idle timeout (300 ms here), as
 * nginx's send_timeout does, whether the response was queued whole or is streamed chunk by chunk;
 * a client that reads slowly but steadily gets all of it.
 */
class HttpResponseStallIT {
  static final Duration TIMEOUT = Duration.ofMillis(300);
  /** More than the kernel's buffers hold on loopback (4 MiB send, 64 KiB receive here). */
  static final int FLOOD_BYTES = 32 * 1024 * 1024;
  static final int CHUNK = 64 * 1024;
  static HttpServer server;
  static int port;

  @BeforeAll
  static void start() {
    server = HttpServer.builder(HttpResponseStallIT::handle)
        .limits(HttpLimits.defaults().withHeaderTimeout(TIMEOUT).withIdleTimeout(TIMEOUT)).build();
    port = server.listen("127.0.0.1", 0).getPort();
  }

  @AfterAll
  static void stop() {
    server.stop(Duration.ofSeconds(2));
  }

  /** {@code /flood}: 32 MiB queued at once. {@code /chunks?mib=N}: N MiB sent a chunk at a time, each once the last is out. */
  private static void handle(HttpExchange exchange) {
    if (exchange.request().path().equals("/flood")) {
      exchange.respond(200, new Headers(), new byte[FLOOD_BYTES]);
      return;
    }
    long total = Long.parseLong(exchange.request().queryArguments().get("mib").get(0)) * 1024 * 1024;
    exchange.sendHeaders(200, new Headers().set("Content-Length", Long.toString(total)));
    sendChunks(exchange, total);
  }

  private static void sendChunks(HttpExchange exchange, long left) {
    if (left == 0) {
      exchange.finish();
      return;
    }
    int n = (int) Math.min(CHUNK, left);
    exchange.sendBody(ByteBuffer.allocate(n)).thenRun(() -> sendChunks(exchange, left - n));
  }

  private static Socket request(String target) throws Exception {
    Socket s = new Socket();
    s.setReceiveBufferSize(64 * 1024); // no receive autotuning: the kernel holds little for us
    s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    s.setSoTimeout(5_000);
    OutputStream out = s.getOutputStream();
    out.write(("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return s;
  }

  /** Waits (5 s at most) until the server holds no connection; the milliseconds it took. */
  private static long millisUntilNoConnection(long startNanos) throws InterruptedException {
    for (int i = 0; i < 500 && server.connectionCount() == 0; i++) { // accepted yet?
      Thread.sleep(1);
    }
    for (int i = 0; i < 500 && server.connectionCount() > 0; i++) {
      Thread.sleep(10);
    }
    assertThat(server.connectionCount()).as("connections the server still holds").isZero();
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  @Test
  void aQueuedResponseTheClientStopsReadingIsAbandonedAfterTheIdleTimeout() throws Exception {
    long start = System.nanoTime();
    try (Socket s = request("/flood")) {
      assertThat(millisUntilNoConnection(start)).isBetween(TIMEOUT.toMillis(), 3_000L);
    }
  }

  @Test
  void aStreamedResponseTheClientStopsReadingIsAbandonedAfterTheIdleTimeout() throws Exception {
    long start = System.nanoTime();
    try (Socket s = request("/chunks?mib=64")) {
      assertThat(millisUntilNoConnection(start)).isBetween(TIMEOUT.toMillis(), 3_000L);
    }
  }

  @Test
  void aClientReadingSlowlyButSteadilyGetsTheWholeResponse() throws Exception {
    int mib = 8;
    try (Socket s = request("/chunks?mib=" + mib)) {
      // 256 KiB every 100 ms: far slower than the server sends, but some bytes move in every period.
      InputStream in = s.getInputStream();
      byte[] buf = new byte[256 * 1024];
      long got = 0;
      long expected = -1;
      for (int step = 0; step < 100 && got != expected; step++) { // 8 MiB takes 33 steps
        int n = in.readNBytes(buf, 0, expected < 0 ? buf.length : (int) Math.min(buf.length, expected - got));
        assertThat(n).as("the server hung up after %d bytes", got).isPositive();
        if (expected < 0) {
          String head = new String(buf, 0, 200, StandardCharsets.ISO_8859_1);
          expected = head.indexOf("\r\n\r\n") + 4 + (long) mib * 1024 * 1024;
        }
        got += n;
        Thread.sleep(100);
      }
      assertThat(got).isEqualTo(expected);
    }
  }
}
