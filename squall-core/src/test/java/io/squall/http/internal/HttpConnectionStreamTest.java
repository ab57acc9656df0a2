package io.squall.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.http.BodyReceiver;
import io.squall.http.Headers;
import io.squall.http.HttpExchange;
import io.squall.http.HttpHandler;
import io.squall.http.HttpLimits;
import io.squall.http.HttpRequest;
import io.squall.http.TrustedProxies;
import io.squall.net.LoopbackPair;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP layer's hook for bodies taken as a stream ({@link HttpHandler#streamsBody}), driven
 * through one {@link HttpConnection} over a loopback socket: dispatch at the head, the body piece by
 * piece, an answer before the body, 100 Continue, the request's own limit, and the close callback.
 */
class HttpConnectionStreamTest {
  final List<String> events = new CopyOnWriteArrayList<>();
  LoopbackPair pair;

  /**
   * Streams bodies to paths starting with /up: {@code /up} takes the body at once, {@code /up/small}
   * with a 4-byte limit, {@code /up/later} from a later loop task, {@code /up/throw} from a receiver
   * that throws; {@code /up/reject} answers 403 before the body. Others are buffered and echoed.
   */
  final class Uploads implements HttpHandler {
    @Override
    public boolean streamsBody(HttpRequest request) {
      return request.path().startsWith("/up");
    }

    @Override
    public void handle(HttpExchange exchange) {
      HttpRequest request = exchange.request();
      events.add("handle " + request.path() + (request.isBodyStreamed() ? " streamed" : " " + request.body().length));
      exchange.onConnectionClose(() -> events.add("closed " + request.path()));
      switch (request.path()) {
        case "/up/reject" -> exchange.respond(403, new Headers(), "no".getBytes(StandardCharsets.US_ASCII));
        case "/up/small" -> {
          exchange.setMaxBodyBytes(4);
          exchange.streamBody(new Collect(exchange));
        }
        case "/up/later" -> exchange.loop().execute(() -> exchange.streamBody(new Collect(exchange)));
        case "/up/throw" -> exchange.streamBody(new Collect(exchange) {
          @Override
          public CompletionStage<?> onData(ByteBuffer data) {
            throw new IllegalStateException("receiver failed (expected by the test)");
          }
        });
        case "/up" -> exchange.streamBody(new Collect(exchange));
        default -> exchange.respond(200, new Headers(), request.body());
      }
    }
  }

  /** Collects the body and answers it back, with the number of pieces, once it has ended. */
  class Collect implements BodyReceiver {
    final HttpExchange exchange;
    final ByteArrayOutputStream body = new ByteArrayOutputStream();

    Collect(HttpExchange exchange) {
      this.exchange = exchange;
    }

    @Override
    public CompletionStage<?> onData(ByteBuffer data) {
      byte[] piece = new byte[data.remaining()];
      data.get(piece);
      body.writeBytes(piece);
      events.add("data " + piece.length);
      return null;
    }

    @Override
    public void onEnd() {
      events.add("end " + body.size());
      exchange.respond(200, new Headers(), body.toByteArray());
    }
  }

  void open() throws Exception {
    HttpLimits limits = HttpLimits.defaults().withIdleTimeout(Duration.ofSeconds(2));
    HttpConnection.Config config = new HttpConnection.Config(new Uploads(), limits, TrustedProxies.none(), "http", false, false);
    pair = LoopbackPair.open(c -> new HttpConnection(config));
  }

  @AfterEach
  void close() throws Exception {
    pair.close();
  }

  /** Waits up to 2 s for {@code event}: the server may tell the client before it tells the handler. */
  private void await(String event) throws InterruptedException {
    for (int i = 0; i < 200 && !events.contains(event); i++) {
      Thread.sleep(10);
    }
  }

  private static String post(String path, String extraHeaders, String body) {
    return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length() + "\r\n" + extraHeaders + "\r\n" + body;
  }

  @Test
  void aStreamingHandlerIsCalledAtTheHeadAndGetsTheBodyThenTheConnectionGoesOn() throws Exception {
    open();
    pair.send(post("/up", "", "hello") + post("/echo", "", "again"));
    String wire = pair.readFor(Duration.ofMillis(500));
    assertThat(wire).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\n\r\nhello").endsWith("\r\n\r\nagain");
    assertThat(wire).doesNotContain("Connection: close");
    assertThat(events).containsExactly("handle /up streamed", "data 5", "end 5", "handle /echo 5");
  }

  @Test
  void aChunkedBodyArrivesWithoutItsFraming() throws Exception {
    open();
    pair.send("POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n");
    Thread.sleep(100);
    pair.send("4\r\ndefg\r\n0\r\n\r\n");
    assertThat(pair.readFor(Duration.ofMillis(500))).endsWith("\r\n\r\nabcdefg");
    assertThat(events).containsExactly("handle /up streamed", "data 3", "data 4", "end 7");
  }

  @Test
  void anAnswerBeforeTheBodyClosesTheConnectionWithoutReadingItOrSending100() throws Exception {
    open();
    pair.send("POST /up/reject HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\nExpect: 100-continue\r\n\r\n");
    String wire = pair.readFor(Duration.ofSeconds(2));
    assertThat(wire).startsWith("HTTP/1.1 403 Forbidden\r\n").contains("Connection: close\r\n")
        .doesNotContain("100 Continue").endsWith("\r\n\r\nno<EOF>");
    assertThat(events).containsExactly("handle /up/reject streamed");
  }

  @Test
  void continueIsSentOnceTheHandlerTakesTheBody() throws Exception {
    open();
    pair.send("POST /up/later HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
    assertThat(pair.readFor(Duration.ofMillis(300))).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
    pair.send("ok");
    assertThat(pair.readFor(Duration.ofMillis(300))).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nok");
  }

  @Test
  void aBodyPastTheExchangesOwnLimitIs413WithoutContinueAndReportsTheClose() throws Exception {
    open();
    pair.send("POST /up/small HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n");
    assertThat(pair.readFor(Duration.ofSeconds(2))).startsWith("HTTP/1.1 413 Content Too Large\r\n")
        .endsWith("\r\n\r\n413 Content Too Large: Body of 10 bytes exceeds maxBodyBytes 4.\n<EOF>");
    await("closed /up/small");
    assertThat(events).containsExactly("handle /up/small streamed", "closed /up/small");
  }

  @Test
  void aReceiverThatThrowsGets500AndTheRestOfTheBodyIsNeverRead() throws Exception {
    open();
    pair.send(post("/up/throw", "", "abc") + post("/echo", "", "never"));
    String wire = pair.readFor(Duration.ofSeconds(2));
    assertThat(wire).startsWith("HTTP/1.1 500 Internal Server Error\r\n").contains("Connection: close\r\n")
        .endsWith("500 Internal Server Error: Internal Server Error\n<EOF>");
    assertThat(events).containsExactly("handle /up/throw streamed");
  }

  @Test
  void aClientThatGoesAwayMidBodyIsReportedAndTheBodyNeverEnds() throws Exception {
    open();
    pair.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhalf");
    await("data 4");
    pair.client.shutdownOutput(); // the end of its stream, six bytes short
    await("closed /up");
    assertThat(events).containsExactly("handle /up streamed", "data 4", "closed /up");
  }
}
