package io.squall.websocket.internal;

import static io.squall.websocket.internal.RecordingCallback.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.websocket.CloseCode;
import io.squall.websocket.internal.RecordingCallback.Close;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rule {@link FrameReader} enforces, each with its close code and exact message. */
class FrameReaderRulesTest {
  private final RecordingCallback events = new RecordingCallback();
  private final FrameReader client = new FrameReader(events, false, 10L * 1024 * 1024);
  private final FrameReader server = new FrameReader(events, true, 10L * 1024 * 1024);

  @AfterEach
  void noEventLeftUnexamined() {
    events.assertNoMoreEvents();
  }

  private static void assertFails(FrameReader reader, String hex, int code, String message) {
    assertThatThrownBy(() -> reader.read(Hex.buffer(hex)))
        .isInstanceOf(ProtocolException.class)
        .hasMessage(message)
        .extracting(e -> ((ProtocolException) e).closeCode()).isEqualTo(CloseCode.of(code));
  }

  @ParameterizedTest
  // FIN + text with RSV1, RSV2, RSV3, all three; a ping with RSV1
  @ValueSource(strings = {"c1 00", "a1 00", "91 00", "f1 00", "c9 00"})
  void closesWith1002WhenAReservedBitIsSetWithoutAnExtension(String hex) {
    assertFails(client, hex, 1002, "Reserved bits must be 0.");
  }

  @Test
  void allowsRsv1OnlyOnTheFirstFrameOfADataMessageOnceNegotiated() {
    client.setRsv1Allowed(true);
    // RSV2 + text stays reserved
    assertFails(client, "a1 00", 1002, "Reserved bits must be 0.");
    FrameReader reader = new FrameReader(events, false, 100);
    reader.setRsv1Allowed(true);
    // RSV1 + FIN + ping
    assertFails(reader, "c9 00", 1002, "RSV1 must be 0 on control frames.");
    FrameReader fragments = new FrameReader(events, false, 100);
    fragments.setRsv1Allowed(true);
    // RSV1 + text without FIN, then RSV1 + FIN + continuation
    assertFails(fragments, "41 01 61  c0 01 62", 1002, "RSV1 must be 0 on continuation frames.");
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 4, 5, 6, 7, 11, 12, 13, 14, 15})
  void closesWith1002OnAReservedOpcode(int opcode) {
    // FIN + the opcode, empty payload
    assertFails(client, "%02x 00".formatted(0x80 | opcode), 1002, "Reserved opcode " + opcode + ".");
  }

  @Test
  void closesWith1002OnUnmaskedFrame() {
    // A client's "Hello" without a mask (RFC 6455 §5.7's unmasked example, sent to a server)
    assertFails(server, "81 05 48 65 6c 6c 6f", 1002, "Client frames must be masked.");
  }

  @Test
  void closesWith1002OnMaskedFrameFromServer() {
    // RFC 6455 §5.7's masked "Hello", sent by a server
    assertFails(client, "81 85 37 fa 21 3d 7f 9f 4d 51 58", 1002, "Server frames must not be masked.");
  }

  @Test
  void failsOnTheFirstTwoHeaderBytesWithoutWaitingForTheRest() {
    // An unmasked ping to a server: two bytes suffice, the length bytes never come
    assertFails(server, "89 7e", 1002, "Client frames must be masked.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"08 00", "09 00", "0a 00"}) // close, ping, pong without FIN
  void controlFramesMustBeFinal(String hex) {
    assertFails(client, hex, 1002, "Control frames must be final.");
  }

  @Test
  void closesWith1002WhenAControlPayloadExceeds125BeforeItArrives() {
    // Ping, 16-bit length 126; no payload sent
    assertFails(client, "89 7e 00 7e", 1002, "Control frame payload of 126 bytes exceeds 125.");
    // Close, 64-bit length 2^32
    assertFails(new FrameReader(events, false, 100), "88 7f 00 00 00 01 00 00 00 00", 1002,
        "Control frame payload of 4294967296 bytes exceeds 125.");
  }

  @Test
  void acceptsAControlPayloadOf125() {
    byte[] payload = new byte[125];
    client.read(ByteBuffer.wrap(Hex.concat("8a 7d", payload))); // pong, length 125
    assertThat(events.next()).isEqualTo(new RecordingCallback.Pong(Hex.of(payload)));
  }

  @Test
  void closesWith1002OnAContinuationWithoutAMessage() {
    // FIN + continuation "a"
    assertFails(client, "80 01 61", 1002, "Continuation frame without a message to continue.");
  }

  @Test
  void closesWith1002OnANewMessageInsideAFragmentedOne() {
    // Text "a" without FIN, then FIN + binary "b"
    assertFails(client, "01 01 61  82 01 62", 1002, "Expected a continuation frame, got opcode 2.");
  }

  @Test
  void closesWith1002WhenA64BitLengthHasItsTopBitSet() {
    // Binary, 64-bit length 0x8000000000000000
    assertFails(client, "82 7f 80 00 00 00 00 00 00 00", 1002,
        "Frame length must not have the most significant bit set.");
  }

  @Test
  void closesWith1009AsSoonAsTheHeaderAnnouncesTooBigAMessage() {
    // Binary, 64-bit length 10485761 = 0xA00001; no payload sent
    assertFails(client, "82 7f 00 00 00 00 00 a0 00 01", 1009,
        "Message of 10485761 bytes exceeds maxMessageSize 10485760.");
  }

  @Test
  void closesWith1009WhenFragmentsAddUpToTooBigAMessage() {
    FrameReader small = new FrameReader(events, false, 10);
    // Text "hello" without FIN, then a continuation announcing 6 more bytes: 11 > 10
    assertFails(small, "01 05 68 65 6c 6c 6f  80 06", 1009, "Message of 11 bytes exceeds maxMessageSize 10.");
  }

  @Test
  void acceptsAMessageOfExactlyMaxMessageSize() {
    FrameReader small = new FrameReader(events, false, 10);
    // "hello" + "world" in two fragments: 10 bytes
    small.read(Hex.buffer("01 05 68 65 6c 6c 6f  80 05 77 6f 72 6c 64"));
    assertThat(events.next()).isEqualTo(text("helloworld"));
  }

  @Test
  void reportsAnAbsurdLengthWithoutOverflow() {
    // Binary, 64-bit length 2^63 - 1
    assertFails(client, "82 7f 7f ff ff ff ff ff ff ff", 1009,
        "Message of 9223372036854775807 bytes exceeds maxMessageSize 10485760.");
  }

  @Test
  void closesWith1007OnInvalidUtf8InText() {
    // FIN + text "H" then C0 AF, an overlong '/'
    assertFails(client, "81 03 48 c0 af", 1007, "Invalid UTF-8 in text message.");
  }

  @Test
  void closesWith1007WhenTextEndsInsideACodePoint() {
    // FIN + text E2 82: the first two bytes of €
    assertFails(client, "81 02 e2 82", 1007, "Text message ends inside a UTF-8 sequence.");
    // The same split over two fragments, the last one empty
    assertFails(new FrameReader(events, false, 100), "01 02 e2 82  80 00", 1007,
        "Text message ends inside a UTF-8 sequence.");
  }

  @Test
  void acceptsACodePointSplitAcrossFragments() {
    // Text C3 without FIN, then FIN + continuation A9: "é"
    client.read(Hex.buffer("01 01 c3  80 01 a9"));
    assertThat(events.next()).isEqualTo(text("é"));
  }

  @Test
  void neverValidatesBinaryAsText() {
    client.read(Hex.buffer("82 02 c0 af")); // FIN + binary C0 AF
    assertThat(events.next()).isEqualTo(RecordingCallback.binary(Hex.bytes("c0 af")));
  }

  @Test
  void closesWith1002OnAOneByteClosePayload() {
    assertFails(client, "88 01 03", 1002, "Close frame payload of 1 byte is too short for a status code.");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535})
  void closesWith1002OnACloseCodeNotValidOnTheWire(int code) {
    assertFails(client, "88 02 %04x".formatted(code), 1002, "Invalid close code " + code + ".");
  }

  @ParameterizedTest
  @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4999})
  void acceptsEveryCloseCodeValidOnTheWire(int code) {
    client.read(Hex.buffer("88 02 %04x".formatted(code)));
    assertThat(events.next()).isEqualTo(new Close(code, ""));
  }

  @Test
  void closesWith1007WhenTheCloseReasonIsNotUtf8() {
    // Close 1000, reason FF FE
    assertFails(client, "88 04 03 e8 ff fe", 1007, "Close reason is not valid UTF-8.");
  }

  @Test
  void ignoresAllInputAfterAProtocolError() {
    assertFails(client, "83 00", 1002, "Reserved opcode 3.");
    ByteBuffer in = Hex.buffer("81 05 48 65 6c 6c 6f");
    client.read(in);
    assertThat(in.hasRemaining()).isFalse();
    assertThat(client.bufferedBytes()).isZero();
  }

  @Test
  void releasesItsBuffersOnAProtocolError() {
    client.read(Hex.buffer("01 03 48 65 6c")); // "Hel" without FIN, held
    assertThat(client.bufferedBytes()).isPositive();
    assertFails(client, "81 00", 1002, "Expected a continuation frame, got opcode 1.");
    assertThat(client.bufferedBytes()).isZero();
  }
}
