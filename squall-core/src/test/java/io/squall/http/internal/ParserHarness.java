package io.squall.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.squall.http.HttpException;
import io.squall.http.HttpLimits;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Feeds bytes to a {@link RequestParser} the way a connection does: each piece through one shared
 * direct buffer that is scribbled over after every feed, so a parser that kept a reference to it
 * would see garbage. Completed requests are captured and the parser reset, so pipelined requests in
 * one piece come out one after another.
 */
final class ParserHarness {
  /** Snapshot of a completed request. */
  record Parsed(
      String method, String target, String version, String headers, String body,
      boolean keepAlive, boolean expectsContinue, boolean upgrade, int bufferedBytes) {}

  private static final ByteBuffer SHARED = ByteBuffer.allocateDirect(2 * 1024 * 1024);

  private ParserHarness() {}

  static List<Parsed> parseWhole(String wire) {
    return parse(HttpLimits.defaults(), wire, new int[] {wire.length()});
  }

  static List<Parsed> parseByteByByte(String wire) {
    int[] pieces = new int[wire.length()];
    Arrays.fill(pieces, 1);
    return parse(HttpLimits.defaults(), wire, pieces);
  }

  /** Pieces of random sizes from 1 to 17 bytes, the same for the same seed. */
  static List<Parsed> parseInRandomPieces(HttpLimits limits, String wire, long seed) {
    Random random = new Random(seed);
    List<Integer> sizes = new ArrayList<>();
    for (int left = wire.length(); left > 0; ) {
      int size = Math.min(left, 1 + random.nextInt(17));
      sizes.add(size);
      left -= size;
    }
    return parse(limits, wire, sizes.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Parses the wire text (ISO-8859-1) cut into pieces of the given sizes. */
  static List<Parsed> parse(HttpLimits limits, String wire, int[] pieces) {
    return parse(new RequestParser(limits), wire.getBytes(StandardCharsets.ISO_8859_1), pieces);
  }

  static List<Parsed> parse(RequestParser parser, byte[] wire, int[] pieces) {
    List<Parsed> parsed = new ArrayList<>();
    int offset = 0;
    for (int size : pieces) {
      SHARED.clear().put(wire, offset, size).flip();
      offset += size;
      while (parser.feed(SHARED)) {
        parsed.add(snapshot(parser));
        parser.reset();
        assertThat(parser.bufferedBytes()).isZero();
      }
      assertThat(SHARED.hasRemaining()).as("bytes left after feed returned false").isFalse();
      scribble(size);
    }
    return parsed;
  }

  /** The only request in the wire text, checked to parse the same whole, byte by byte and in random pieces. */
  static Parsed parseOne(String wire) {
    List<Parsed> whole = parseWhole(wire);
    assertThat(whole).hasSize(1);
    assertThat(parseByteByByte(wire)).isEqualTo(whole);
    for (long seed = 0; seed < 5; seed++) {
      assertThat(parseInRandomPieces(HttpLimits.defaults(), wire, seed)).isEqualTo(whole);
    }
    return whole.getFirst();
  }

  /** Asserts the request fails with the status and message, whole, byte by byte and in random pieces. */
  static void assertRejected(String wire, int status, String message) {
    assertRejected(HttpLimits.defaults(), wire, status, message);
  }

  static void assertRejected(HttpLimits limits, String wire, int status, String message) {
    assertFails(() -> parse(limits, wire, new int[] {wire.length()}), status, message);
    int[] bytes = new int[wire.length()];
    Arrays.fill(bytes, 1);
    assertFails(() -> parse(limits, wire, bytes), status, message);
    assertFails(() -> parseInRandomPieces(limits, wire, 42), status, message);
  }

  private static void assertFails(Runnable parse, int status, String message) {
    HttpException e = catchThrowableOfType(HttpException.class, parse::run);
    assertThat(e).as("HttpException").isNotNull();
    assertThat(e.status()).isEqualTo(status);
    assertThat(e).hasMessage(message);
  }

  /** Untrusted text as messages quote it. */
  static String quoted(String s) {
    return HttpChars.quote(s);
  }

  static Parsed snapshot(RequestParser p) {
    return new Parsed(
        p.method(), p.target(), p.version(), p.headers().toString(),
        new String(p.body(), StandardCharsets.ISO_8859_1),
        p.keepAlive(), p.expectsContinue(), p.isUpgrade(), p.bufferedBytes());
  }

  private static void scribble(int size) {
    for (int i = 0; i < size; i++) {
      SHARED.put(i, (byte) 'X');
    }
    SHARED.clear().limit(0);
  }
}
