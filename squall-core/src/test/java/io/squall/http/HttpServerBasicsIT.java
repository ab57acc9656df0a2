package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Requests and responses of RFC 9112 on a real server, byte for byte over raw sockets. */
class HttpServerBasicsIT {
  static TestHttpServer server;

  @BeforeAll
  static void start() {
    server = TestHttpServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void getAnswers200WithContentLengthDateAndServer() throws Exception {
    try (RawHttpClient c = server.connect()) {
      RawResponse r = c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").readResponse();
      assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
      assertThat(r.header("Content-Length")).isEqualTo("12");
      assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=UTF-8");
      assertThat(r.header("Server")).isEqualTo("Squall");
      assertThat(r.header("Connection")).isNull();
      assertThat(r.text()).isEqualTo("Hello, world");
      // RFC 9110 §5.6.7: IMF-fixdate, in GMT, of the moment of the response.
      assertThat(r.header("Date")).matches("(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
      ZonedDateTime date = ZonedDateTime.parse(r.header("Date"), DateTimeFormatter.RFC_1123_DATE_TIME);
      assertThat(Duration.between(date, ZonedDateTime.now()).abs()).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void postWithContentLengthBodyReachesTheHandler() throws Exception {
    try (RawHttpClient c = server.connect()) {
      RawResponse r = c.send("POST /echo?x=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello there").readResponse();
      assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
      assertThat(r.text()).isEqualTo("POST /echo?x=1 hello there");
    }
  }

  @Test
  void chunkedRequestBodyIsDecodedWithExtensionsAndTrailers() throws Exception {
    try (RawHttpClient c = server.connect()) {
      RawResponse r = c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "4\r\nWiki\r\n5;name=value\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nChecksum: abc\r\n\r\n").readResponse();
      assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
      assertThat(r.text()).isEqualTo("POST /echo Wikipedia in\r\n\r\nchunks.");
    }
  }

  @Test
  void headHasTheHeadersOfGetAndNoBody() throws Exception {
    try (RawHttpClient c = server.connect()) {
      // Both in one write: were a body sent for HEAD, it would show up where GET's status line should be.
      c.send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
      RawResponse head = c.readResponse(true);
      RawResponse get = c.readResponse();
      assertThat(head.statusLine()).isEqualTo("HTTP/1.1 200 OK");
      assertThat(get.statusLine()).isEqualTo("HTTP/1.1 200 OK");
      assertThat(head.header("Content-Length")).isEqualTo("12");
      assertThat(head.headers().names()).isEqualTo(get.headers().names());
      for (String name : get.headers().names()) {
        if (!name.equals("Date")) {
          assertThat(head.headers().getAll(name)).as(name).isEqualTo(get.headers().getAll(name));
        }
      }
      assertThat(get.text()).isEqualTo("Hello, world");
    }
  }

  @Test
  void expectContinueGetsTheInterimResponseBeforeTheBodyIsSent() throws Exception {
    try (RawHttpClient c = server.connect()) {
      c.send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
      assertThat(c.readHead()).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
      RawResponse r = c.send("body").readResponse();
      assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
      assertThat(r.text()).isEqualTo("POST /echo body");
    }
  }

  @Test
  void expectContinueIsAnsweredOnceForABodyInPieces() throws Exception {
    try (RawHttpClient c = server.connect()) {
      c.send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 6\r\n\r\n");
      assertThat(c.readHead()).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
      c.send("ab");
      Thread.sleep(20);
      c.send("cd");
      Thread.sleep(20);
      RawResponse r = c.send("ef").readResponse();
      assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
      assertThat(r.text()).isEqualTo("POST /echo abcdef");
    }
  }

  @Test
  void expectContinueIsIgnoredForHttp10() throws Exception {
    try (RawHttpClient c = server.connect()) {
      // RFC 9110 §10.1.1: a server MUST ignore a 100-continue expectation in an HTTP/1.0 request.
      c.send("POST /echo HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
      assertThat(c.staysSilent(Duration.ofMillis(300))).isTrue();
      RawResponse r = c.send("body").readResponse();
      assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
      assertThat(r.text()).isEqualTo("POST /echo body");
    }
  }

  @Test
  void streamedResponseIsChunkedOnTheWire() throws Exception {
    try (RawHttpClient c = server.connect()) {
      String head = c.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n").readHead();
      assertThat(head).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\nTransfer-Encoding: chunked\r\n")
          .doesNotContain("Content-Length");
      String expected = "5\r\nHello\r\n2\r\n, \r\n5\r\nworld\r\n0\r\n\r\n";
      assertThat(new String(c.readExactly(expected.length()), StandardCharsets.ISO_8859_1)).isEqualTo(expected);
      // The chunked framing ended exactly there: the connection serves the next request.
      assertThat(c.send("GET /again HTTP/1.1\r\nHost: x\r\n\r\n").readResponse().text()).isEqualTo("Hello, world");
    }
  }

  @Test
  void streamedResponseToHttp10IsDelimitedByClose() throws Exception {
    try (RawHttpClient c = server.connect()) {
      String head = c.send("GET /stream HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").readHead();
      assertThat(head).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\nConnection: close\r\n")
          .doesNotContain("Transfer-Encoding").doesNotContain("Content-Length");
      assertThat(new String(c.readUntilClose(), StandardCharsets.ISO_8859_1)).isEqualTo("Hello, world");
    }
  }

  @Test
  void http10WithoutKeepAliveClosesAfterTheResponse() throws Exception {
    try (RawHttpClient c = server.connect()) {
      RawResponse r = c.send("GET /hello HTTP/1.0\r\n\r\n").readResponse();
      assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
      assertThat(r.header("Connection")).isEqualTo("close");
      assertThat(r.text()).isEqualTo("Hello, world");
      assertThat(c.closesWithin(Duration.ofSeconds(2))).isTrue();
    }
  }

  @Test
  void http10WithKeepAliveStaysOpen() throws Exception {
    try (RawHttpClient c = server.connect()) {
      RawResponse first = c.send("GET /one HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").readResponse();
      assertThat(first.statusLine()).isEqualTo("HTTP/1.1 200 OK");
      assertThat(first.header("Connection")).isEqualTo("keep-alive");
      assertThat(c.staysSilent(Duration.ofMillis(200))).isTrue();
      RawResponse second = c.send("GET /echo HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").readResponse();
      assertThat(second.text()).isEqualTo("GET /echo ");
    }
  }

  @Test
  void connectionCloseIsHonoured() throws Exception {
    try (RawHttpClient c = server.connect()) {
      RawResponse r = c.send("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").readResponse();
      assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
      assertThat(r.header("Connection")).isEqualTo("close");
      assertThat(c.closesWithin(Duration.ofSeconds(2))).isTrue();
    }
  }

  @Test
  void halfClosedClientStillGetsItsResponse() throws Exception {
    try (RawHttpClient c = server.connect()) {
      c.send("GET /later HTTP/1.1\r\nHost: x\r\n\r\n").shutdownOutput();
      RawResponse r = c.readResponse();
      assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
      assertThat(r.header("Connection")).isEqualTo("close");
      assertThat(r.text()).isEqualTo("later /later");
      assertThat(c.closesWithin(Duration.ofSeconds(2))).isTrue();
    }
  }

  @Test
  void handlerFailureIs500AndTheConnectionGoesOn() throws Exception {
    try (RawHttpClient c = server.connect()) {
      RawResponse r = c.send("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n").readResponse();
      assertThat(r.statusLine()).isEqualTo("HTTP/1.1 500 Internal Server Error");
      assertThat(r.text()).isEqualTo("500 Internal Server Error: Internal Server Error\n");
      assertThat(c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").readResponse().text()).isEqualTo("Hello, world");
    }
  }

  @Test
  void largeBodiesGoThroughWholeBothWays() throws Exception {
    String body = "0123456789abcdef".repeat(256 * 1024); // 4 MiB, far past socket buffers and water marks
    try (RawHttpClient c = server.connect()) {
      RawResponse r = c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
          .readResponse();
      assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
      assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(body.length() + "POST /echo ".length()));
      assertThat(r.text()).isEqualTo("POST /echo " + body);
      assertThat(c.send("GET /after HTTP/1.1\r\nHost: x\r\n\r\n").readResponse().text()).isEqualTo("Hello, world");
    }
  }
}
