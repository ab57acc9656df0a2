package io.squall.http.internal;

import static io.squall.http.internal.ParserHarness.assertRejected;
import static io.squall.http.internal.ParserHarness.parseOne;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Header field lines (RFC 9112 §5) and the Host rule (RFC 9112 §3.2). */
class RequestParserHeadersTest {
  private static final String GET = "GET / HTTP/1.1\r\n";
  private static final String HOST = "Host: example.com\r\n";

  @Test
  void keepsFieldsInOrderWithTheirFirstSpelling() {
    ParserHarness.Parsed p = parse(GET + "host: example.com\r\nX-Tag: a\r\nx-tag: b\r\nAccept: */*\r\n\r\n");

    assertThat(p.headers()).isEqualTo("[host: example.com, X-Tag: a, X-Tag: b, Accept: */*]");
  }

  @Test
  void trimsOptionalWhitespaceAroundValues() {
    ParserHarness.Parsed p =
        parse(GET + HOST + "X-A: \t spaced  out \t\r\nX-B:tight\r\nX-Empty:\r\nX-Blank:   \r\n\r\n");

    assertThat(p.headers())
        .isEqualTo("[Host: example.com, X-A: spaced  out, X-B: tight, X-Empty: , X-Blank: ]");
  }

  @Test
  void acceptsTabsAndObsTextInsideValues() {
    ParserHarness.Parsed p = parse(GET + HOST + "X-A: a\tb\r\nX-B: caf\u00e9\r\n\r\n");

    assertThat(p.headers()).isEqualTo("[Host: example.com, X-A: a\tb, X-B: caf\u00e9]");
  }

  @Test
  void rejectsObsoleteLineFoldingWith400() {
    assertRejected(GET + HOST + "X-A: one\r\n two\r\n\r\n", 400,
        "Header line starts with whitespace (obsolete line folding).");
    assertRejected(GET + HOST + "X-A: one\r\n\ttwo\r\n\r\n", 400,
        "Header line starts with whitespace (obsolete line folding).");
  }

  @Test
  void rejectsWhitespaceBetweenRequestLineAndFirstFieldWith400() {
    assertRejected(GET + " " + HOST + "\r\n", 400, "Header line starts with whitespace (obsolete line folding).");
  }

  @Test
  void rejectsALineWithoutColonWith400() {
    assertRejected(GET + HOST + "X-A value\r\n\r\n", 400, "Header line without colon \"X-A value\".");
  }

  @Test
  void rejectsAnEmptyNameWith400() {
    assertRejected(GET + HOST + ": value\r\n\r\n", 400, "Empty header name.");
  }

  @Test
  void rejectsWhitespaceBetweenNameAndColonWith400() {
    assertRejected(GET + "Host : example.com\r\n\r\n", 400,
        "Whitespace between header name and colon in \"Host \".");
    assertRejected(GET + HOST + "Content-Length\t: 0\r\n\r\n", 400,
        "Whitespace between header name and colon in \"Content-Length\\x09\".");
  }

  @Test
  void rejectsANameThatIsNotATokenWith400() {
    assertRejected(GET + HOST + "X(A): v\r\n\r\n", 400, "Header name \"X(A)\" is not a token.");
    assertRejected(GET + HOST + "X A: v\r\n\r\n", 400, "Header name \"X A\" is not a token.");
    assertRejected(GET + HOST + "X-\u00e9: v\r\n\r\n", 400, "Header name \"X-\\xE9\" is not a token.");
  }

  @Test
  void rejectsControlCharactersInValuesWith400() {
    assertRejected(GET + HOST + "X-A: a\u0001b\r\n\r\n", 400, "Invalid character 0x01 in value of header X-A.");
    assertRejected(GET + HOST + "X-A: a\u0000b\r\n\r\n", 400, "Invalid character 0x00 in value of header X-A.");
    assertRejected(GET + HOST + "X-A: a\u007fb\r\n\r\n", 400, "Invalid character 0x7F in value of header X-A.");
  }

  @Test
  void rejectsABareCrInsideAValueWith400() {
    // RFC 9112 §2.2: a CR not followed by LF is invalid.
    assertRejected(GET + HOST + "X-A: a\rb\r\n\r\n", 400, "Invalid character 0x0D in value of header X-A.");
  }

  @Test
  void rejectsHttp11WithoutHostWith400() {
    assertRejected(GET + "Accept: */*\r\n\r\n", 400, "Missing Host header.");
  }

  @Test
  void acceptsHttp10WithoutHost() {
    assertThat(parse("GET / HTTP/1.0\r\n\r\n").headers()).isEqualTo("[]");
  }

  @Test
  void acceptsAnEmptyHost() {
    assertThat(parse(GET + "Host:\r\n\r\n").headers()).isEqualTo("[Host: ]");
  }

  @Test
  void rejectsMoreThanOneHostWith400() {
    assertRejected(GET + HOST + "HOST: other.example\r\n\r\n", 400, "Request has 2 Host headers; one is allowed.");
    assertRejected("GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\nhost: a\r\n\r\n", 400,
        "Request has 3 Host headers; one is allowed.");
  }

  /** uri-host [":" port] (RFC 3986 §3.2.2): names with sub-delims and escapes, dotted quads, bracketed IPv6. */
  @ParameterizedTest
  @ValueSource(strings = {"chat.example:8000", "xn--bcher-kva.example", "a,b", "my%20host", "127.0.0.1:80", "[::1]:8000",
      "[2001:db8::7]", "[v1.fe]", "example.com:"})
  void acceptsEveryValidHost(String host) {
    assertThat(parse(GET + "Host: " + host + "\r\n\r\n").headers()).isEqualTo("[Host: " + host + "]");
  }

  /** RFC 9112 §3.2: a Host with an invalid value MUST be answered 400; the Origin check compares with it. */
  @ParameterizedTest
  @ValueSource(strings = {"a b", "<script>/@evil", "x:y:z", "exa\"mple", "user@host", "[::1", "[::1]x", "[g::1]", "host:80a",
      "bad%2", "a/b"})
  void rejectsAnInvalidHostWith400(String host) {
    assertRejected(GET + "Host: " + host + "\r\n\r\n", 400,
        "Invalid Host " + HttpChars.quote(host) + ".");
  }

  private static ParserHarness.Parsed parse(String wire) {
    return parseOne(wire);
  }

  @Test
  void sharesTheTextThatRepeatsFromRequestToRequestWhileKeepingTheKeyOfEach() {
    String head = "GET /chat/room HTTP/1.1\r\nHost: chat.example\r\nUser-Agent: Mozilla/5.0 (X11)\r\n";
    java.nio.ByteBuffer in = java.nio.ByteBuffer.allocate(512);
    // A text is shared from its second sighting on at the latest (the first may find its slot taken).
    io.squall.http.Headers[] headers = new io.squall.http.Headers[3];
    String[] targets = new String[3];
    for (int i = 0; i < 3; i++) {
      RequestParser parser = new RequestParser(io.squall.http.HttpLimits.defaults());
      String key = "Sec-WebSocket-Key: key-" + i + "\r\n";
      in.clear().put((head + key + "\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).flip();
      assertThat(parser.feed(in)).isTrue();
      headers[i] = parser.headers();
      targets[i] = parser.target();
    }

    assertThat(targets[2]).isEqualTo("/chat/room").isSameAs(targets[1]);
    assertThat(headers[2].get("Host")).isSameAs(headers[1].get("Host"));
    assertThat(headers[2].get("User-Agent")).isSameAs(headers[1].get("User-Agent"));
    assertThat(headers[0].get("Sec-WebSocket-Key")).isEqualTo("key-0");
    assertThat(headers[1].get("Sec-WebSocket-Key")).isEqualTo("key-1");
    assertThat(headers[2].get("Sec-WebSocket-Key")).isEqualTo("key-2");
  }
}
