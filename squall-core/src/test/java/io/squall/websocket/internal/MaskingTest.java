package io.squall.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link WebSocketProtocol#mask}: the 8-bytes-at-a-time version against a naive reference. */
class MaskingTest {
  private static final int KEY = 0x37fa213d; // the key of RFC 6455 §5.7's masked "Hello"

  static Stream<Arguments> buffers() {
    return Stream.of(
        Arguments.of("heap", (IntFunction<ByteBuffer>) ByteBuffer::allocate),
        Arguments.of("direct", (IntFunction<ByteBuffer>) ByteBuffer::allocateDirect),
        Arguments.of("heap little-endian",
            (IntFunction<ByteBuffer>) n -> ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN)),
        Arguments.of("direct little-endian",
            (IntFunction<ByteBuffer>) n -> ByteBuffer.allocateDirect(n).order(ByteOrder.LITTLE_ENDIAN)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("buffers")
  void matchesTheNaiveMaskForEveryOffsetStartAndLength(String kind, IntFunction<ByteBuffer> allocate) {
    Random random = new Random(6455);
    for (int length = 0; length <= 40; length++) {
      for (int from = 0; from < 8; from++) {
        for (int maskOffset = 0; maskOffset < 4; maskOffset++) {
          byte[] data = new byte[from + length + 3];
          random.nextBytes(data);
          ByteBuffer buf = allocate.apply(data.length);
          buf.put(0, data);
          int key = random.nextInt();

          WebSocketProtocol.mask(buf, from, from + length, key, maskOffset);

          byte[] expected = naiveMask(data, from, from + length, key, maskOffset);
          byte[] actual = new byte[data.length];
          buf.get(0, actual);
          assertThat(actual).as("length %d from %d offset %d", length, from, maskOffset).isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void masksTheRfcExample() {
    // RFC 6455 §5.7: "Hello" masked with key 37 fa 21 3d is 7f 9f 4d 51 58
    ByteBuffer hello = Hex.buffer("48 65 6c 6c 6f");
    WebSocketProtocol.mask(hello, 0, 5, KEY, 0);
    assertThat(Hex.of(hello)).isEqualTo("7f9f4d5158");
  }

  @Test
  void maskingInPiecesWithTheRunningOffsetEqualsMaskingAtOnce() {
    byte[] data = Hex.counting(100);
    ByteBuffer whole = ByteBuffer.wrap(data.clone());
    WebSocketProtocol.mask(whole, 0, 100, KEY, 0);

    ByteBuffer pieces = ByteBuffer.allocateDirect(100).put(0, data);
    int[] cuts = {0, 1, 4, 7, 19, 20, 63, 100};
    for (int i = 1; i < cuts.length; i++) {
      WebSocketProtocol.mask(pieces, cuts[i - 1], cuts[i], KEY, cuts[i - 1] & 3);
    }
    assertThat(Hex.of(pieces)).isEqualTo(Hex.of(whole));
  }

  @Test
  void maskingTwiceRestoresTheData() {
    ByteBuffer buf = ByteBuffer.wrap(Hex.counting(37));
    WebSocketProtocol.mask(buf, 0, 37, KEY, 2);
    WebSocketProtocol.mask(buf, 0, 37, KEY, 2);
    assertThat(buf.array()).isEqualTo(Hex.counting(37));
  }

  @Test
  void leavesPositionAndLimitAlone() {
    ByteBuffer buf = ByteBuffer.allocate(32).position(3).limit(30);
    WebSocketProtocol.mask(buf, 5, 29, KEY, 1);
    assertThat(buf.position()).isEqualTo(3);
    assertThat(buf.limit()).isEqualTo(30);
  }

  @Test
  void refusesARangePastTheLimit() {
    ByteBuffer buf = ByteBuffer.allocate(32).limit(10);
    assertThatThrownBy(() -> WebSocketProtocol.mask(buf, 0, 11, KEY, 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  private static byte[] naiveMask(byte[] data, int from, int to, int key, int maskOffset) {
    byte[] keyBytes = {(byte) (key >>> 24), (byte) (key >>> 16), (byte) (key >>> 8), (byte) key};
    byte[] out = data.clone();
    for (int i = from; i < to; i++) {
      out[i] ^= keyBytes[(maskOffset + i - from) & 3];
    }
    return out;
  }
}
