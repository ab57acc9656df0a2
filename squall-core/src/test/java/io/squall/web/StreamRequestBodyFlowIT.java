package io.squall.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.http.HttpLimits;
import io.squall.http.RawHttpClient;
import io.squall.http.RawResponse;
import io.squall.web.Uploads.Paced;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A streamed body over time: a pending stage from dataReceivedAsync stops the server reading (and
 * does not count as the client stalling), a client that does stall is cut off, a failing handler
 * answers 500, and a connection that ends before the answer reaches onConnectionClose, for a
 * streamed upload and for a request held open alike. The idle timeout is 500 ms here.
 */
class StreamRequestBodyFlowIT extends Uploads {
  static final Duration IDLE = Duration.ofMillis(500);

  StreamRequestBodyFlowIT() {
    super(HttpLimits.defaults().withIdleTimeout(IDLE));
  }

  private static String post(String target, long length) {
    return "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + length + "\r\n\r\n";
  }

  @Test
  void aPendingStageStopsTheServerReadingUntilItCompletesAndThePauseIsNoStall() throws Exception {
    Paced.gate = new CompletableFuture<>();
    Paced.delivered.set(0);
    long size = 64L << 20; // far more than the socket buffers of both ends hold
    AtomicLong written = new AtomicLong();
    try (RawHttpClient c = connect()) {
      c.send(post("/paced", size));
      Thread writer = Thread.ofPlatform().start(() -> {
        byte[] block = new byte[64 * 1024];
        try {
          for (long sent = 0; sent < size; sent += block.length) {
            c.send(block);
            written.addAndGet(block.length);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      for (int i = 0; i < 500 && Paced.delivered.get() == 0; i++) {
        Thread.sleep(10);
      }
      long first = Paced.delivered.get();
      assertThat(first).isPositive();

      Thread.sleep(3 * IDLE.toMillis()); // three idle timeouts: the pause is the handler's, not a stall
      assertThat(Paced.delivered.get()).as("nothing more was given to the handler").isEqualTo(first);
      long stuck = written.get();
      Thread.sleep(200);
      assertThat(written.get()).as("the client's writes block: TCP pushes back").isEqualTo(stuck).isLessThan(size);
      assertThat(writer.isAlive()).isTrue();

      Paced.gate.complete(null);
      writer.join(30_000);
      assertThat(written.get()).isEqualTo(size);
      RawResponse r = c.readResponse();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).isEqualTo("delivered=" + size);
    }
  }

  @Test
  void aBodyThatStallsIs408AndTheHandlerLearnsOfIt() throws Exception {
    try (RawHttpClient c = connect()) {
      RawResponse r = c.send(post("/upload", 10) + "half").readResponse();
      assertThat(r.status()).isEqualTo(408);
      assertThat(r.text()).isEqualTo("408 Request Timeout: No request body bytes received for 500 ms.\n");
      assertThat(c.closesWithin(CLOSE_WAIT)).isTrue();
    }
    expect("prepare POST", "first data", "connection closed after 4");
  }

  @Test
  void anExceptionInDataReceivedIs500ThroughSendErrorAndTheConnectionCloses() throws Exception {
    for (String target : new String[] {"/upload?throw", "/upload?failstage"}) {
      try (RawHttpClient c = connect()) {
        RawResponse r = c.send(post(target, 100_000) + "x".repeat(1000)).readResponse();
        assertThat(r.status()).as(target).isEqualTo(500);
        assertThat(r.header("Connection")).isEqualTo("close");
        assertThat(r.text()).isEqualTo("<html><title>500: Internal Server Error</title><body>500: Internal Server Error</body></html>");
        assertThat(c.closesWithin(CLOSE_WAIT)).isTrue();
      }
      expect("prepare POST"); // no post(), and no onConnectionClose: the answer was finished
    }
  }

  @Test
  void aHandlerMayAnswerInTheMiddleOfTheBodyAndTheRestIsNeverRead() throws Exception {
    try (RawHttpClient c = connect()) {
      // Two chunks in one write: the second must not reach the handler that answered on the first.
      c.send("POST /upload?quota=3 HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\ndef\r\n");
      RawResponse r = c.readResponse();
      assertThat(r.status()).isEqualTo(413);
      assertThat(r.header("Connection")).isEqualTo("close");
      assertThat(r.text()).contains("<p>Over quota.</p>");
      c.send("more bytes the handler must not be given");
      assertThat(c.closesWithin(CLOSE_WAIT)).isTrue();
    }
    expect("prepare POST", "first data");
  }

  @Test
  void aClientThatGoesAwayMidBodyIsReportedAndPostNeverRuns() throws Exception {
    try (RawHttpClient c = connect()) {
      c.send(post("/upload", 10) + "half");
      expect("prepare POST", "first data");
      c.shutdownOutput(); // the end of its stream, six bytes short of the body
      expect("connection closed after 4");
      assertThat(c.closesWithin(CLOSE_WAIT)).isTrue();
    }
    try (RawHttpClient c = connect()) {
      c.send(post("/upload", 10) + "abc");
      expect("prepare POST", "first data");
      c.resetOnClose();
      c.close();
      expect("connection closed after 3");
    }
  }

  @Test
  void aRequestHeldOpenLearnsThatItsClientWentAwayAndAnAnsweredOneDoesNot() throws Exception {
    try (RawHttpClient c = connect()) {
      c.send("GET /poll HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      expect("held");
      Thread.sleep(3 * IDLE.toMillis()); // a handler slow to answer is never cut off
      c.resetOnClose();
      c.close();
      expect("poll closed");
    }
    try (RawHttpClient c = connect()) {
      assertThat(c.send(post("/plain", 2) + "ok").readResponse().text()).isEqualTo("plain ok streamed=false");
      c.resetOnClose();
      c.close();
    }
  }
}
