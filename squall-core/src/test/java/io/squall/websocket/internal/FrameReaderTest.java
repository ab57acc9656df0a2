package io.squall.websocket.internal;

import static io.squall.websocket.internal.RecordingCallback.binary;
import static io.squall.websocket.internal.RecordingCallback.ping;
import static io.squall.websocket.internal.RecordingCallback.pong;
import static io.squall.websocket.internal.RecordingCallback.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.websocket.internal.RecordingCallback.Close;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link FrameReader} on well-formed input: the examples of RFC 6455 §5.7 and their relatives. */
class FrameReaderTest {
  private static final long MAX = 10L * 1024 * 1024;
  private final RecordingCallback events = new RecordingCallback();
  /** Reads a server's frames: unmasked. */
  private final FrameReader client = new FrameReader(events, false, MAX);
  /** Reads a client's frames: masked. */
  private final FrameReader server = new FrameReader(events, true, MAX);

  @AfterEach
  void noEventLeftUnexamined() {
    events.assertNoMoreEvents();
  }

  @Test
  void readsASingleFrameUnmaskedText() {
    // RFC 6455 §5.7: FIN + text, unmasked, length 5, "Hello"
    ByteBuffer in = Hex.buffer("81 05 48 65 6c 6c 6f");
    client.read(in);
    assertThat(in.hasRemaining()).isFalse();
    assertThat(events.next()).isEqualTo(text("Hello"));
  }

  @Test
  void readsASingleFrameMaskedText() {
    // RFC 6455 §5.7: FIN + text, masked, length 5, key 37 fa 21 3d, "Hello" masked
    ByteBuffer in = Hex.buffer("81 85 37 fa 21 3d 7f 9f 4d 51 58");
    server.read(in);
    assertThat(in.hasRemaining()).isFalse();
    assertThat(events.next()).isEqualTo(text("Hello"));
  }

  @Test
  void reassemblesAFragmentedUnmaskedText() {
    // RFC 6455 §5.7: text without FIN "Hel", then FIN + continuation "lo"
    client.read(Hex.buffer("01 03 48 65 6c"));
    events.assertNoMoreEvents();
    client.read(Hex.buffer("80 02 6c 6f"));
    assertThat(events.next()).isEqualTo(text("Hello"));
  }

  @Test
  void reassemblesFragmentsArrivingInOneBuffer() {
    // Text "Hel" without FIN, continuation "lo" without FIN, empty final continuation
    client.read(Hex.buffer("01 03 48 65 6c  00 02 6c 6f  80 00"));
    assertThat(events.next()).isEqualTo(text("Hello"));
  }

  @Test
  void readsAnUnmaskedPingAndAMaskedPong() {
    // RFC 6455 §5.7: ping "Hello" unmasked; pong "Hello" masked with key 37 fa 21 3d
    client.read(Hex.buffer("89 05 48 65 6c 6c 6f"));
    assertThat(events.next()).isEqualTo(ping("Hello"));
    server.read(Hex.buffer("8a 85 37 fa 21 3d 7f 9f 4d 51 58"));
    assertThat(events.next()).isEqualTo(pong("Hello"));
  }

  @Test
  void readsA256ByteBinaryWithA16BitLength() {
    // RFC 6455 §5.7: FIN + binary, length marker 126, 16-bit length 0x0100, 256 bytes
    byte[] payload = Hex.counting(256);
    client.read(ByteBuffer.wrap(Hex.concat("82 7e 01 00", payload)));
    assertThat(events.next()).isEqualTo(binary(payload));
  }

  @Test
  void readsA64KiBBinaryWithA64BitLength() {
    // RFC 6455 §5.7: FIN + binary, length marker 127, 64-bit length 0x10000, 65536 bytes
    byte[] payload = Hex.counting(65536);
    client.read(ByteBuffer.wrap(Hex.concat("82 7f 00 00 00 00 00 01 00 00", payload)));
    assertThat(events.next()).isEqualTo(binary(payload));
  }

  @Test
  void acceptsLengthsThatAreNotMinimallyEncoded() {
    // "Hello" with its length 5 in 16 bits, then in 64 bits: the RFC binds senders, not receivers
    client.read(Hex.buffer("81 7e 00 05 48 65 6c 6c 6f  81 7f 00 00 00 00 00 00 00 05 48 65 6c 6c 6f"));
    assertThat(events.next()).isEqualTo(text("Hello"));
    assertThat(events.next()).isEqualTo(text("Hello"));
  }

  @Test
  void deliversZeroLengthMessagesAndFragments() {
    // Empty text; empty binary; text of three empty fragments; empty ping
    client.read(Hex.buffer("81 00  82 00  01 00 00 00 80 00  89 00"));
    assertThat(events.next()).isEqualTo(text(""));
    assertThat(events.next()).isEqualTo(binary(new byte[0]));
    assertThat(events.next()).isEqualTo(text(""));
    assertThat(events.next()).isEqualTo(ping(""));
  }

  @Test
  void handsAWholeMessageOverAsAWindowOnTheInputWithoutCopying() {
    List<ByteBuffer> payloads = new ArrayList<>();
    FrameReader reader = new FrameReader(new RecordingCallback() {
      @Override
      public boolean onMessage(boolean text, ByteBuffer payload) {
        payloads.add(payload);
        assertThat(Hex.of(payload)).isEqualTo("48656c6c6f");
        return true;
      }
    }, true, MAX);
    // Masked "Hello" (RFC 6455 §5.7) after two bytes of something else, in a direct buffer
    ByteBuffer in = ByteBuffer.allocateDirect(32);
    in.put(Hex.bytes("ee ee 81 85 37 fa 21 3d 7f 9f 4d 51 58")).flip().position(2);
    reader.read(in);
    assertThat(payloads).singleElement().isSameAs(in);
    assertThat(in.position()).isEqualTo(13);
    assertThat(in.limit()).as("limit restored after the call").isEqualTo(13);
    assertThat(Hex.of(in.duplicate().position(8))).as("unmasked in place").isEqualTo("48656c6c6f");
  }

  @Test
  void reportsACloseWithoutPayloadAsNoStatus() {
    // Close, no payload
    client.read(Hex.buffer("88 00"));
    assertThat(events.next()).isEqualTo(new Close(1005, ""));
    assertThat(client.closeReceived()).isTrue();
  }

  @Test
  void readsTheCloseCodeAndReason() {
    // Close, code 1000, then close 4000 "bye" masked with key 00 00 00 00
    client.read(Hex.buffer("88 02 03 e8"));
    assertThat(events.next()).isEqualTo(new Close(1000, ""));
    server.read(Hex.buffer("88 85 00 00 00 00 0f a0 62 79 65"));
    assertThat(events.next()).isEqualTo(new Close(4000, "bye"));
  }

  @Test
  void ignoresEverythingAfterAClose() {
    // Close 1001, then "Hello" and even garbage: none of it is read
    ByteBuffer in = Hex.buffer("88 02 03 e9  81 05 48 65 6c 6c 6f  ff ff");
    client.read(in);
    assertThat(events.next()).isEqualTo(new Close(1001, ""));
    assertThat(in.hasRemaining()).as("the rest is consumed and dropped").isFalse();
    client.read(Hex.buffer("81 05 48 65 6c 6c 6f"));
    assertThat(client.closeReceived()).isTrue();
  }

  @Test
  void passesCompressedMessagesThroughOnceRsv1IsAllowed() {
    // RSV1 + FIN + text, 2 bytes that are not UTF-8: compressed bytes are the inflater's to check
    boolean[] compressed = new boolean[1];
    FrameReader reader = new FrameReader(new RecordingCallback() {
      @Override
      public boolean onMessage(boolean text, ByteBuffer payload) {
        compressed[0] = true;
        return true;
      }
    }, false, MAX);
    reader.setRsv1Allowed(true);
    reader.read(Hex.buffer("c1 02 ff fe"));
    assertThat(compressed[0]).isTrue();
    assertThat(reader.messageCompressed()).isTrue();
    reader.read(Hex.buffer("81 01 41")); // plain "A"
    assertThat(reader.messageCompressed()).isFalse();
  }

  @Test
  void holdsNoMemoryBetweenMessages() {
    assertThat(client.bufferedBytes()).isZero();
    client.read(Hex.buffer("81 05 48 65 6c 6c 6f"));
    assertThat(client.bufferedBytes()).as("whole frames are not copied").isZero();
    client.read(Hex.buffer("01 03 48 65 6c"));
    assertThat(client.bufferedBytes()).isPositive();
    client.read(Hex.buffer("80 02 6c 6f"));
    assertThat(client.bufferedBytes()).isZero();
    client.read(Hex.buffer("89 05 48 65")); // half a ping
    assertThat(client.bufferedBytes()).isPositive();
    client.read(Hex.buffer("6c 6c 6f"));
    assertThat(client.bufferedBytes()).isZero();
    assertThat(events.drain()).containsExactly(text("Hello"), text("Hello"), ping("Hello"));
  }

  @Test
  void growsItsBufferWithTheBytesReceivedNotTheLengthAnnounced() {
    // Binary, FIN, 64-bit length 1 MiB; only 10 payload bytes arrive
    client.read(ByteBuffer.wrap(Hex.concat("82 7f 00 00 00 00 00 10 00 00", Hex.counting(10))));
    assertThat(client.bufferedBytes()).isLessThanOrEqualTo(4096);
  }
}
