package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every size limit and malformed input gets its exact status, then the connection closes. */
class HttpLimitsIT {
  static TestHttpServer small;
  static TestHttpServer defaults;

  @BeforeAll
  static void start() {
    small = TestHttpServer.start(HttpLimits.defaults()
        .withMaxRequestLineBytes(256).withMaxHeaderBytes(1024).withMaxBodyBytes(1000));
    defaults = TestHttpServer.start();
  }

  @AfterAll
  static void stop() {
    small.close();
    defaults.close();
  }

  static RawResponse answer(TestHttpServer server, String raw) throws Exception {
    try (RawHttpClient c = server.connect()) {
      c.send(raw);
      RawResponse r = c.readResponse();
      if (r.status() >= 400) {
        assertThat(r.header("Connection")).isEqualTo("close");
        assertThat(c.closesWithin(Duration.ofSeconds(3))).as("closed after " + r.status()).isTrue();
      }
      return r;
    }
  }

  @Test
  void aTooLongRequestLineIs414() throws Exception {
    RawResponse r = answer(small, "GET /" + "a".repeat(300) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(r.status()).isEqualTo(414);
    assertThat(r.text()).contains("exceeds maxRequestLineBytes 256");
  }

  @Test
  void theDefaultRequestLineLimitIs8KiB() throws Exception {
    assertThat(answer(defaults, "GET /" + "a".repeat(8000) + " HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
    assertThat(answer(defaults, "GET /" + "a".repeat(8200) + " HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(414);
  }

  @Test
  void tooLargeHeadersAre431() throws Exception {
    RawResponse r = answer(small, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(2000) + "\r\n\r\n");
    assertThat(r.status()).isEqualTo(431);
    assertThat(answer(defaults, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(70_000) + "\r\n\r\n").status())
        .isEqualTo(431);
  }

  @Test
  void aTooLargeContentLengthIs413BeforeTheBodyIsSent() throws Exception {
    try (RawHttpClient c = small.connect()) {
      c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n");
      RawResponse r = c.readResponse();
      assertThat(r.status()).isEqualTo(413);
    }
  }

  @Test
  void aTooLargeChunkedBodyIs413() throws Exception {
    RawResponse r = answer(small, "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "3e8\r\n" + "z".repeat(1000) + "\r\n1\r\nz\r\n0\r\n\r\n");
    assertThat(r.status()).isEqualTo(413);
  }

  @ParameterizedTest(name = "{1} for {0}")
  @CsvSource(delimiter = '|', value = {
      "GET / HTTP/1.1\\r\\nHost: x\\r\\nBad Header: y\\r\\n\\r\\n|400",
      "GET / HTTP/1.1\\r\\nHost: x\\r\\nNoColon\\r\\n\\r\\n|400",
      "GET / HTTP/1.1\\r\\nHost: x\\r\\n folded: continuation\\r\\n\\r\\n|400",
      "GET /\\r\\nHost: x\\r\\n\\r\\n|400",
      "GET  / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n|400",
      "GET / HTTP/1.1\\r\\n\\r\\n|400",
      "GET / HTTP/1.1\\r\\nHost: a\\r\\nHost: b\\r\\n\\r\\n|400",
      "BREW / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n|501",
      "GET / HTTP/2.0\\r\\nHost: x\\r\\n\\r\\n|505",
      "GET / FTP/1.1\\r\\nHost: x\\r\\n\\r\\n|400",
      "POST / HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: -1\\r\\n\\r\\n|400",
      "POST / HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 1e3\\r\\n\\r\\n|400",
      "POST / HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: gzip\\r\\n\\r\\n|400",
  })
  void malformedRequestsGetTheirStatus(String raw, int status) throws Exception {
    assertThat(answer(defaults, raw.replace("\\r\\n", "\r\n")).status()).isEqualTo(status);
  }

  @Test
  void aFloodOfMalformedRequestsLeavesTheServerServingOthers() throws Exception {
    String[] garbage = {"\u0000\u0001\u0002garbage\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "NOT HTTP AT ALL\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"};
    try (RawHttpClient good = defaults.connect()) {
      for (int i = 0; i < 200; i++) {
        try (RawHttpClient bad = defaults.connect()) {
          bad.send(garbage[i % garbage.length]);
          assertThat(bad.readResponse().status()).isBetween(400, 505);
        }
        if (i % 50 == 0) {
          good.send("GET /echo?during=" + i + " HTTP/1.1\r\nHost: x\r\n\r\n");
          assertThat(good.readResponse().status()).isEqualTo(200);
        }
      }
      good.send("GET /echo?after HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(good.readResponse().text()).isEqualTo("GET /echo?after ");
    }
  }
}
