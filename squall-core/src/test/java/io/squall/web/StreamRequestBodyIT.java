package io.squall.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.http.HttpLimits;
import io.squall.http.RawHttpClient;
import io.squall.http.RawResponse;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * {@link StreamRequestBody} seen from a raw client: the body reaches dataReceived whole and in order
 * (Content-Length and chunked, 200 MiB in pieces of at most 64 KiB), and what prepare() and the
 * checks before the body decide (a rejection, a lower limit, no user, no such method) is answered
 * without reading it, a 100 Continue only once the body is wanted.
 */
class StreamRequestBodyIT extends Uploads {
  StreamRequestBodyIT() {
    super(HttpLimits.defaults());
  }

  private static String head(String method, String target, String... fields) {
    return method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + String.join("\r\n", fields) + (fields.length > 0 ? "\r\n" : "") + "\r\n";
  }

  @Test
  void aContentLengthBodyReachesDataReceivedInOrderThenPostRunsAndTheConnectionGoesOn() throws Exception {
    byte[] body = new byte[300_000];
    new Random(7).nextBytes(body);
    try (RawHttpClient c = connect()) {
      c.send(head("POST", "/upload", "Content-Length: 300000")).send(body);
      RawResponse r = c.readResponse();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).startsWith("bytes=300000 crc=" + crcOf(body)).endsWith(" body=0 streamed=true");
      expect("prepare POST", "first data", "post");

      // Keep-alive: the next request on the connection is served as usual.
      r = c.send(head("POST", "/plain", "Content-Length: 5") + "hello").readResponse();
      assertThat(r.text()).isEqualTo("plain hello streamed=false");
    }
  }

  @Test
  void aChunkedBodyReachesDataReceivedDecoded() throws Exception {
    try (RawHttpClient c = connect()) {
      c.send(head("PUT", "/upload", "Transfer-Encoding: chunked") + "5\r\nhello\r\n");
      expect("prepare PUT", "first data");
      c.send("1;ext=1\r\n \r\n5\r\nworld\r\n0\r\nX-Trailer: dropped\r\n\r\n");
      RawResponse r = c.readResponse();
      assertThat(r.text()).startsWith("bytes=11 crc=" + crcOf("hello world".getBytes(StandardCharsets.US_ASCII)));
      expect("post");
    }
  }

  @Test
  void aTwoHundredMebibyteUploadPassesWithARaisedLimitAPieceOfAtMost64KiBAtATime() throws Exception {
    long size = 200L << 20;
    byte[] block = new byte[1 << 20];
    new Random(11).nextBytes(block);
    CRC32 crc = new CRC32();
    try (RawHttpClient c = connect()) {
      c.send(head("POST", "/upload?max=" + (300L << 20), "Content-Length: " + size));
      for (long sent = 0; sent < size; sent += block.length) {
        c.send(block);
        crc.update(block);
      }
      // Past the server's 100 MiB default, and held by no one whole: the handler only counts, and
      // no piece it was given was larger than the loop's read buffer.
      String answer = c.readResponse().text();
      assertThat(answer).startsWith("bytes=%d crc=%08x largest=".formatted(size, crc.getValue()))
          .endsWith(" body=0 streamed=true");
      int largest = Integer.parseInt(answer.replaceAll(".* largest=(\\d+) .*", "$1"));
      assertThat(largest).isBetween(1, 64 * 1024);
    }
    expect("prepare POST", "first data", "post");
  }

  @Test
  void theServersLimitStillAppliesByDefault() throws Exception {
    try (RawHttpClient c = connect()) {
      RawResponse r = c.send(head("POST", "/upload", "Content-Length: " + (200L << 20))).readResponse();
      assertThat(r.status()).isEqualTo(413);
      assertThat(r.text()).isEqualTo("413 Content Too Large: Body of 209715200 bytes exceeds maxBodyBytes 104857600.\n");
      assertThat(c.closesWithin(CLOSE_WAIT)).isTrue();
    }
    expect("prepare POST", "connection closed after 0");
  }

  @Test
  void prepareRejectsAnUploadBeforeItsBodyIsReadAndWithoutA100Continue() throws Exception {
    try (RawHttpClient c = connect()) {
      c.send(head("POST", "/upload?reject", "Content-Length: 1073741824", "Expect: 100-continue"));
      RawResponse r = c.readResponse(); // the first head: no 100 before it
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.header("Connection")).isEqualTo("close");
      assertThat(r.text()).contains("<p>Uploads are closed.</p>");
      assertThat(c.closesWithin(CLOSE_WAIT)).isTrue();
    }
    expect("prepare POST");
  }

  @Test
  void prepareMayRedirectAnUploadWhoseBodyAlreadyArrives() throws Exception {
    try (RawHttpClient c = connect()) {
      c.send(head("POST", "/upload?redirect", "Content-Length: 100000") + "x".repeat(60_000));
      RawResponse r = c.readResponse();
      assertThat(r.status()).isEqualTo(302);
      assertThat(r.header("Location")).isEqualTo("/elsewhere");
      assertThat(c.closesWithin(CLOSE_WAIT)).isTrue();
    }
    expect("prepare POST"); // and no data: the body was never given to the handler
  }

  @Test
  void continueIsSentOnlyOncePrepareHasAcceptedTheRequest() throws Exception {
    try (RawHttpClient c = connect()) {
      c.send(head("POST", "/upload", "Content-Length: 4", "Expect: 100-continue"));
      assertThat(c.readHead()).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
      expect("prepare POST"); // it ran before the 100 left: the event was queued first
      RawResponse r = c.send("data").readResponse();
      assertThat(r.text()).startsWith("bytes=4 ");
      expect("first data", "post");
    }
  }

  @Test
  void aLimitLoweredInPrepareAnswers413AndCloses() throws Exception {
    try (RawHttpClient c = connect()) {
      RawResponse r = c.send(head("POST", "/upload?max=1024", "Content-Length: 2048", "Expect: 100-continue")).readResponse();
      assertThat(r.status()).isEqualTo(413);
      assertThat(r.text()).isEqualTo("413 Content Too Large: Body of 2048 bytes exceeds maxBodyBytes 1024.\n");
      assertThat(c.closesWithin(CLOSE_WAIT)).isTrue();
    }
    expect("prepare POST", "connection closed after 0");
    // Chunked: refused when the chunk that crosses the limit announces its size.
    try (RawHttpClient c = connect()) {
      c.send(head("POST", "/upload?max=1024", "Transfer-Encoding: chunked") + "400\r\n" + "x".repeat(1024) + "\r\n1\r\n");
      RawResponse r = c.readResponse();
      assertThat(r.text()).isEqualTo("413 Content Too Large: Body of 1025 bytes exceeds maxBodyBytes 1024.\n");
      assertThat(c.closesWithin(CLOSE_WAIT)).isTrue();
    }
    expect("prepare POST", "first data", "connection closed after 1024");
  }

  @Test
  void authenticatedDeniesAStreamedUploadBeforeItsBody() throws Exception {
    try (RawHttpClient c = connect()) {
      RawResponse r = c.send(head("POST", "/guarded", "Content-Length: 1073741824", "Expect: 100-continue")).readResponse();
      assertThat(r.status()).as("403, not the login redirect a GET would get").isEqualTo(403);
      assertThat(r.text()).contains("<p>Authentication required.</p>");
      assertThat(c.closesWithin(CLOSE_WAIT)).isTrue();
    }
    expect("prepare POST");
    try (RawHttpClient c = connect()) {
      c.send(head("POST", "/guarded", "Content-Length: 2", "X-User: ada", "Expect: 100-continue"));
      assertThat(c.readHead()).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
      assertThat(c.send("ok").readResponse().text()).startsWith("bytes=2 ");
    }
    expect("prepare POST", "first data", "post");
  }

  @Test
  void aMethodTheHandlerLacksIs405BeforeTheBody() throws Exception {
    try (RawHttpClient c = connect()) {
      RawResponse r = c.send(head("DELETE", "/upload", "Content-Length: 1073741824")).readResponse();
      assertThat(r.status()).isEqualTo(405);
      assertThat(r.header("Allow")).isEqualTo("GET, HEAD, POST, PUT");
      assertThat(c.closesWithin(CLOSE_WAIT)).isTrue();
    }
    expect("prepare DELETE");
  }

  @Test
  void aRequestWithoutBodyRunsAsForAnyHandler() throws Exception {
    try (RawHttpClient c = connect()) {
      RawResponse r = c.send(head("GET", "/upload")).readResponse();
      assertThat(r.text()).isEqualTo("get streamed=false");
      assertThat(r.header("Connection")).isNull();
    }
    expect("prepare GET", "get");
  }

  @Test
  void aHandlerWithoutTheAnnotationStillGetsItsWholeBodyAndCannotSetItsLimit() throws Exception {
    try (RawHttpClient c = connect()) {
      c.send(head("POST", "/plain", "Transfer-Encoding: chunked") + "3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n");
      assertThat(c.readResponse().text()).isEqualTo("plain abcdef streamed=false");
      RawResponse r = c.send(head("POST", "/plain?limit", "Content-Length: 2") + "ok").readResponse();
      assertThat(r.text()).isEqualTo("setMaxBodySize is for the prepare() of a @StreamRequestBody handler;"
          + " the body of POST /plain?limit (127.0.0.1) was read whole before Plain ran.");
    }
  }
}
