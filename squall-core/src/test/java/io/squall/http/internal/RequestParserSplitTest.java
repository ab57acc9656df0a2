package io.squall.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.http.HttpException;
import io.squall.http.HttpLimits;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * However the bytes are cut into reads, the parser reaches the same outcome: the same requests, or
 * the same error after the same requests. Checked on valid traffic and on seeded random mutations of
 * it, which land in every state of the parser.
 */
class RequestParserSplitTest {
  private static final String TRAFFIC = "\r\nGET /a?x=1 HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n"
      + "POST /b HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nhello"
      + "PUT /c HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\n\r\n"
      + "4;ext=1\r\nwiki\r\n0\r\nX-Trailer: t\r\n\r\n"
      + "GET /d HTTP/1.0\nConnection: keep-alive\n\n";

  /** The requests parsed, then the error that stopped parsing, if any. */
  private record Outcome(List<ParserHarness.Parsed> requests, String error) {}

  @Test
  void parsesValidTrafficTheSameInEverySplit() {
    Outcome whole = outcome(TRAFFIC.getBytes(StandardCharsets.ISO_8859_1), new int[] {TRAFFIC.length()});

    assertThat(whole.error()).isNull();
    assertThat(whole.requests()).extracting(ParserHarness.Parsed::target).containsExactly("/a?x=1", "/b", "/c", "/d");
    assertSameInEverySplit(TRAFFIC.getBytes(StandardCharsets.ISO_8859_1), new Random(1));
  }

  @Test
  void reachesTheSameOutcomeInEverySplitOfMutatedTraffic() {
    Random random = new Random(20240601);
    byte[] original = TRAFFIC.getBytes(StandardCharsets.ISO_8859_1);
    byte[] interesting = " \t\r\n:;,0aZ\u0000\u007f\u00ff".getBytes(StandardCharsets.ISO_8859_1);
    for (int round = 0; round < 500; round++) {
      byte[] mutated = Arrays.copyOf(original, original.length);
      for (int m = 1 + random.nextInt(3); m > 0; m--) {
        mutated[random.nextInt(mutated.length)] = interesting[random.nextInt(interesting.length)];
      }
      assertSameInEverySplit(mutated, random);
    }
  }

  private static void assertSameInEverySplit(byte[] wire, Random random) {
    Outcome whole = outcome(wire, new int[] {wire.length});
    int[] single = new int[wire.length];
    Arrays.fill(single, 1);
    assertThat(outcome(wire, single)).as("byte by byte: %s", ascii(wire)).isEqualTo(whole);
    for (int i = 0; i < 3; i++) {
      assertThat(outcome(wire, randomPieces(wire.length, random))).as("pieces: %s", ascii(wire)).isEqualTo(whole);
    }
  }

  private static Outcome outcome(byte[] wire, int[] pieces) {
    List<ParserHarness.Parsed> requests = new ArrayList<>();
    RequestParser parser = new RequestParser(HttpLimits.defaults().withMaxHeaderBytes(100));
    int offset = 0;
    try {
      for (int size : pieces) {
        ByteBuffer in = ByteBuffer.wrap(Arrays.copyOfRange(wire, offset, offset + size));
        offset += size;
        while (parser.feed(in)) {
          requests.add(ParserHarness.snapshot(parser));
          parser.reset();
        }
      }
    } catch (HttpException e) {
      return new Outcome(requests, e.status() + " " + e.getMessage());
    }
    return new Outcome(requests, null);
  }

  private static int[] randomPieces(int length, Random random) {
    List<Integer> sizes = new ArrayList<>();
    for (int left = length; left > 0; ) {
      int size = Math.min(left, 1 + random.nextInt(40));
      sizes.add(size);
      left -= size;
    }
    return sizes.stream().mapToInt(Integer::intValue).toArray();
  }

  private static String ascii(byte[] wire) {
    return HttpChars.quote(new String(wire, StandardCharsets.ISO_8859_1));
  }
}
