package io.squall.http.internal;

import static io.squall.http.internal.ParserHarness.assertRejected;
import static io.squall.http.internal.ParserHarness.parseOne;
import static io.squall.http.internal.ParserHarness.parseWhole;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.http.HttpException;
import io.squall.http.HttpLimits;
import io.squall.http.internal.ParserHarness.Parsed;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The request line, feeding in pieces, pipelining and the parser's own state rules. */
class RequestParserTest {
  private static final String HOST = "Host: example.com\r\n";

  @Test
  void parsesASimpleGet() {
    Parsed p = parseOne("GET /index.html?q=1 HTTP/1.1\r\n" + HOST + "Accept: text/html\r\n\r\n");

    assertThat(p.method()).isEqualTo("GET");
    assertThat(p.target()).isEqualTo("/index.html?q=1");
    assertThat(p.version()).isEqualTo("HTTP/1.1");
    assertThat(p.headers()).isEqualTo("[Host: example.com, Accept: text/html]");
    assertThat(p.body()).isEmpty();
    assertThat(p.keepAlive()).isTrue();
  }

  @Test
  void givesTheSameRequestWholeByteByByteAndInRandomPieces() {
    // parseOne checks all three ways agree.
    Parsed p = parseOne("POST /upload HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n"
        + "3;x=y\r\nabc\r\n4\r\ndefg\r\n0\r\nX-Checksum: 1\r\n\r\n");

    assertThat(p.body()).isEqualTo("abcdefg");
  }

  @Test
  void toleratesBareLfLineEndsInTheHead() {
    Parsed p = parseOne("GET / HTTP/1.1\nHost: example.com\nAccept: */*\n\n");

    assertThat(p.headers()).isEqualTo("[Host: example.com, Accept: */*]");
  }

  @Test
  void ignoresEmptyLinesBeforeTheRequestLine() {
    Parsed p = parseOne("\r\n\n\r\nGET / HTTP/1.1\r\n" + HOST + "\r\n");

    assertThat(p.target()).isEqualTo("/");
    assertThat(p.bufferedBytes()).isEqualTo(("GET / HTTP/1.1\r\n" + HOST + "\r\n").length());
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
  void acceptsEveryImplementedMethod(String method) {
    assertThat(parseOne(method + " / HTTP/1.1\r\n" + HOST + "\r\n").method()).isEqualTo(method);
  }

  /** An origin server tunnels nothing (CONNECT) and echoes nothing back (TRACE): RFC 9110 §9.1's 501. */
  @ParameterizedTest
  @ValueSource(strings = {"TRACE /", "CONNECT example.com:443"})
  void refusesTraceAndConnectWith501(String line) {
    String method = line.substring(0, line.indexOf(' '));
    assertRejected(line + " HTTP/1.1\r\n" + HOST + "\r\n", 501, "Method \"" + method + "\" is not implemented.");
  }

  @Test
  void acceptsOriginAsteriskAndAbsoluteTargets() {
    assertThat(parseOne("OPTIONS * HTTP/1.1\r\n" + HOST + "\r\n").target()).isEqualTo("*");
    assertThat(parseOne("GET http://example.com/a HTTP/1.1\r\n" + HOST + "\r\n").target())
        .isEqualTo("http://example.com/a");
    // RFC 3986 §3.1: the scheme is case-insensitive
    assertThat(parseOne("GET HTTPS://example.com:8443?q HTTP/1.1\r\n" + HOST + "\r\n").target())
        .isEqualTo("HTTPS://example.com:8443?q");
    assertThat(parseOne("GET http://[::1]:80/ HTTP/1.1\r\n" + HOST + "\r\n").target()).isEqualTo("http://[::1]:80/");
  }

  @Test
  void rejectsTargetsAnOriginServerDoesNotTakeWith400() {
    assertRejected("GET * HTTP/1.1\r\n" + HOST + "\r\n", 400, "The target \"*\" is for OPTIONS only.");
    assertRejected("GET static/app.css HTTP/1.1\r\n" + HOST + "\r\n", 400,
        "Invalid request target \"static/app.css\": neither a path (/...) nor an http or https URI.");
    assertRejected("GET example.com:443 HTTP/1.1\r\n" + HOST + "\r\n", 400,
        "Invalid request target \"example.com:443\": neither a path (/...) nor an http or https URI.");
    assertRejected("GET ftp://example.com/a HTTP/1.1\r\n" + HOST + "\r\n", 400,
        "Invalid request target \"ftp://example.com/a\": neither a path (/...) nor an http or https URI.");
    assertRejected("GET http://user:pw@example.com/ HTTP/1.1\r\n" + HOST + "\r\n", 400,
        "Request target \"http://user:pw@example.com/\" carries userinfo.");
    assertRejected("GET http:///a HTTP/1.1\r\n" + HOST + "\r\n", 400, "Invalid host in request target \"http:///a\".");
    assertRejected("GET http://a<b/ HTTP/1.1\r\n" + HOST + "\r\n", 400, "Invalid host in request target \"http://a<b/\".");
  }

  @Test
  void keepsTheTargetAsSentWithNonAsciiBytesReadAsLatin1() {
    // "/café" sent as raw UTF-8: C3 A9 arrive as two chars; decoding is the router's business.
    assertThat(parseOne("GET /caf\u00c3\u00a9?a=%20 HTTP/1.1\r\n" + HOST + "\r\n").target())
        .isEqualTo("/caf\u00c3\u00a9?a=%20");
  }

  @Test
  void rejectsARequestLineWithoutTwoSpacesWith400() {
    assertRejected("GET /\r\n" + HOST + "\r\n", 400, "Malformed request line \"GET /\".");
    assertRejected("GET\r\n\r\n", 400, "Malformed request line \"GET\".");
  }

  @Test
  void rejectsAMethodThatIsNotATokenWith400() {
    assertRejected("G(T / HTTP/1.1\r\n" + HOST + "\r\n", 400, "Method \"G(T\" is not a token.");
    assertRejected(" GET / HTTP/1.1\r\n" + HOST + "\r\n", 400, "Method \"\" is not a token.");
  }

  @Test
  void rejectsAnUnknownMethodWith501() {
    assertRejected("BREW /pot HTTP/1.1\r\n" + HOST + "\r\n", 501, "Method \"BREW\" is not implemented.");
  }

  @Test
  void treatsMethodsCaseSensitively() {
    assertRejected("get / HTTP/1.1\r\n" + HOST + "\r\n", 501, "Method \"get\" is not implemented.");
  }

  @Test
  void rejectsAnEmptyTargetWith400() {
    assertRejected("GET  HTTP/1.1\r\n" + HOST + "\r\n", 400, "Empty request target.");
  }

  @Test
  void rejectsSpacesAndControlsInTheTargetWith400() {
    assertRejected("GET /a b HTTP/1.1\r\n" + HOST + "\r\n", 400, "Invalid character 0x20 in request target.");
    assertRejected("GET  / HTTP/1.1\r\n" + HOST + "\r\n", 400, "Invalid character 0x20 in request target.");
    assertRejected("GET /a\u0001 HTTP/1.1\r\n" + HOST + "\r\n", 400, "Invalid character 0x01 in request target.");
    assertRejected("GET /a\t HTTP/1.1\r\n" + HOST + "\r\n", 400, "Invalid character 0x09 in request target.");
    assertRejected("GET /a\u007f HTTP/1.1\r\n" + HOST + "\r\n", 400, "Invalid character 0x7F in request target.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"HTTP/1", "http/1.1", "HTTP/1.1x", "HTTP/11.0", "HTTP/a.b", "HTTP-1.1"})
  void rejectsAMalformedVersionWith400(String version) {
    assertRejected("GET / " + version + "\r\n" + HOST + "\r\n", 400, "Malformed HTTP version \"" + version + "\".");
  }

  @Test
  void rejectsABareCrBeforeTheLineEndAsPartOfTheVersion() {
    assertRejected("GET / HTTP/1.1\r\r\n" + HOST + "\r\n", 400, "Malformed HTTP version \"HTTP/1.1\\x0D\".");
  }

  @ParameterizedTest
  @ValueSource(strings = {"HTTP/2.0", "HTTP/0.9", "HTTP/3.0"})
  void rejectsOtherMajorVersionsWith505(String version) {
    assertRejected("GET / " + version + "\r\n" + HOST + "\r\n", 505, "HTTP version " + version + " is not supported.");
  }

  /** RFC 9110 §2.5: a later minor version is served as the highest one we have. */
  @ParameterizedTest
  @ValueSource(strings = {"HTTP/1.2", "HTTP/1.9"})
  void servesALaterMinorVersionAsHttp11(String version) {
    Parsed p = parseOne("GET / " + version + "\r\n" + HOST + "\r\n");
    assertThat(p.version()).isEqualTo("HTTP/1.1");
    assertThat(p.keepAlive()).isTrue();
  }

  @Test
  void checksTheVersionBeforeTheMethod() {
    assertRejected("BREW / HTTP/2.0\r\n\r\n", 505, "HTTP version HTTP/2.0 is not supported.");
  }

  @Test
  void quotesUntrustedTextInMessagesEscapedAndCut() {
    String method = "<\u0000" + "M".repeat(100);
    assertRejected(method + " / HTTP/1.1\r\n" + HOST + "\r\n", 400,
        "Method \"<\\x00" + "M".repeat(62) + "...\" is not a token.");
  }

  @Test
  void parsesPipelinedRequestsInOneBufferOneAfterAnother() {
    List<Parsed> requests = parseWhole("GET /1 HTTP/1.1\r\n" + HOST + "\r\n"
        + "POST /2 HTTP/1.1\r\n" + HOST + "Content-Length: 3\r\n\r\nabc"
        + "PUT /3 HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n2\r\nxy\r\n0\r\n\r\n"
        + "GET /4 HTTP/1.0\r\n\r\n");

    assertThat(requests).extracting(Parsed::target).containsExactly("/1", "/2", "/3", "/4");
    assertThat(requests).extracting(Parsed::body).containsExactly("", "abc", "xy", "");
  }

  @Test
  void leavesThePositionJustPastTheRequest() {
    String first = "POST /1 HTTP/1.1\r\n" + HOST + "Content-Length: 2\r\n\r\nhi";
    ByteBuffer in = ByteBuffer.wrap((first + "GET /2 HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1));
    RequestParser parser = new RequestParser(HttpLimits.defaults());

    assertThat(parser.feed(in)).isTrue();
    assertThat(in.position()).isEqualTo(first.length());
    assertThat(parser.feed(in)).as("true again until reset, consuming nothing").isTrue();
    assertThat(in.position()).isEqualTo(first.length());

    parser.reset();
    assertThat(parser.feed(in)).isFalse();
    assertThat(in.hasRemaining()).isFalse();
    assertThat(parser.bufferedBytes()).isEqualTo("GET /2 HTTP/1.1\r\n".length());
  }

  @Test
  void keepsNoReferenceToTheBufferItIsFed() {
    RequestParser parser = new RequestParser(HttpLimits.defaults());
    ByteBuffer shared = ByteBuffer.allocate(64);
    shared.put("GET /ke".getBytes(StandardCharsets.ISO_8859_1)).flip();
    assertThat(parser.feed(shared)).isFalse();

    shared.clear();
    shared.put("ep HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)).flip();
    assertThat(parser.feed(shared)).isTrue();

    assertThat(parser.target()).isEqualTo("/keep");
  }

  @Test
  void refusesAccessorsBeforeTheHeadIsComplete() {
    RequestParser parser = new RequestParser(HttpLimits.defaults());
    parser.feed(ByteBuffer.wrap("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1)));

    assertThat(parser.headComplete()).isFalse();
    assertThatThrownBy(parser::method)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("The request head is not complete.");
    assertThatThrownBy(parser::body)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("The request is not complete.");
  }

  @Test
  void refusesInputAfterAFailureUntilReset() {
    RequestParser parser = new RequestParser(HttpLimits.defaults());
    ByteBuffer bad = ByteBuffer.wrap("BREW / HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> parser.feed(bad)).isInstanceOf(HttpException.class);

    ByteBuffer good = ByteBuffer.wrap(("GET / HTTP/1.1\r\n" + HOST + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> parser.feed(good))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("The parser failed on this request; close the connection.");

    parser.reset();
    assertThat(parser.feed(good)).isTrue();
  }
}
