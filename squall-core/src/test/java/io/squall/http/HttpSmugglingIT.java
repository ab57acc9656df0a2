package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Request smuggling (CL.TE, TE.CL, TE.TE, bad chunks): each attempt hides a second request in what
 * some parser would take as the first one's body. The server must answer the ambiguous framing
 * with one error and close, and no handler may ever see the hidden request.
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
  void forget() {
    server.seen.clear();
  }

  static String post(String headers) {
    return "POST /first HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n";
  }

  static Stream<Arguments> ambiguousFraming() {
    return Stream.of(
        Arguments.of("CL.TE", post("Content-Length: 6\r\nTransfer-Encoding: chunked\r\n") + "0\r\n\r\nG" + SMUGGLED,
            "400 Bad Request: Both Content-Length and Transfer-Encoding are present."),
        Arguments.of("TE.CL", post("Transfer-Encoding: chunked\r\nContent-Length: 4\r\n") + "2a\r\n" + SMUGGLED + "\r\n0\r\n\r\n",
            "400 Bad Request: Both Content-Length and Transfer-Encoding are present."),
        Arguments.of("conflicting Content-Length headers", post("Content-Length: 0\r\nContent-Length: 34\r\n") + SMUGGLED,
            "400 Bad Request: Conflicting Content-Length values 0 and 34."),
        Arguments.of("conflicting Content-Length list", post("Content-Length: 34, 0\r\n") + SMUGGLED,
            "400 Bad Request: Conflicting Content-Length values 34 and 0."),
        Arguments.of("signed Content-Length", post("Content-Length: +0\r\n") + SMUGGLED,
            "400 Bad Request: Invalid Content-Length \"+0\"."),
        Arguments.of("hex Content-Length", post("Content-Length: 0x22\r\n") + SMUGGLED,
            "400 Bad Request: Invalid Content-Length \"0x22\"."),
        Arguments.of("TE xchunked", post("Transfer-Encoding: xchunked\r\n") + "0\r\n\r\n" + SMUGGLED,
            "400 Bad Request: Transfer-Encoding \"xchunked\" does not end with chunked."),
        Arguments.of("TE chunked, identity", post("Transfer-Encoding: chunked, identity\r\n") + "0\r\n\r\n" + SMUGGLED,
            "400 Bad Request: Transfer-Encoding \"chunked, identity\" does not end with chunked."),
        Arguments.of("TE split over two headers", post("Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n")
            + "0\r\n\r\n" + SMUGGLED,
            "400 Bad Request: Transfer-Encoding \"chunked, identity\" does not end with chunked."),
        Arguments.of("TE chunked twice", post("Transfer-Encoding: chunked, chunked\r\n") + "0\r\n\r\n" + SMUGGLED,
            "400 Bad Request: Transfer-Encoding \"chunked, chunked\" applies chunked twice."),
        Arguments.of("TE identity, chunked", post("Transfer-Encoding: identity, chunked\r\n") + "0\r\n\r\n" + SMUGGLED,
            "501 Not Implemented: Transfer coding \"identity\" is not implemented."),
        Arguments.of("TE with space before colon", post("Transfer-Encoding : chunked\r\n") + "0\r\n\r\n" + SMUGGLED,
            "400 Bad Request: Whitespace between header name and colon in \"Transfer-Encoding \"."),
        Arguments.of("TE folded", post("Transfer-Encoding:\r\n chunked\r\n") + "0\r\n\r\n" + SMUGGLED,
            "400 Bad Request: Header line starts with whitespace (obsolete line folding)."),
        Arguments.of("TE with vertical tab", post("Transfer-Encoding: \u000bchunked\r\n") + "0\r\n\r\n" + SMUGGLED,
            "400 Bad Request: Invalid character 0x0B in value of header Transfer-Encoding."),
        Arguments.of("TE in HTTP/1.0", "POST /first HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + SMUGGLED,
            "400 Bad Request: Transfer-Encoding in an HTTP/1.0 request."));
  }

  static Stream<Arguments> badChunks() {
    return Stream.of(
        Arguments.of("negative size", "-1\r\n", "400 Bad Request: Invalid chunk size line \"-1\"."),
        Arguments.of("0x prefix", "0x5\r\nhello\r\n", "400 Bad Request: Invalid chunk size line \"0x5\"."),
        Arguments.of("not hex", "g\r\n", "400 Bad Request: Invalid chunk size line \"g\"."),
        Arguments.of("leading space", " 5\r\nhello\r\n", "400 Bad Request: Invalid chunk size line \" 5\"."),
        Arguments.of("empty size", "\r\n", "400 Bad Request: Invalid chunk size line \"\"."),
        Arguments.of("bare LF after size", "5\nhello\r\n", "400 Bad Request: Chunk size line must end with CRLF."),
        Arguments.of("data longer than size", "3\r\nhello\r\n", "400 Bad Request: Expected CRLF after chunk data, found 0x6C."),
        Arguments.of("bare LF after data", "5\r\nhello\n0\r\n\r\n", "400 Bad Request: Expected CRLF after chunk data, found 0x0A."),
        Arguments.of("control in extension", "5;a=\u0001\r\nhello\r\n", "400 Bad Request: Invalid character 0x01 in chunk extension."),
        Arguments.of("overflowing size", "10000000000000000\r\n",
            "413 Content Too Large: Body of 18446744073709551616 bytes exceeds maxBodyBytes 104857600."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ambiguousFraming")
  void ambiguousFramingIsRejectedAndTheHiddenRequestNeverServed(String attack, String wire, String error) throws Exception {
    expectOneErrorThenClose(wire, error);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badChunks")
  void badChunkIsRejectedAndTheHiddenRequestNeverServed(String attack, String chunks, String error) throws Exception {
    expectOneErrorThenClose(post("Transfer-Encoding: chunked\r\n") + chunks + SMUGGLED, error);
  }

  private static void expectOneErrorThenClose(String wire, String error) throws Exception {
    try (RawHttpClient c = server.connect()) {
      RawResponse r = c.send(wire).readResponse();
      assertThat(r.text()).isEqualTo(error + "\n");
      assertThat(r.statusLine()).startsWith("HTTP/1.1 " + error.substring(0, 4));
      assertThat(r.header("Connection")).isEqualTo("close");
      // No second response: the next thing on the wire is the end of the stream.
      assertThat(c.closesWithin(Duration.ofSeconds(2))).isTrue();
    }
    assertThat(server.seen).isEmpty();
  }

  @Test
  void wellFramedBodiesFollowedByARequestServeBoth() throws Exception {
    // The control experiment: the same wire with unambiguous framing is two requests.
    try (RawHttpClient c = server.connect()) {
      c.send(post("Transfer-Encoding: Chunked\r\n") + "5\r\nhello\r\n0\r\n\r\n" + SMUGGLED
          + post("Content-Length: 2\r\nContent-Length: 2\r\n") + "hi" + SMUGGLED);
      for (int i = 0; i < 4; i++) {
        assertThat(c.readResponse().statusLine()).isEqualTo("HTTP/1.1 200 OK");
      }
    }
    assertThat(server.seen).containsExactly("POST /first", "GET /smuggled", "POST /first", "GET /smuggled");
  }
}
