package io.squall.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.ioloop.EventLoop;
import io.squall.ioloop.LoopCalls;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8ValidatorTest {
  private final Utf8Validator validator = new Utf8Validator();

  /** One of each length: A, é (C3 A9), € (E2 82 AC), 𝄞 (F0 9D 84 9E), plus the extremes. */
  private static final String MIXED =
      "A é € 𝄞 \u0000 \u007f \u0080 \u07ff \u0800 \ud7ff \ue000 \uffff \udbff\udfff";

  @Test
  void decodesADirectPayloadThroughTheLoopsScratchAndLeavesItsPositionAlone() throws Exception {
    EventLoop loop = new EventLoop("decode-loop");
    try {
      byte[] bytes = ("xx" + MIXED).getBytes(StandardCharsets.UTF_8);
      ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length + 3).put(bytes).flip().position(2);
      String text = LoopCalls.onLoop(loop, () -> Utf8Validator.decode(direct, loop));
      assertThat(text).isEqualTo(MIXED);
      assertThat(direct.position()).isEqualTo(2);
      assertThat(LoopCalls.onLoop(loop, () -> Utf8Validator.decode(direct.slice(0, 2), loop))).isEqualTo("xx");
    } finally {
      loop.shutdown(Duration.ofSeconds(2));
    }
  }

  @Test
  void decodesAHeapPayloadInPlaceWithoutALoop() {
    byte[] bytes = ("--" + MIXED).getBytes(StandardCharsets.UTF_8);
    assertThat(Utf8Validator.decode(ByteBuffer.wrap(bytes).position(2), null)).isEqualTo(MIXED);
  }

  @Test
  void acceptsValidMultiByteText() {
    byte[] bytes = MIXED.getBytes(StandardCharsets.UTF_8);
    assertThat(validator.update(ByteBuffer.wrap(bytes), 0, bytes.length)).isTrue();
    assertThat(validator.isComplete()).isTrue();
    assertThat(Utf8Validator.isValid(ByteBuffer.wrap(bytes), 0, bytes.length)).isTrue();
  }

  @Test
  void acceptsCodePointsSplitAcrossCallsAtEveryByte() {
    byte[] bytes = MIXED.getBytes(StandardCharsets.UTF_8);
    for (int cut = 0; cut <= bytes.length; cut++) {
      validator.reset();
      ByteBuffer buf = ByteBuffer.allocateDirect(bytes.length).put(0, bytes);
      assertThat(validator.update(buf, 0, cut)).as("first %d bytes", cut).isTrue();
      assertThat(validator.update(buf, cut, bytes.length)).as("rest after %d", cut).isTrue();
      assertThat(validator.isComplete()).isTrue();
    }
  }

  @Test
  void acceptsByteByByte() {
    ByteBuffer buf = ByteBuffer.wrap(MIXED.getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < buf.limit(); i++) {
      assertThat(validator.update(buf, i, i + 1)).isTrue();
    }
    assertThat(validator.isComplete()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "c0 af", // overlong '/' in two bytes
      "c1 bf", // overlong U+007F
      "e0 80 af", // overlong '/' in three bytes
      "e0 9f bf", // overlong U+07FF
      "f0 80 80 af", // overlong '/' in four bytes
      "f0 8f bf bf", // overlong U+FFFF
      "ed a0 80", // U+D800, a high surrogate
      "ed bf bf", // U+DFFF, a low surrogate
      "ed a0 bd ed b2 a9", // a surrogate pair spelled out (CESU-8)
      "f4 90 80 80", // U+110000, past the last code point
      "f5 80 80 80", // F5 can only start code points past U+10FFFF
      "ff", // never valid
      "80", // lone continuation byte
      "41 bf", // continuation after ASCII
      "c3 28", // lead byte followed by ASCII instead of a continuation
      "e2 82 41", // three-byte sequence cut by ASCII
  })
  void rejectsInvalidSequences(String hex) {
    ByteBuffer buf = Hex.buffer(hex);
    assertThat(validator.update(buf, 0, buf.limit())).isFalse();
    assertThat(Utf8Validator.isValid(buf, 0, buf.limit())).isFalse();
  }

  @Test
  void failsOnTheFirstBadByteWithoutWaitingForMore() {
    // "Hello" then C0: no byte can follow C0 in valid UTF-8, so the answer is known now
    ByteBuffer buf = Hex.buffer("48 65 6c 6c 6f c0");
    assertThat(validator.update(buf, 0, buf.limit())).isFalse();
  }

  @Test
  void staysRejectedUntilReset() {
    assertThat(validator.update(Hex.buffer("ff"), 0, 1)).isFalse();
    assertThat(validator.update(Hex.buffer("41"), 0, 1)).isFalse();
    validator.reset();
    assertThat(validator.update(Hex.buffer("41"), 0, 1)).isTrue();
  }

  @Test
  void reportsAPrefixThatStopsInsideACodePointAsIncomplete() {
    // E2 82 is the start of € (E2 82 AC): a valid prefix, but not a whole text
    ByteBuffer buf = Hex.buffer("e2 82");
    assertThat(validator.update(buf, 0, 2)).isTrue();
    assertThat(validator.isComplete()).isFalse();
    assertThat(Utf8Validator.isValid(buf, 0, 2)).isFalse();
  }

  @Test
  void checksLongAsciiRunsAndWhatFollowsThem() {
    byte[] ascii = "The quick brown fox jumps over the lazy dog, 0123456789!".repeat(20)
        .getBytes(StandardCharsets.US_ASCII);
    for (int badAt : new int[] {0, 7, 8, 9, 63, 64, ascii.length - 1}) {
      byte[] bytes = ascii.clone();
      bytes[badAt] = (byte) 0xFF;
      ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(0, bytes);
      ByteBuffer heap = ByteBuffer.wrap(bytes);
      assertThat(Utf8Validator.isValid(heap, 0, bytes.length)).as("heap, 0xFF at %d", badAt).isFalse();
      assertThat(Utf8Validator.isValid(direct, 0, bytes.length)).as("direct, 0xFF at %d", badAt).isFalse();
    }
    assertThat(Utf8Validator.isValid(ByteBuffer.wrap(ascii), 0, ascii.length)).isTrue();
  }

  @Test
  void checksOnlyTheGivenRange() {
    // FF outside [1, 3) must not matter
    ByteBuffer buf = Hex.buffer("ff 41 42 ff");
    assertThat(Utf8Validator.isValid(buf, 1, 3)).isTrue();
    assertThat(Utf8Validator.isValid(buf, 0, 0)).isTrue();
  }

  @Test
  void agreesWithTheJdkDecoderOnEveryTwoAndThreeByteSequence() {
    var decoder = StandardCharsets.UTF_8.newDecoder();
    for (int b0 = 0x80; b0 <= 0xFF; b0++) {
      for (int b1 = 0; b1 <= 0xFF; b1++) {
        for (int b2 : new int[] {0x00, 0x41, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF}) {
          byte[] bytes = {(byte) b0, (byte) b1, (byte) b2};
          boolean jdk;
          try {
            decoder.reset().decode(ByteBuffer.wrap(bytes));
            jdk = true;
          } catch (java.nio.charset.CharacterCodingException e) {
            jdk = false;
          }
          assertThat(Utf8Validator.isValid(ByteBuffer.wrap(bytes), 0, 3)).as(Hex.of(bytes)).isEqualTo(jdk);
        }
      }
    }
  }
}
