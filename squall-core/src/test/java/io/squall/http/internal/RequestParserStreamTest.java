package io.squall.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.http.HttpException;
import io.squall.http.HttpLimits;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The head stops before the body ({@link RequestParser#feedHead}), and a body started with its own
 * limit and a {@link BodySink} goes to the sink piece by piece, framing removed, never buffered.
 */
class RequestParserStreamTest {
  private static final String POST = "POST /upload HTTP/1.1\r\nHost: a\r\n";
  private static final String CHUNKED = POST + "Transfer-Encoding: chunked\r\n\r\n";

  /** Records every piece (copied: the view is valid only during the call) and pauses when told. */
  static final class RecordingSink implements BodySink {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final List<Integer> pieces = new ArrayList<>();
    boolean pauseNext;

    @Override
    public boolean accept(ByteBuffer piece) {
      assertThat(piece.isReadOnly()).isTrue();
      pieces.add(piece.remaining());
      byte[] copy = new byte[piece.remaining()];
      piece.get(copy);
      bytes.writeBytes(copy);
      boolean goOn = !pauseNext;
      pauseNext = false;
      return goOn;
    }

    String text() {
      return bytes.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private static ByteBuffer ascii(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** A parser past the head at the start of {@code in}, its body started under {@code limit} into {@code sink}. */
  private static RequestParser streaming(ByteBuffer in, long limit, BodySink sink) {
    RequestParser parser = new RequestParser(HttpLimits.defaults());
    assertThat(parser.feedHead(in)).isTrue();
    parser.startBody(limit, sink);
    return parser;
  }

  @Test
  void feedHeadStopsAtTheEndOfTheHeadAndLeavesTheBodyUnread() {
    RequestParser parser = new RequestParser(HttpLimits.defaults());
    ByteBuffer in = ascii(POST + "Content-Length: 5\r\n\r\nhello");

    assertThat(parser.feedHead(in)).isTrue();
    assertThat(in.remaining()).isEqualTo(5);
    assertThat(parser.bodyDeclared()).isTrue();
    assertThat(parser.feed(in)).as("without startBody, feed buffers under the server's limit").isTrue();
    assertThat(parser.body()).asString(StandardCharsets.ISO_8859_1).isEqualTo("hello");
  }

  @Test
  void aHeadWithoutBodyDeclaresNone() {
    RequestParser parser = new RequestParser(HttpLimits.defaults());
    ByteBuffer in = ascii("GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /next HTTP/1.1\r\n");

    assertThat(parser.feedHead(in)).isTrue();
    assertThat(parser.bodyDeclared()).isFalse();
    assertThat(parser.feed(in)).isTrue();
    assertThat(in.remaining()).as("the next request stays").isEqualTo(20);
  }

  @Test
  void feedHeadWaitsForTheRestOfAHeadSentInPieces() {
    RequestParser parser = new RequestParser(HttpLimits.defaults());
    assertThat(parser.feedHead(ascii(POST + "Transfer-Encoding: chu"))).isFalse();
    assertThat(parser.feedHead(ascii("nked\r\n\r\n"))).isTrue();
    assertThat(parser.bodyDeclared()).as("chunked, which may still turn out empty").isTrue();
  }

  @Test
  void streamedContentLengthBodyReachesTheSinkInOrderAndIsNotBuffered() {
    byte[] body = new byte[200_000];
    new Random(1).nextBytes(body);
    RecordingSink sink = new RecordingSink();
    RequestParser parser = new RequestParser(HttpLimits.defaults());
    assertThat(parser.feedHead(ascii(POST + "Content-Length: 200000\r\n\r\n"))).isTrue();
    parser.startBody(HttpLimits.defaults().maxBodyBytes(), sink);

    boolean complete = false;
    Random sizes = new Random(2);
    for (int offset = 0; offset < body.length; ) {
      int n = Math.min(body.length - offset, 1 + sizes.nextInt(70_000));
      complete = parser.feed(ByteBuffer.wrap(body, offset, n));
      offset += n;
    }

    assertThat(complete).isTrue();
    assertThat(sink.bytes.toByteArray()).isEqualTo(body);
    assertThat(parser.body()).isEmpty();
  }

  @Test
  void streamedChunkedBodyReachesTheSinkWithoutItsFraming() {
    RecordingSink sink = new RecordingSink();
    ByteBuffer in = ascii(CHUNKED + "5\r\nhello\r\n6;name=value\r\n world\r\n0\r\nTrailer: dropped\r\n\r\n");
    RequestParser parser = streaming(in, 100, sink);
    // Fed byte by byte: each piece is what one read holds of the data, here one byte.
    boolean complete = false;
    while (in.hasRemaining()) {
      complete = parser.feed(in.slice(in.position(), 1));
      in.position(in.position() + 1);
    }

    assertThat(complete).isTrue();
    assertThat(sink.text()).isEqualTo("hello world");
    assertThat(sink.pieces).hasSize(11).containsOnly(1);
  }

  @Test
  void aSinkThatPausesStopsTheParserRightAfterItsPiece() {
    RecordingSink sink = new RecordingSink();
    ByteBuffer in = ascii(CHUNKED + "3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\nGET /next HTTP/1.1\r\n");
    RequestParser parser = streaming(in, 100, sink);

    sink.pauseNext = true;
    assertThat(parser.feed(in)).isFalse();
    assertThat(sink.text()).isEqualTo("abc");
    assertThat(in.remaining()).as("nothing past the paused piece is consumed")
        .isEqualTo("\r\n3\r\ndef\r\n0\r\n\r\nGET /next HTTP/1.1\r\n".length());
    assertThat(parser.feed(in)).isTrue();
    assertThat(sink.text()).isEqualTo("abcdef");
    assertThat(in.remaining()).isEqualTo("GET /next HTTP/1.1\r\n".length());

    // Paused on its last piece, a body ends at the next feed, which needs no input for it.
    ByteBuffer fixed = ascii(POST + "Content-Length: 3\r\n\r\nxyz");
    RequestParser other = streaming(fixed, 100, sink);
    sink.pauseNext = true;
    assertThat(other.feed(fixed)).isFalse();
    assertThat(other.feed(ByteBuffer.allocate(0))).isTrue();
    assertThat(sink.text()).isEqualTo("abcdefxyz");
  }

  @Test
  void aRequestsOwnLimitReplacesTheServers() {
    HttpLimits small = HttpLimits.defaults().withMaxBodyBytes(10);
    RequestParser raised = new RequestParser(small);
    ByteBuffer in = ascii(POST + "Content-Length: 20\r\n\r\n" + "x".repeat(20));
    raised.feedHead(in);
    raised.startBody(20, new RecordingSink());
    assertThat(raised.feed(in)).isTrue();

    RequestParser lowered = new RequestParser(HttpLimits.defaults());
    lowered.feedHead(ascii(POST + "Content-Length: 2048\r\n\r\n"));
    assertThatThrownBy(() -> lowered.startBody(1024, new RecordingSink()))
        .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.status()).isEqualTo(413))
        .hasMessage("Body of 2048 bytes exceeds maxBodyBytes 1024.");
    assertThatThrownBy(() -> lowered.feed(ascii("x"))).as("the parser refuses input after a failure")
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aChunkCrossingTheRequestsOwnLimitIs413AsItsSizeArrives() {
    RecordingSink sink = new RecordingSink();
    RequestParser parser = streaming(ascii(CHUNKED), 5, sink);

    assertThat(parser.feed(ascii("3\r\nabc\r\n"))).isFalse();
    assertThatThrownBy(() -> parser.feed(ascii("3\r\n")))
        .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.status()).isEqualTo(413))
        .hasMessage("Body of 6 bytes exceeds maxBodyBytes 5.");
    assertThat(sink.text()).isEqualTo("abc");
  }

  @Test
  void aStreamedBodyMayBeLargerThanAnArrayHolds() {
    RequestParser fixed = streaming(ascii(POST + "Content-Length: 3000000000\r\n\r\n"), 4_000_000_000L, new RecordingSink());
    assertThat(fixed.feed(ascii("abc"))).isFalse();

    // 2^31 and then 2^60 bytes announced: past an int, then past 15 hex digits, within the limit.
    RequestParser chunked = streaming(ascii(CHUNKED), Long.MAX_VALUE, new RecordingSink());
    assertThat(chunked.feed(ascii("80000000\r\nabc"))).isFalse();
    RequestParser huge = streaming(ascii(CHUNKED), Long.MAX_VALUE, new RecordingSink());
    assertThat(huge.feed(ascii("1000000000000000\r\nabc"))).isFalse();
  }

  @Test
  void startBodyComesOnceRightAfterTheHead() {
    RequestParser parser = new RequestParser(HttpLimits.defaults());
    assertThat(parser.feedHead(ascii(POST + "Content-Length: 1\r\n\r\n"))).isTrue();
    parser.startBody(10, null);
    assertThatThrownBy(() -> parser.startBody(10, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("The body starts once, right after the head.");
  }
}
