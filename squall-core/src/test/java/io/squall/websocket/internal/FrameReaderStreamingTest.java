package io.squall.websocket.internal;

import static io.squall.websocket.internal.RecordingCallback.binary;
import static io.squall.websocket.internal.RecordingCallback.ping;
import static io.squall.websocket.internal.RecordingCallback.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.websocket.CloseCode;
import io.squall.websocket.internal.RecordingCallback.Close;
import io.squall.websocket.internal.RecordingCallback.Event;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link FrameReader} on input cut anywhere: resuming, pausing, interleaving, failing early. */
class FrameReaderStreamingTest {
  private static final long MAX = 10L * 1024 * 1024;
  private static final int KEY = 0x37fa213d;
  private final RecordingCallback events = new RecordingCallback();
  private final LoopFeeder loop = new LoopFeeder();

  @AfterEach
  void noEventLeftUnexamined() {
    events.assertNoMoreEvents();
  }

  /** A client's side of a conversation, masked, and the events it must produce. */
  private static final String EURO_TEXT = "price: 5 € — ok ✓ 𝄞";
  private static final byte[] BIG = Hex.counting(70_000);
  private static final byte[] CONVERSATION = Hex.concat(
      masked(0x81, "Hello".getBytes(StandardCharsets.UTF_8)),
      masked(0x01, "price: 5 \u20ac".getBytes(StandardCharsets.UTF_8)), // text, no FIN, ends on a code point
      masked(0x89, "are you there?".getBytes(StandardCharsets.UTF_8)), // ping between the fragments
      masked(0x00, Hex.bytes("20 e2 80")), // " " and the first two bytes of — (E2 80 94)
      masked(0x80, Hex.bytes("94"), " ok ✓ 𝄞".getBytes(StandardCharsets.UTF_8)), // FIN + the rest
      masked(0x82, Hex.counting(300)),
      masked(0x82, new byte[0]),
      masked(0x02, Arrays.copyOfRange(BIG, 0, 40_000)),
      masked(0x8a, new byte[0]),
      masked(0x80, Arrays.copyOfRange(BIG, 40_000, 70_000)),
      masked(0x88, Hex.bytes("03 e8 62 79 65"))); // close 1000 "bye"
  private static final List<Event> EXPECTED = List.of(
      text("Hello"), ping("are you there?"), text(EURO_TEXT), binary(Hex.counting(300)),
      binary(new byte[0]), new RecordingCallback.Pong(""), binary(BIG), new Close(1000, "bye"));

  private static byte[] masked(int b0, byte[]... parts) {
    byte[] payload = Hex.concat((Object[]) parts);
    boolean fin = (b0 & 0x80) != 0;
    ByteBuffer frame = FrameWriter.encode(b0 & 0x0F, ByteBuffer.wrap(payload), fin, 0, true, KEY);
    byte[] bytes = new byte[frame.remaining()];
    frame.get(bytes);
    return bytes;
  }

  @Test
  void readsAConversationInOneGo() {
    loop.feed(new FrameReader(events, true, MAX), CONVERSATION);
    assertThat(events.drain()).containsExactlyElementsOf(EXPECTED);
  }

  @Test
  void givesTheSameCallbacksWhenFedByteByByte() {
    loop.feedByteByByte(new FrameReader(events, true, MAX), CONVERSATION);
    assertThat(events.drain()).containsExactlyElementsOf(EXPECTED);
  }

  @Test
  void givesTheSameCallbacksWhateverTheSplits() {
    for (int seed = 0; seed < 50; seed++) {
      Random random = new Random(seed);
      loop.feedRandomly(new FrameReader(events, true, MAX), CONVERSATION, random, 1 + random.nextInt(5000));
      assertThat(events.drain()).as("seed %d", seed).containsExactlyElementsOf(EXPECTED);
    }
  }

  @Test
  void givesTheSameCallbacksForEverySplitIntoTwo() {
    byte[] head = Arrays.copyOfRange(CONVERSATION, 0, 200);
    for (int cut = 0; cut <= head.length; cut++) {
      loop.feed(new FrameReader(events, true, MAX), head, cut);
      // The first 200 bytes hold five frames and the start of the 300-byte binary
      assertThat(events.drain()).as("cut at %d", cut).containsExactlyElementsOf(EXPECTED.subList(0, 3));
    }
  }

  @Test
  void pauseLeavesTheExactLeftover() {
    events.goOnAfterMessage = false;
    FrameReader reader = new FrameReader(events, false, MAX);
    // "Hello", "world" fragmented as "wo" + "rld", then a ping "!"
    ByteBuffer in = Hex.buffer("81 05 48 65 6c 6c 6f  01 02 77 6f 80 03 72 6c 64  89 01 21");
    reader.read(in);
    assertThat(events.next()).isEqualTo(text("Hello"));
    assertThat(in.position()).as("stopped right after the first message").isEqualTo(7);
    events.assertNoMoreEvents();

    reader.read(in);
    assertThat(events.next()).isEqualTo(text("world"));
    assertThat(in.position()).as("stopped right after the reassembled message").isEqualTo(16);
    assertThat(reader.bufferedBytes()).isZero();

    reader.read(in);
    assertThat(events.next()).isEqualTo(ping("!"));
    assertThat(in.hasRemaining()).isFalse();
  }

  @Test
  void resumesFromALeftoverCopiedIntoAFreshBuffer() {
    events.goOnAfterMessage = false;
    FrameReader reader = new FrameReader(events, false, MAX);
    ByteBuffer in = Hex.buffer("81 01 61  81 01 62  81 01"); // "a", "b", half of a third frame
    reader.read(in);
    assertThat(events.next()).isEqualTo(text("a"));
    // The loop keeps the leftover somewhere else, adds the next read, and resumes
    ByteBuffer resumed = ByteBuffer.allocateDirect(16).put(in).put(Hex.bytes("63")).flip();
    events.goOnAfterMessage = true;
    reader.read(resumed);
    assertThat(events.drain()).containsExactly(text("b"), text("c"));
  }

  @Test
  void deliversControlFramesInterleavedInAFragmentedMessageAtOnce() {
    FrameReader reader = new FrameReader(events, false, MAX);
    reader.read(Hex.buffer("01 03 48 65 6c")); // "Hel", no FIN
    reader.read(Hex.buffer("89 00")); // ping
    assertThat(events.next()).as("before the message is complete").isEqualTo(ping(""));
    reader.read(Hex.buffer("8a 02 68 69")); // pong "hi"
    assertThat(events.next()).isEqualTo(new RecordingCallback.Pong("6869"));
    reader.read(Hex.buffer("80 02 6c 6f")); // FIN + "lo"
    assertThat(events.next()).isEqualTo(text("Hello"));
  }

  @Test
  void deliversACloseInterleavedInAFragmentedMessageAndDropsTheMessage() {
    FrameReader reader = new FrameReader(events, false, MAX);
    reader.read(Hex.buffer("01 03 48 65 6c  88 02 03 e8  80 02 6c 6f"));
    assertThat(events.next()).isEqualTo(new Close(1000, ""));
    assertThat(reader.bufferedBytes()).isZero();
  }

  @Test
  void failsOnInvalidUtf8InTheFirstFragmentBeforeTheLastArrives() {
    FrameReader reader = new FrameReader(events, false, MAX);
    // Text "H" FF without FIN: the final fragment never needs to come
    assertThatThrownBy(() -> reader.read(Hex.buffer("01 02 48 ff")))
        .isInstanceOf(ProtocolException.class).hasMessage("Invalid UTF-8 in text message.")
        .extracting(e -> ((ProtocolException) e).closeCode()).isEqualTo(CloseCode.INVALID_PAYLOAD);
  }

  @Test
  void failsOnInvalidUtf8InsideAFrameAsItsBytesArrive() {
    FrameReader reader = new FrameReader(events, true, MAX);
    // FIN + text, masked with key 00 00 00 00, announcing 1000 bytes; only "ab" ED A0 (a surrogate) arrives
    assertThatThrownBy(() -> reader.read(Hex.buffer("81 fe 03 e8 00 00 00 00  61 62 ed a0")))
        .isInstanceOf(ProtocolException.class).hasMessage("Invalid UTF-8 in text message.");
  }

  @Test
  void failsOnMaxMessageSizeAcrossFragmentsBeforeTheirPayload() {
    FrameReader reader = new FrameReader(events, false, 1000);
    // Binary, no FIN, 16-bit length 600, with its 600 bytes
    reader.read(ByteBuffer.wrap(Hex.concat("02 7e 02 58", new byte[600])));
    // Continuation, FIN, 16-bit length 401: the header alone is enough
    assertThatThrownBy(() -> reader.read(Hex.buffer("80 7e 01 91")))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("Message of 1001 bytes exceeds maxMessageSize 1000.")
        .extracting(e -> ((ProtocolException) e).closeCode()).isEqualTo(CloseCode.MESSAGE_TOO_BIG);
  }
}
