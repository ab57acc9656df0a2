package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Request smuggling attempts: ambiguous framing is refused with 400 and the connection closed, so
 * the part a front end would see as a second request never reaches a handler.
 */
class HttpSmugglingIT {
  static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
  static TestHttpServer server;

  @BeforeAll
  static void start() {
    server = TestHttpServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void clear() {
    server.seen.clear();
  }

  void assertRefusedAndNothingSmuggled(String raw) throws Exception {
    try (RawHttpClient c = server.connect()) {
      c.send(raw);
      RawResponse r = c.readResponse();
      assertThat(r.status()).isEqualTo(400);
      assertThat(c.closesWithin(Duration.ofSeconds(3))).isTrue();
    }
    assertThat(server.seen).noneMatch(s -> s.contains("/smuggled"));
  }

  @Test
  void contentLengthPlusTransferEncodingIsRefused() throws Exception {
    // CL.TE: a front end using Content-Length forwards everything; one using chunked stops at 0.
    assertRefusedAndNothingSmuggled("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + (5 + SMUGGLED.length())
        + "\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + SMUGGLED);
  }

  @Test
  void transferEncodingPlusContentLengthIsRefused() throws Exception {
    // TE.CL, header order reversed.
    assertRefusedAndNothingSmuggled("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n"
        + "5c\r\n" + SMUGGLED + "\r\n0\r\n\r\n");
  }

  @Test
  void conflictingContentLengthsAreRefused() throws Exception {
    assertRefusedAndNothingSmuggled("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: "
        + SMUGGLED.length() + "\r\n\r\n" + SMUGGLED);
    assertRefusedAndNothingSmuggled("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 0, 5\r\n\r\n" + SMUGGLED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"chunked, identity", "identity, chunked, x", "chunked, chunked"})
  void obfuscatedTransferEncodingsAreRefused(String te) throws Exception {
    assertRefusedAndNothingSmuggled("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + te + "\r\n\r\n0\r\n\r\n" + SMUGGLED);
  }

  @Test
  void anUnknownCodingIsNotTreatedAsChunked() throws Exception {
    try (RawHttpClient c = server.connect()) {
      c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n" + SMUGGLED);
      assertThat(c.readResponse().status()).isBetween(400, 501);
      assertThat(c.closesWithin(Duration.ofSeconds(3))).isTrue();
    }
    assertThat(server.seen).noneMatch(s -> s.contains("/smuggled"));
  }

  @Test
  void badChunkSizesAreRefused() throws Exception {
    for (String body : new String[] {"zz\r\nabc\r\n0\r\n\r\n", "-1\r\n\r\n", "3\r\nabcXY0\r\n\r\n", "3 \r\nabc\r\n0\r\n\r\n"}) {
      try (RawHttpClient c = server.connect()) {
        c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + body + SMUGGLED);
        assertThat(c.readResponse().status()).as(body).isEqualTo(400);
      }
    }
    assertThat(server.seen).noneMatch(s -> s.contains("/smuggled"));
  }

  @Test
  void aBareLineFeedInsideChunkedFramingIsRefused() throws Exception {
    assertRefusedAndNothingSmuggled("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\n0\n\n" + SMUGGLED);
  }
}
