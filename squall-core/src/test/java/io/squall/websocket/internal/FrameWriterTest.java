package io.squall.websocket.internal;

import static io.squall.websocket.internal.RecordingCallback.binary;
import static io.squall.websocket.internal.RecordingCallback.text;
import static io.squall.websocket.internal.WebSocketProtocol.OPCODE_BINARY;
import static io.squall.websocket.internal.WebSocketProtocol.OPCODE_CONTINUATION;
import static io.squall.websocket.internal.WebSocketProtocol.OPCODE_PING;
import static io.squall.websocket.internal.WebSocketProtocol.OPCODE_TEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.websocket.internal.RecordingCallback.Close;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FrameWriterTest {
  private static final int KEY = 0x37fa213d; // RFC 6455 §5.7's example key
  private final RecordingCallback events = new RecordingCallback();

  @AfterEach
  void noEventLeftUnexamined() {
    events.assertNoMoreEvents();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 125, 126, 65535, 65536, 1 << 20})
  void aHeaderAloneIsTheHeadOfTheWholeFrame(int size) {
    ByteBuffer whole = FrameWriter.encode(OPCODE_BINARY, ByteBuffer.wrap(Hex.counting(size)), true, 0, false, 0);
    ByteBuffer header = FrameWriter.header(OPCODE_BINARY, size, true, 0);
    assertThat(header.remaining()).isEqualTo(FrameWriter.headerLength(size, false));
    assertThat(header).isEqualTo(whole.slice(0, header.remaining()));
  }

  @Test
  void encodesTheRfcExamples() {
    // RFC 6455 §5.7: unmasked "Hello"; masked "Hello"; 256 and 65536 byte binary headers
    assertThat(Hex.of(FrameWriter.encodeText("Hello", false, 0))).isEqualTo("810548656c6c6f");
    assertThat(Hex.of(FrameWriter.encodeText("Hello", true, KEY))).isEqualTo("818537fa213d7f9f4d5158");
    ByteBuffer frame256 = FrameWriter.encode(OPCODE_BINARY, ByteBuffer.allocate(256), true, 0, false, 0);
    assertThat(Hex.of(frame256.slice(0, 4))).isEqualTo("827e0100");
    ByteBuffer frame64k = FrameWriter.encode(OPCODE_BINARY, ByteBuffer.allocate(65536), true, 0, false, 0);
    assertThat(Hex.of(frame64k.slice(0, 10))).isEqualTo("827f0000000000010000");
  }

  @ParameterizedTest
  @CsvSource({"0, 2", "125, 2", "126, 4", "65535, 4", "65536, 10", "9223372036854775807, 10"})
  void headerLengthFollowsThePayloadLength(long payloadLength, int unmasked) {
    assertThat(FrameWriter.headerLength(payloadLength, false)).isEqualTo(unmasked);
    assertThat(FrameWriter.headerLength(payloadLength, true)).isEqualTo(unmasked + 4);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 125, 126, 65535, 65536, 1 << 20})
  void roundTripsThroughTheReader(int size) {
    byte[] payload = new byte[size];
    new Random(size).nextBytes(payload);
    for (boolean mask : new boolean[] {false, true}) {
      ByteBuffer source = ByteBuffer.wrap(payload);
      ByteBuffer frame = FrameWriter.encode(OPCODE_BINARY, source, true, 0, mask, KEY);
      assertThat(source.position()).as("payload untouched").isZero();
      assertThat(source.array()).isSameAs(payload);
      assertThat(frame.position()).isZero();
      assertThat(frame.remaining()).isEqualTo(FrameWriter.headerLength(size, mask) + size);

      new FrameReader(events, mask, 2 << 20).read(frame);
      assertThat(frame.hasRemaining()).isFalse();
      assertThat(events.next()).as("size %d, masked %s", size, mask).isEqualTo(binary(payload));
    }
  }

  @Test
  void masksWithoutChangingThePayloadBuffer() {
    ByteBuffer payload = Hex.buffer("48 65 6c 6c 6f");
    FrameWriter.encode(OPCODE_TEXT, payload, true, 0, true, KEY);
    assertThat(Hex.of(payload)).isEqualTo("48656c6c6f");
  }

  @Test
  void writesFragmentsAndReservedBits() {
    ByteBuffer first = FrameWriter.encode(OPCODE_TEXT, Hex.buffer("48 65 6c"), false, 0, false, 0);
    ByteBuffer last = FrameWriter.encode(OPCODE_CONTINUATION, Hex.buffer("6c 6f"), true, 0, false, 0);
    assertThat(Hex.of(first) + Hex.of(last)).isEqualTo("010348656c" + "80026c6f"); // RFC 6455 §5.7
    ByteBuffer rsv1 = FrameWriter.encode(
        OPCODE_BINARY, ByteBuffer.allocate(0), true, WebSocketProtocol.FLAG_RSV1, false, 0);
    assertThat(Hex.of(rsv1)).isEqualTo("c200");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Hello", "héllo wörld", "€ and ✓", "clef 𝄞 and 😀", "日本語"})
  void encodesTextAsTheJdkDoes(String text) {
    ByteBuffer frame = FrameWriter.encodeText(text, false, 0);
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    assertThat(frame.remaining()).isEqualTo(FrameWriter.headerLength(utf8.length, false) + utf8.length);
    new FrameReader(events, false, 1 << 20).read(frame);
    assertThat(events.next()).isEqualTo(text(text));
  }

  @Test
  void encodesALongMixedTextWithA64BitLength() {
    String text = "ascii, é, €, 𝄞 ".repeat(5000);
    ByteBuffer frame = FrameWriter.encodeText(text, true, KEY);
    new FrameReader(events, true, 1 << 20).read(frame);
    assertThat(events.next()).isEqualTo(text(text));
  }

  @Test
  void replacesLoneSurrogatesWithTheReplacementCharacter() {
    // "a", a lone high surrogate, "b", a lone low surrogate: EF BF BD is U+FFFD
    ByteBuffer frame = FrameWriter.encodeText("a\ud800b\udc00", false, 0);
    assertThat(Hex.of(frame)).isEqualTo("8108" + "61efbfbd62efbfbd");
  }

  @Test
  void encodesACloseWithCodeAndReason() {
    // Close, length 5, code 1000 (03 e8), "bye"
    assertThat(Hex.of(FrameWriter.encodeClose(1000, "bye", false, 0))).isEqualTo("880503e8627965");
    assertThat(Hex.of(FrameWriter.encodeClose(1001, null, false, 0))).isEqualTo("880203e9");
  }

  @Test
  void encodesNoStatusAsAnEmptyClose() {
    assertThat(Hex.of(FrameWriter.encodeClose(1005, "", false, 0))).isEqualTo("8800");
    assertThat(Hex.of(FrameWriter.encodeClose(1005, "", true, KEY))).isEqualTo("888037fa213d");
  }

  @ParameterizedTest
  @CsvSource({
      "a, 1, 123", // ASCII: 123 characters fill 123 bytes
      "é, 2, 122", // 2-byte: 61 fit, a 62nd would need 124
      "€, 3, 123", // 3-byte: 41 fit exactly
      "𝄞, 4, 120", // 4-byte (a surrogate pair): 30 fit, a 31st would need 124
  })
  void truncatesTheCloseReasonOnACodePointBoundary(String unit, int unitBytes, int reasonBytes) {
    String reason = unit.repeat(200);
    ByteBuffer frame = FrameWriter.encodeClose(4000, reason, true, KEY);
    assertThat(frame.remaining()).isEqualTo(2 + 4 + 2 + reasonBytes);
    new FrameReader(events, true, 1000).read(frame);
    assertThat(events.next()).isEqualTo(new Close(4000, unit.repeat(reasonBytes / unitBytes)));
  }

  @Test
  void keepsAReasonOfExactly123Bytes() {
    String reason = "x".repeat(120) + "€";
    ByteBuffer frame = FrameWriter.encodeClose(1000, reason, false, 0);
    assertThat(frame.remaining()).isEqualTo(2 + 125);
    new FrameReader(events, false, 1000).read(frame);
    assertThat(events.next()).isEqualTo(new Close(1000, reason));
  }

  @ParameterizedTest
  @ValueSource(ints = {999, 1004, 1006, 1015, 2000, 5000})
  void refusesToEncodeACloseCodeThatMayNotBeSent(int code) {
    assertThatThrownBy(() -> FrameWriter.encodeClose(code, "", false, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("Close code " + code + " cannot be sent.");
  }

  @Test
  void refusesAReasonWithoutACode() {
    assertThatThrownBy(() -> FrameWriter.encodeClose(1005, "why", false, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A close frame without a code cannot carry a reason.");
  }

  @Test
  void refusesFramesThatBreakTheControlFrameRules() {
    assertThatThrownBy(() -> FrameWriter.encode(OPCODE_PING, ByteBuffer.allocate(126), true, 0, false, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Control frame payload of 126 bytes exceeds 125.");
    assertThatThrownBy(() -> FrameWriter.encode(OPCODE_PING, ByteBuffer.allocate(0), false, 0, false, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("Control frames must be final.");
    assertThatThrownBy(() -> FrameWriter.encode(3, ByteBuffer.allocate(0), true, 0, false, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("Reserved opcode 3.");
    assertThatThrownBy(() -> FrameWriter.encode(OPCODE_TEXT, ByteBuffer.allocate(0), true, 0x80, false, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rsv must only hold FLAG_RSV1/2/3, got 0x80.");
  }

  /** Hands out windows in the middle of one array, as a loop's slab does: the array offset is not 0. */
  private static ByteBuffer windowOfABiggerArray(int size) {
    byte[] shared = new byte[size + 1000];
    java.util.Arrays.fill(shared, (byte) 0x55);
    return ByteBuffer.wrap(shared, 500, size).slice();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      hello           | false
      hello           | true
      café € 😀 end   | false
      café € 😀 end   | true
      lone \uD800 x  | true
      """)
  void aTextFrameInALentBufferHoldsTheSameBytesAsANewOne(String text, boolean mask) {
    ByteBuffer fresh = FrameWriter.encodeText(text, mask, KEY);
    ByteBuffer lent = FrameWriter.encodeText(text, mask, KEY, FrameWriterTest::windowOfABiggerArray);
    assertThat(lent.arrayOffset()).isEqualTo(500);
    assertThat(lent.position()).isZero();
    assertThat(lent).isEqualTo(fresh);
    assertThat(lent.array()[499]).isEqualTo((byte) 0x55); // nothing written before the window
    assertThat(lent.array()[500 + lent.limit()]).isEqualTo((byte) 0x55); // nor after it
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aBinaryFrameInALentBufferHoldsTheSameBytesAsANewOne(boolean mask) {
    ByteBuffer payload = ByteBuffer.wrap(Hex.counting(200));
    ByteBuffer fresh = FrameWriter.encode(OPCODE_BINARY, payload, true, 0, mask, KEY);
    ByteBuffer lent = FrameWriter.encode(OPCODE_BINARY, payload, true, 0, mask, KEY, FrameWriterTest::windowOfABiggerArray);
    assertThat(lent).isEqualTo(fresh);
    assertThat(payload.position()).isZero();
  }
}
