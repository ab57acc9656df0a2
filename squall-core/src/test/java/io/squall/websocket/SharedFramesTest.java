package io.squall.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.websocket.deflate.DeflateParameters;
import io.squall.websocket.deflate.PerMessageDeflate;
import io.squall.websocket.internal.FrameWriter;
import io.squall.websocket.internal.WebSocketProtocol;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharedFramesTest {
  private static final DeflateParameters FRESH = new DeflateParameters(true, true, 0, 0);
  private static final DeflateParameters CONTEXT = new DeflateParameters(false, false, 0, 0);
  private static final PerMessageDeflate CODEC = PerMessageDeflate.forServer(FRESH, WebSocketCompression.on());

  /** Broadcast frames end to end, as a batch lays them out. */
  private static SharedFrames frames(List<ByteBuffer> frames) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    int[] starts = new int[frames.size()];
    for (int i = 0; i < frames.size(); i++) {
      starts[i] = all.size();
      ByteBuffer f = frames.get(i);
      all.write(f.array(), 0, f.limit());
    }
    return new SharedFrames(all.toByteArray(), all.size(), starts, frames.size());
  }

  private static ByteBuffer text(String s) {
    return FrameWriter.encodeText(s, false, 0);
  }

  private static ByteBuffer binary(byte[] b) {
    return FrameWriter.encode(WebSocketProtocol.OPCODE_BINARY, ByteBuffer.wrap(b), true, 0, false, 0);
  }

  record Frame(int opcode, boolean compressed, byte[] payload) {}

  /** Splits unmasked final frames and inflates the compressed ones. */
  private static List<Frame> read(ByteBuffer bytes) {
    ByteBuffer b = bytes.duplicate();
    PerMessageDeflate inflater = PerMessageDeflate.forClient(FRESH, WebSocketCompression.on());
    List<Frame> out = new ArrayList<>();
    while (b.hasRemaining()) {
      int b0 = b.get() & 0xff;
      int b1 = b.get() & 0x7f;
      long n = b1 < 126 ? b1 : b1 == 126 ? b.getShort() & 0xffff : b.getLong();
      assertThat(b0 & 0x80).as("FIN").isNotZero();
      ByteBuffer payload = b.slice(b.position(), (int) n);
      b.position(b.position() + (int) n);
      boolean compressed = (b0 & WebSocketProtocol.FLAG_RSV1) != 0;
      ByteBuffer plain = compressed ? inflater.decompress(payload, 1 << 24) : payload;
      byte[] data = new byte[plain.remaining()];
      plain.duplicate().get(data);
      out.add(new Frame(b0 & 0x0f, compressed, data));
    }
    return out;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void compressesEachMessageOnItsOwnAndLeavesShortOnesPlainInTheirPlace() {
    String line = "[12:00:01] 127.0.0.1 : a chat line long enough to be worth compressing. ".repeat(3);
    byte[] big = utf8("a large message over the 16-bit length. ".repeat(2_000));
    SharedFrames shared = frames(List.of(text(line), text("hi"), binary(big), text(line + "again")));

    List<Frame> got = read(shared.compressedFor(CODEC));

    assertThat(got).extracting(Frame::opcode).containsExactly(1, 1, 2, 1);
    assertThat(got).extracting(Frame::compressed).containsExactly(true, false, true, true);
    assertThat(got.get(0).payload()).isEqualTo(utf8(line));
    assertThat(got.get(1).payload()).isEqualTo(utf8("hi"));
    assertThat(got.get(2).payload()).isEqualTo(big);
    assertThat(got.get(3).payload()).isEqualTo(utf8(line + "again"));
  }

  @Test
  void compressesOnceForEveryCodecOfTheSameLevelAndThreshold() {
    SharedFrames shared = frames(List.of(text("one line for a whole room of compressed sockets. ".repeat(3))));
    PerMessageDeflate withContext = PerMessageDeflate.forServer(CONTEXT, WebSocketCompression.on().withContextTakeover(true));
    PerMessageDeflate fastest = PerMessageDeflate.forServer(FRESH, WebSocketCompression.on().withLevel(1));

    ByteBuffer first = shared.compressedFor(CODEC);

    assertThat(shared.compressedFor(CODEC)).isSameAs(first);
    assertThat(shared.compressedFor(withContext)).isSameAs(first);
    assertThat(shared.compressedFor(fastest)).isNotSameAs(first);
    assertThat(shared.compressedFor(fastest)).isSameAs(shared.compressedFor(fastest));
  }

  @Test
  void framesNoMessageOfWhichShrinksAreSentPlain() {
    SharedFrames shared = frames(List.of(text("hi"), text("there")));

    assertThat(shared.compressedFor(CODEC)).isNull();
  }

  @Test
  void oneEncodedFrameIsSharedAsItIs() {
    String line = "a large broadcast that goes out on its own. ".repeat(1_000);

    List<Frame> got = read(SharedFrames.of(text(line)).compressedFor(CODEC));

    assertThat(got).singleElement().satisfies(f -> {
      assertThat(f.compressed()).isTrue();
      assertThat(f.payload()).isEqualTo(utf8(line));
    });
  }
}
