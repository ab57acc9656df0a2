package io.squall.http.internal;

import static io.squall.http.internal.ParserHarness.assertRejected;
import static io.squall.http.internal.ParserHarness.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.http.HttpException;
import io.squall.http.HttpLimits;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The limits of {@link HttpLimits}: 414, 431 and 413, each found before the excess is buffered. */
class RequestParserLimitsTest {
  private static final String HOST = "Host: a\r\n";

  @Test
  void rejectsARequestLineOverTheDefault8KiBWith414() {
    String target = "/" + "a".repeat(10_000);
    assertRejected("GET " + target + " HTTP/1.1\r\n" + HOST + "\r\n", 414,
        "Request line of 8193 bytes exceeds maxRequestLineBytes 8192.");
  }

  @Test
  void acceptsARequestLineOfExactlyTheLimit() {
    HttpLimits limits = HttpLimits.defaults().withMaxRequestLineBytes(32);
    String line = "GET /" + "a".repeat(18) + " HTTP/1.1"; // 32 bytes
    assertThat(line).hasSize(32);

    assertThat(parse(limits, line + "\r\n" + HOST + "\r\n", new int[] {1, 31, 1, 1, 11})).hasSize(1);
    assertRejected(limits, "GET /" + "a".repeat(19) + " HTTP/1.1\r\n" + HOST + "\r\n", 414,
        "Request line of 33 bytes exceeds maxRequestLineBytes 32.");
  }

  @Test
  void failsAnEndlessRequestLineAsSoonAsItPassesTheLimit() {
    RequestParser parser = new RequestParser(HttpLimits.defaults().withMaxRequestLineBytes(32));
    assertThat(parser.feed(ascii("G".repeat(32)))).isFalse();
    assertThat(parser.feed(ascii("\r"))).as("a CR may still be the line end").isFalse();

    assertThatThrownBy(() -> parser.feed(ascii("GGGG")))
        .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.status()).isEqualTo(414))
        .hasMessage("Request line of 34 bytes exceeds maxRequestLineBytes 32.");
  }

  @Test
  void rejectsAHeaderSectionOverTheDefault64KiBWith431() {
    StringBuilder wire = new StringBuilder("GET / HTTP/1.1\r\n" + HOST);
    for (int i = 0; i < 100; i++) {
      wire.append("X-").append(i).append(": ").append("v".repeat(1000)).append("\r\n");
    }
    assertRejected(wire.append("\r\n").toString(), 431, "Header section of 65537 bytes exceeds maxHeaderBytes 65536.");
  }

  @Test
  void countsHeaderLinesWithTheirLineEndsAgainstTheLimit() {
    HttpLimits limits = HttpLimits.defaults().withMaxHeaderBytes(40);
    // "Host: a\r\n" is 9 bytes; "X-Pad: " + 22 bytes + "\r\n" is 31: 40 in all.
    String exactly = "GET / HTTP/1.1\r\n" + HOST + "X-Pad: " + "p".repeat(22) + "\r\n\r\n";
    assertThat(ParserHarness.parseInRandomPieces(limits, exactly, 7)).hasSize(1);

    assertRejected(limits, "GET / HTTP/1.1\r\n" + HOST + "X-Pad: " + "p".repeat(23) + "\r\n\r\n", 431,
        "Header section of 41 bytes exceeds maxHeaderBytes 40.");
    assertRejected(limits, "GET / HTTP/1.1\r\n" + HOST + "X-Pad: " + "p".repeat(22) + "\r\nX: y\r\n\r\n", 431,
        "Header section of 41 bytes exceeds maxHeaderBytes 40.");
  }

  @Test
  void failsAnEndlessHeaderLineAsSoonAsItPassesTheLimit() {
    RequestParser parser = new RequestParser(HttpLimits.defaults().withMaxHeaderBytes(40));

    assertThatThrownBy(() -> parser.feed(ascii("GET / HTTP/1.1\r\n" + HOST + "X-Long: " + "x".repeat(100))))
        .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.status()).isEqualTo(431))
        .hasMessage("Header section of 41 bytes exceeds maxHeaderBytes 40.");
  }

  @Test
  void rejectsAContentLengthOverTheLimitWith413BeforeTheBodyArrives() {
    RequestParser parser = new RequestParser(HttpLimits.defaults());

    assertThatThrownBy(() -> parser.feed(ascii("POST / HTTP/1.1\r\n" + HOST + "Content-Length: 104857601\r\n\r\n")))
        .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.status()).isEqualTo(413))
        .hasMessage("Body of 104857601 bytes exceeds maxBodyBytes 104857600.");
  }

  @Test
  void acceptsABodyOfExactlyTheLimit() {
    HttpLimits limits = HttpLimits.defaults().withMaxBodyBytes(10);
    String wire = "POST / HTTP/1.1\r\n" + HOST + "Content-Length: 10\r\n\r\n0123456789";

    assertThat(ParserHarness.parseInRandomPieces(limits, wire, 3).getFirst().body()).isEqualTo("0123456789");
    assertRejected(limits, "POST / HTTP/1.1\r\n" + HOST + "Content-Length: 11\r\n\r\n", 413,
        "Body of 11 bytes exceeds maxBodyBytes 10.");
  }

  @Test
  void rejectsAContentLengthTooLargeForALongWith413() {
    assertRejected("POST / HTTP/1.1\r\n" + HOST + "Content-Length: 0099999999999999999999\r\n\r\n", 413,
        "Body of 99999999999999999999 bytes exceeds maxBodyBytes 104857600.");
  }

  @Test
  void cutsAHugeLengthInTheMessage() {
    assertRejected("POST / HTTP/1.1\r\n" + HOST + "Content-Length: " + "9".repeat(1000) + "\r\n\r\n", 413,
        "Body of " + "9".repeat(24) + "... bytes exceeds maxBodyBytes 104857600.");
  }

  @Test
  void rejectsABodyTooLargeForAnArrayWith413() {
    HttpLimits limits = HttpLimits.defaults().withMaxBodyBytes(Long.MAX_VALUE);
    assertRejected(limits, "POST / HTTP/1.1\r\n" + HOST + "Content-Length: 3000000000\r\n\r\n", 413,
        "Body of 3000000000 bytes exceeds the largest buffered body, 2147483639 bytes.");
  }

  @Test
  void rejectsAChunkedBodyWith413AsSoonAsAChunkSizeCrossesTheLimit() {
    RequestParser parser = new RequestParser(HttpLimits.defaults().withMaxBodyBytes(100));
    String head = "POST / HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n";
    assertThat(parser.feed(ascii(head + "32\r\n" + "x".repeat(50) + "\r\n"))).isFalse();

    // 0x33 = 51 more bytes announced; none of them sent.
    assertThatThrownBy(() -> parser.feed(ascii("33\r\n")))
        .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.status()).isEqualTo(413))
        .hasMessage("Body of 101 bytes exceeds maxBodyBytes 100.");
  }

  @Test
  void rejectsAChunkSizeTooLargeForALongWith413() {
    String size = "1" + "f".repeat(15); // 16 hex digits: past what the parser reads into a long
    BigInteger total = new BigInteger(size, 16).add(BigInteger.valueOf(2));
    assertRejected("POST / HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n2\r\nab\r\n" + size + "\r\n",
        413, "Body of " + total + " bytes exceeds maxBodyBytes 104857600.");
  }

  @Test
  void rejectsAChunkSizeLineOver4KiBWith400() {
    assertRejected("POST / HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n1;" + "e".repeat(5000) + "\r\n",
        400, "Chunk size line of 4097 bytes exceeds the limit of 4096.");
  }

  @Test
  void countsTrailersAgainstMaxHeaderBytesWith431() {
    HttpLimits limits = HttpLimits.defaults().withMaxHeaderBytes(40);
    String head = "POST / HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n";
    // Trailer lines of 20 + 20 bytes fit; one more byte does not.
    String fits = head + "X-T1: " + "t".repeat(12) + "\r\nX-T2: " + "t".repeat(12) + "\r\n\r\n";
    assertThat(ParserHarness.parseInRandomPieces(limits, fits, 1).getFirst().body()).isEqualTo("x");

    assertRejected(limits, head + "X-T1: " + "t".repeat(12) + "\r\nX-T2: " + "t".repeat(13) + "\r\n\r\n", 431,
        "Trailer section of 41 bytes exceeds maxHeaderBytes 40.");
    assertRejected(limits, head + "X-T: " + "t".repeat(100), 431,
        "Trailer section of 41 bytes exceeds maxHeaderBytes 40.");
  }

  private static ByteBuffer ascii(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
  }
}
