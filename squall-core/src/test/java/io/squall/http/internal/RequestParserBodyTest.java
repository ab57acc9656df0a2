package io.squall.http.internal;

import static io.squall.http.internal.ParserHarness.assertRejected;
import static io.squall.http.internal.ParserHarness.parseOne;
import static io.squall.http.internal.ParserHarness.parseWhole;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.http.HttpLimits;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Body framing (RFC 9112 §6): Content-Length, chunked (§7) and the smuggling rules between them. */
class RequestParserBodyTest {
  private static final String POST = "POST /upload HTTP/1.1\r\nHost: a\r\n";
  private static final String CHUNKED = POST + "Transfer-Encoding: chunked\r\n\r\n";

  @Test
  void readsAContentLengthBody() {
    assertThat(parseOne(POST + "Content-Length: 11\r\n\r\nhello world").body()).isEqualTo("hello world");
  }

  @Test
  void completesAtTheHeadWhenThereIsNoBody() {
    assertThat(parseOne(POST + "Content-Length: 0\r\n\r\n").body()).isEmpty();
    assertThat(parseWhole(POST + "\r\nGET / HTTP/1.0\r\n\r\n"))
        .extracting(ParserHarness.Parsed::body)
        .as("no Content-Length and no Transfer-Encoding: no body; the rest is the next request")
        .containsExactly("", "");
  }

  @Test
  void readsALargeBodyArrivingInManyReads() {
    byte[] body = new byte[1_000_000];
    Arrays.fill(body, (byte) 'b');
    String wire = POST + "Content-Length: 1000000\r\n\r\n" + new String(body, StandardCharsets.ISO_8859_1);
    int[] reads = new int[wire.length() / 1000 + 1];
    Arrays.fill(reads, 1000);
    reads[reads.length - 1] = wire.length() % 1000;

    assertThat(ParserHarness.parse(HttpLimits.defaults(), wire, reads).getFirst().body())
        .hasSize(1_000_000)
        .isEqualTo(new String(body, StandardCharsets.ISO_8859_1));
  }

  @Test
  void acceptsIdenticalContentLengthValues() {
    assertThat(parseOne(POST + "Content-Length: 3\r\ncontent-length: 3\r\n\r\nabc").body()).isEqualTo("abc");
    assertThat(parseOne(POST + "Content-Length: 3, 3\r\n\r\nabc").body()).isEqualTo("abc");
    assertThat(parseOne(POST + "Content-Length: 003\r\nContent-Length: 3\r\n\r\nabc").body()).isEqualTo("abc");
  }

  @Test
  void rejectsDifferingContentLengthValuesWith400() {
    assertRejected(POST + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400,
        "Conflicting Content-Length values 3 and 4.");
    assertRejected(POST + "Content-Length: 3,4\r\n\r\nabcd", 400, "Conflicting Content-Length values 3 and 4.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "-1", "+5", "5 5", "0x10", "5,", "", "1.0", "\u00b2"})
  void rejectsAContentLengthThatIsNotAPlainDecimalWith400(String value) {
    assertRejected(POST + "Content-Length: " + value + "\r\n\r\n", 400,
        "Invalid Content-Length " + ParserHarness.quoted(value) + ".");
  }

  @Test
  void rejectsBothContentLengthAndTransferEncodingWith400() {
    assertRejected(POST + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400,
        "Both Content-Length and Transfer-Encoding are present.");
  }

  @Test
  void readsAChunkedBodyIgnoringExtensionsAndTrailers() {
    ParserHarness.Parsed p = parseOne(CHUNKED
        + "5\r\nhello\r\n"
        + "6;name=value;flag\r\n world\r\n"
        + "0A ; quoted=\"a b\"\r\n, chunked!\r\n"
        + "0\r\nX-Checksum: abc\r\nX-More: 1\r\n\r\n");

    assertThat(p.body()).isEqualTo("hello world, chunked!");
    assertThat(p.headers()).doesNotContain("Checksum");
  }

  @Test
  void readsChunkSizesInAnyCaseWithLeadingZeros() {
    assertThat(parseOne(CHUNKED + "000a\r\n0123456789\r\n0000B\r\nabcdefghijk\r\n000\r\n\r\n").body())
        .isEqualTo("0123456789abcdefghijk");
  }

  @Test
  void acceptsTransferEncodingChunkedInAnyCaseAndWithEmptyElements() {
    assertThat(parseOne(POST + "Transfer-Encoding: Chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n").body()).isEqualTo("x");
    assertThat(parseOne(POST + "Transfer-Encoding: , CHUNKED ,\r\n\r\n1\r\nx\r\n0\r\n\r\n").body()).isEqualTo("x");
  }

  @ParameterizedTest
  @ValueSource(strings = {"zz", "-5", ";ext", "5x", " 5", "5 x"})
  void rejectsAnInvalidChunkSizeWith400(String line) {
    assertRejected(CHUNKED + line + "\r\n", 400, "Invalid chunk size line " + ParserHarness.quoted(line) + ".");
  }

  @Test
  void rejectsControlCharactersInChunkExtensionsWith400() {
    assertRejected(CHUNKED + "1;a\u0001\r\nx\r\n", 400, "Invalid character 0x01 in chunk extension.");
    assertRejected(CHUNKED + "1;a\rb\r\nx\r\n", 400, "Invalid character 0x0D in chunk extension.");
  }

  @Test
  void requiresCrlfAfterChunkDataWith400() {
    assertRejected(CHUNKED + "5\r\nhelloX\r\n", 400, "Expected CRLF after chunk data, found 0x58.");
    assertRejected(CHUNKED + "5\r\nhello\rX", 400, "Expected CRLF after chunk data, found 0x58.");
    assertRejected(CHUNKED + "5\r\nhello\n0\r\n\r\n", 400, "Expected CRLF after chunk data, found 0x0A.");
  }

  @Test
  void requiresCrlfAtTheEndOfChunkSizeAndTrailerLinesWith400() {
    assertRejected(CHUNKED + "5\nhello\r\n", 400, "Chunk size line must end with CRLF.");
    assertRejected(CHUNKED + "0\r\nX-T: 1\n\r\n", 400, "Trailer line must end with CRLF.");
  }

  @Test
  void rejectsTransferEncodingNotEndingInChunkedWith400() {
    assertRejected(POST + "Transfer-Encoding: chunked, gzip\r\n\r\n", 400,
        "Transfer-Encoding \"chunked, gzip\" does not end with chunked.");
    assertRejected(POST + "Transfer-Encoding: gzip\r\n\r\n", 400,
        "Transfer-Encoding \"gzip\" does not end with chunked.");
    assertRejected(POST + "Transfer-Encoding: identity\r\n\r\n", 400,
        "Transfer-Encoding \"identity\" does not end with chunked.");
    assertRejected(POST + "Transfer-Encoding:\r\n\r\n", 400, "Transfer-Encoding \"\" does not end with chunked.");
  }

  @Test
  void rejectsChunkedAppliedTwiceWith400() {
    assertRejected(POST + "Transfer-Encoding: chunked, chunked\r\n\r\n", 400,
        "Transfer-Encoding \"chunked, chunked\" applies chunked twice.");
  }

  @Test
  void rejectsUnknownCodingsBeforeChunkedWith501() {
    assertRejected(POST + "Transfer-Encoding: gzip, chunked\r\n\r\n", 501,
        "Transfer coding \"gzip\" is not implemented.");
    assertRejected(POST + "Transfer-Encoding: x-custom\r\nTransfer-Encoding: chunked\r\n\r\n", 501,
        "Transfer coding \"x-custom\" is not implemented.");
  }

  @Test
  void rejectsTransferEncodingInHttp10With400() {
    assertRejected("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400,
        "Transfer-Encoding in an HTTP/1.0 request.");
  }

  @Test
  void leavesThePipelinedRequestAfterAChunkedBody() {
    assertThat(parseWhole(CHUNKED + "3\r\nabc\r\n0\r\nX-T: 1\r\n\r\nGET /next HTTP/1.1\r\nHost: a\r\n\r\n"))
        .extracting(ParserHarness.Parsed::target)
        .containsExactly("/upload", "/next");
  }
}
