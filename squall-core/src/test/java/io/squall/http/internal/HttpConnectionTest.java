package io.squall.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.http.Headers;
import io.squall.http.HttpExchange;
import io.squall.http.HttpLimits;
import io.squall.http.TrustedProxies;
import io.squall.net.LoopbackPair;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One {@link HttpConnection} over a loopback socket: what it serves, what it refuses, and when. */
class HttpConnectionTest {
  static final Duration TIMEOUT = Duration.ofMillis(300);
  final List<String> served = new CopyOnWriteArrayList<>();
  /** The exchange of a request to /hold, left unanswered by the handler. */
  volatile HttpExchange held;
  /** The most bytes queued on the connection right after answering /big. */
  volatile long maxOutboundBytes;
  LoopbackPair pair;

  void open() throws Exception {
    HttpLimits limits = HttpLimits.defaults().withHeaderTimeout(TIMEOUT).withIdleTimeout(TIMEOUT);
    HttpConnection.Config config = new HttpConnection.Config(this::handle, limits, TrustedProxies.none(), "http", false, false);
    pair = LoopbackPair.open(c -> new HttpConnection(config));
  }

  private void handle(HttpExchange exchange) {
    String seen = exchange.request().method() + " " + exchange.request().uri();
    served.add(seen);
    if (exchange.request().path().equals("/hold")) {
      held = exchange;
      return;
    }
    if (exchange.request().path().equals("/big")) {
      exchange.respond(200, new Headers(), new byte[64 * 1024]);
      maxOutboundBytes = Math.max(maxOutboundBytes, exchange.connection().outboundBytes());
      return;
    }
    Headers headers = new Headers();
    if (exchange.request().path().equals("/bye")) {
      headers.set("Connection", "close");
    }
    exchange.respond(200, headers, (seen + " " + new String(exchange.request().body(), StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.UTF_8));
  }

  @AfterEach
  void close() throws Exception {
    pair.close();
  }

  /** The body of the response in {@code wire}, which must be one 200 with a Content-Length. */
  private static String bodyOf(String wire) {
    assertThat(wire).startsWith("HTTP/1.1 200 OK\r\n");
    return wire.substring(wire.indexOf("\r\n\r\n") + 4);
  }

  @Test
  void requestsPipelinedAfterConnectionCloseAreNotServed() throws Exception {
    open();
    pair.send("GET /1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n");
    String wire = pair.readFor(Duration.ofSeconds(2));
    assertThat(wire).endsWith("\r\n\r\nGET /1 <EOF>").containsOnlyOnce("HTTP/1.1 ");
    assertThat(served).containsExactly("GET /1");
  }

  @Test
  void handlerSayingConnectionCloseEndsTheConnection() throws Exception {
    open();
    pair.send("GET /bye HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(pair.readFor(Duration.ofSeconds(2))).endsWith("\r\n\r\nGET /bye <EOF>").containsOnlyOnce("HTTP/1.1 ");
    assertThat(served).containsExactly("GET /bye");
  }

  @Test
  void pipelinedRequestsWaitWhileTheAnswersAreAboveTheHighWaterMark() throws Exception {
    open();
    pair.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n".repeat(100)); // 6.25 MiB of answers
    Thread.sleep(200);
    assertThat(maxOutboundBytes).isLessThan(2L << 20);
    // Reading drains the queue, which lets the rest through; then the idle timeout closes.
    String wire = pair.readFor(Duration.ofSeconds(2));
    assertThat(wire.split("HTTP/1.1 200 OK\r\n", -1)).hasSize(101);
    assertThat(wire).endsWith("<EOF>");
    assertThat(served).hasSize(100);
  }

  @Test
  void inputAfterARejectedRequestIsDiscarded() throws Exception {
    open();
    pair.send("BAD\r\n");
    assertThat(pair.readFor(Duration.ofSeconds(2))).startsWith("HTTP/1.1 400 Bad Request\r\n").endsWith("<EOF>");
    // Bytes that arrive before the close completes must not reach the failed parser.
    ByteBuffer late = ByteBuffer.wrap("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    pair.onLoop(() -> {
      pair.connection.handler().onData(pair.connection, late);
      return null;
    });
    assertThat(late.hasRemaining()).isFalse();
    assertThat(served).isEmpty();
  }

  @Test
  void bodySlowerThanTheHeaderTimeoutIsServed() throws Exception {
    open();
    pair.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\n");
    for (char ch : "data".toCharArray()) {
      Thread.sleep(TIMEOUT.toMillis() / 2);
      pair.send(String.valueOf(ch));
    }
    // Served, then closed once idle for the idle timeout.
    assertThat(bodyOf(pair.readFor(Duration.ofSeconds(2)))).isEqualTo("POST /up data<EOF>");
  }

  @Test
  void bodyPausingLongerThanTheIdleTimeoutIs408() throws Exception {
    open();
    pair.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nda");
    String wire = pair.readFor(Duration.ofSeconds(2));
    assertThat(wire).startsWith("HTTP/1.1 408 Request Timeout\r\n")
        .endsWith("\r\n\r\n408 Request Timeout: No request body bytes received for 300 ms.\n<EOF>");
    assertThat(served).isEmpty();
  }

  @Test
  void headSlowerThanTheHeaderTimeoutIs408() throws Exception {
    open();
    pair.send("GET / HTTP/1.1\r\n");
    assertThat(pair.readFor(Duration.ofSeconds(2))).startsWith("HTTP/1.1 408 Request Timeout\r\n")
        .endsWith("\r\n\r\n408 Request Timeout: Request headers not received within 300 ms.\n<EOF>");
  }

  @Test
  void answeringAfterTheClientVanishedIsHarmless() throws Exception {
    open();
    pair.send("GET /hold HTTP/1.1\r\nHost: x\r\n\r\n");
    for (int i = 0; i < 100 && held == null; i++) {
      Thread.sleep(10);
    }
    assertThat(held).isNotNull();
    pair.client.setSoLinger(true, 0);
    pair.client.close(); // a reset: the server's next read fails and the connection closes at once
    for (int i = 0; i < 100 && pair.onLoop(pair.connection::isOpen); i++) {
      Thread.sleep(10);
    }
    assertThat(pair.onLoop(pair.connection::isOpen)).isFalse();
    // A slow handler answers the vanished client: nothing to send, and nothing may throw.
    pair.onLoop(() -> {
      held.respond(200, new Headers(), "late".getBytes(StandardCharsets.UTF_8));
      return null;
    });
    assertThat(held.isFinished()).isTrue();
  }
}
