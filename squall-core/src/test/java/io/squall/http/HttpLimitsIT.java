package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests past {@link HttpLimits}, on a server with small limits and one with the defaults: each
 * gets its exact status and message, then the connection closes.
 */
class HttpLimitsIT {
  static final HttpLimits SMALL = HttpLimits.defaults()
      .withMaxRequestLineBytes(64).withMaxHeaderBytes(256).withMaxBodyBytes(1024);
  static TestHttpServer small;
  static TestHttpServer defaults;

  @BeforeAll
  static void start() {
    small = TestHttpServer.start(SMALL);
    defaults = TestHttpServer.start();
  }

  @AfterAll
  static void stop() {
    small.close();
    defaults.close();
  }

  /** Sends the bytes and expects one error response, then the close. */
  static RawResponse rejected(TestHttpServer server, String raw) throws Exception {
    try (RawHttpClient c = server.connect()) {
      RawResponse r = c.send(raw).readResponse();
      assertThat(r.header("Connection")).isEqualTo("close");
      assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=UTF-8");
      assertThat(r.header("Server")).isEqualTo("Squall");
      assertThat(r.header("Date")).isNotNull();
      assertThat(c.closesWithin(Duration.ofSeconds(2))).isTrue();
      return r;
    }
  }

  @Test
  void requestLineAtTheLimitIsServed() throws Exception {
    String target = "/" + "a".repeat(64 - "GET / HTTP/1.1".length());
    try (RawHttpClient c = small.connect()) {
      assertThat(c.send("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n").readResponse().statusLine())
          .isEqualTo("HTTP/1.1 200 OK");
    }
  }

  @Test
  void requestLineTooLongIs414() throws Exception {
    RawResponse r = rejected(small, "GET /" + "a".repeat(200) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(r.statusLine()).isEqualTo("HTTP/1.1 414 URI Too Long");
    assertThat(r.text()).isEqualTo("414 URI Too Long: Request line of 65 bytes exceeds maxRequestLineBytes 64.\n");
  }

  @Test
  void requestLineOverTheDefault8KiBIs414() throws Exception {
    String fits = "/" + "a".repeat(8192 - "GET / HTTP/1.1".length());
    try (RawHttpClient c = defaults.connect()) {
      assertThat(c.send("GET " + fits + " HTTP/1.1\r\nHost: x\r\n\r\n").readResponse().status()).isEqualTo(200);
    }
    RawResponse r = rejected(defaults, "GET " + fits + "a HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(r.statusLine()).isEqualTo("HTTP/1.1 414 URI Too Long");
    assertThat(r.text()).isEqualTo("414 URI Too Long: Request line of 8193 bytes exceeds maxRequestLineBytes 8192.\n");
  }

  @Test
  void headersTooLargeAre431() throws Exception {
    StringBuilder head = new StringBuilder("GET / HTTP/1.1\r\nHost: x\r\n");
    for (int i = 0; i < 20; i++) {
      head.append("X-Filler-").append(i).append(": ").append("v".repeat(20)).append("\r\n");
    }
    RawResponse r = rejected(small, head + "\r\n");
    assertThat(r.statusLine()).isEqualTo("HTTP/1.1 431 Request Header Fields Too Large");
    assertThat(r.text()).startsWith("431 Request Header Fields Too Large: Header section of ")
        .endsWith(" bytes exceeds maxHeaderBytes 256.\n");
  }

  @Test
  void oneHeaderOverTheDefault64KiBIs431() throws Exception {
    RawResponse r = rejected(defaults, "GET / HTTP/1.1\r\nHost: x\r\nCookie: " + "c".repeat(70_000) + "\r\n\r\n");
    assertThat(r.statusLine()).isEqualTo("HTTP/1.1 431 Request Header Fields Too Large");
    assertThat(r.text()).isEqualTo(
        "431 Request Header Fields Too Large: Header section of 65537 bytes exceeds maxHeaderBytes 65536.\n");
  }

  @Test
  void bodyTooLargeByContentLengthIs413BeforeTheBodyIsSent() throws Exception {
    try (RawHttpClient c = small.connect()) {
      // Only the head: the answer must not wait for a body the server will never take.
      RawResponse r = c.send("POST /echo?big HTTP/1.1\r\nHost: x\r\nContent-Length: 1025\r\n\r\n").readResponse();
      assertThat(r.statusLine()).isEqualTo("HTTP/1.1 413 Content Too Large");
      assertThat(r.text()).isEqualTo("413 Content Too Large: Body of 1025 bytes exceeds maxBodyBytes 1024.\n");
      assertThat(c.closesWithin(Duration.ofSeconds(2))).isTrue();
    }
    assertThat(small.seen).doesNotContain("POST /echo?big");
  }

  @Test
  void bodyTooLargeIs413WhileTheClientIsStillUploading() throws Exception {
    try (RawHttpClient c = defaults.connect()) {
      c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 104857601\r\n\r\n").send(new byte[64 * 1024]);
      RawResponse r = c.readResponse();
      assertThat(r.statusLine()).isEqualTo("HTTP/1.1 413 Content Too Large");
      assertThat(r.text()).isEqualTo("413 Content Too Large: Body of 104857601 bytes exceeds maxBodyBytes 104857600.\n");
    }
  }

  @Test
  void chunkedBodyTooLargeIs413WhenTheChunkCrossingTheLimitIsAnnounced() throws Exception {
    try (RawHttpClient c = small.connect()) {
      c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "200\r\n" + "a".repeat(512) + "\r\n" + "1ff\r\n" + "b".repeat(511) + "\r\n" + "2\r\n");
      RawResponse r = c.readResponse();
      assertThat(r.statusLine()).isEqualTo("HTTP/1.1 413 Content Too Large");
      assertThat(r.text()).isEqualTo("413 Content Too Large: Body of 1025 bytes exceeds maxBodyBytes 1024.\n");
      assertThat(c.closesWithin(Duration.ofSeconds(2))).isTrue();
    }
  }

  @Test
  void expectContinueWithABodyTooLargeGets413Instead() throws Exception {
    try (RawHttpClient c = small.connect()) {
      RawResponse r = c.send("PUT /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n")
          .readResponse();
      assertThat(r.statusLine()).isEqualTo("HTTP/1.1 413 Content Too Large");
    }
  }

  @Test
  void bodyAtTheLimitIsServed() throws Exception {
    try (RawHttpClient c = small.connect()) {
      RawResponse r = c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1024\r\n\r\n" + "z".repeat(1024))
          .readResponse();
      assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
      assertThat(r.text()).isEqualTo("POST /echo " + "z".repeat(1024));
    }
  }

  @Test
  void malformedRequestLinesAre400() throws Exception {
    assertThat(rejected(defaults, "GET /\r\nHost: x\r\n\r\n").text())
        .isEqualTo("400 Bad Request: Malformed request line \"GET /\".\n");
    assertThat(rejected(defaults, "GET /a b HTTP/1.1\r\nHost: x\r\n\r\n").text())
        .isEqualTo("400 Bad Request: Invalid character 0x20 in request target.\n");
    assertThat(rejected(defaults, "GET / HTTP/11\r\nHost: x\r\n\r\n").text())
        .isEqualTo("400 Bad Request: Malformed HTTP version \"HTTP/11\".\n");
    assertThat(rejected(defaults, "\u0001\u0002garbage\r\n\r\n").statusLine()).isEqualTo("HTTP/1.1 400 Bad Request");
  }

  @Test
  void malformedHeadersAre400() throws Exception {
    assertThat(rejected(defaults, "GET / HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n").text())
        .isEqualTo("400 Bad Request: Header line without colon \"No colon here\".\n");
    assertThat(rejected(defaults, "GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n folded\r\n\r\n").text())
        .isEqualTo("400 Bad Request: Header line starts with whitespace (obsolete line folding).\n");
    assertThat(rejected(defaults, "GET / HTTP/1.1\r\nHost : x\r\n\r\n").text())
        .isEqualTo("400 Bad Request: Whitespace between header name and colon in \"Host \".\n");
    assertThat(rejected(defaults, "GET / HTTP/1.1\r\n\r\n").text()).isEqualTo("400 Bad Request: Missing Host header.\n");
    assertThat(rejected(defaults, "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").text())
        .isEqualTo("400 Bad Request: Request has 2 Host headers; one is allowed.\n");
  }

  @Test
  void unknownMethodIs501() throws Exception {
    RawResponse r = rejected(defaults, "BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(r.statusLine()).isEqualTo("HTTP/1.1 501 Not Implemented");
    assertThat(r.text()).isEqualTo("501 Not Implemented: Method \"BREW\" is not implemented.\n");
    // RFC 9110 §9.1: methods are case-sensitive.
    assertThat(rejected(defaults, "get / HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(501);
  }

  @Test
  void http20Is505() throws Exception {
    RawResponse r = rejected(defaults, "GET / HTTP/2.0\r\nHost: x\r\n\r\n");
    assertThat(r.statusLine()).isEqualTo("HTTP/1.1 505 HTTP Version Not Supported");
    assertThat(r.text()).isEqualTo("505 HTTP Version Not Supported: HTTP version HTTP/2.0 is not supported.\n");
    assertThat(rejected(defaults, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n").status()).isEqualTo(505);
  }
}
