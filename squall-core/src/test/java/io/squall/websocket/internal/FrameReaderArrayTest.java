package io.squall.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FrameReader hands a reassembled message's array to the application instead of a copy. */
class FrameReaderArrayTest {
  /** Takes the message array during each onMessage, as WebSocketHandler's default does. */
  private final class Taker implements FrameCallback {
    final List<byte[]> taken = new ArrayList<>();
    final List<Integer> sizes = new ArrayList<>();
    FrameReader reader;

    @Override
    public boolean onMessage(boolean text, ByteBuffer payload) {
      sizes.add(payload.remaining());
      taken.add(reader.takeMessageArray());
      return true;
    }

    @Override
    public void onPingFrame(ByteBuffer payload) {}

    @Override
    public void onPongFrame(ByteBuffer payload) {}

    @Override
    public void onCloseFrame(int code, String reason) {}
  }

  private final Taker taker = new Taker();
  private final FrameReader reader = new FrameReader(taker, false, 1 << 20);

  {
    taker.reader = reader;
  }

  private static ByteBuffer binaryFrame(byte[] payload) {
    return FrameWriter.encode(WebSocketProtocol.OPCODE_BINARY, ByteBuffer.wrap(payload), true, 0, false, 0);
  }

  @Test
  void aMessageThatCameInSeveralReadsIsHandedOverInItsOwnArray() {
    byte[] payload = Hex.counting(5000);
    ByteBuffer frame = binaryFrame(payload);
    reader.read(frame.slice(0, 1000));
    reader.read(frame.slice(1000, frame.remaining() - 1000));
    assertThat(taker.taken).hasSize(1);
    assertThat(taker.taken.get(0)).isEqualTo(payload);
    assertThat(reader.bufferedBytes()).isZero();
  }

  @Test
  void aMessageReadInOneGoLiesInTheReadBufferAndIsNotHandedOver() {
    reader.read(binaryFrame(Hex.counting(100)));
    assertThat(taker.sizes).containsExactly(100);
    assertThat(taker.taken).containsExactly((byte[]) null);
  }

  @Test
  void nothingIsHandedOverOutsideOnMessage() {
    ByteBuffer frame = binaryFrame(Hex.counting(5000));
    reader.read(frame.slice(0, 1000));
    assertThat(reader.takeMessageArray()).isNull();
  }
}
