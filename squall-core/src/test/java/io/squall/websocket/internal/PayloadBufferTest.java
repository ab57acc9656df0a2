package io.squall.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PayloadBufferTest {
  private static void appendChunks(PayloadBuffer b, int chunk, int total, long announced) {
    ByteBuffer src = ByteBuffer.wrap(Hex.counting(chunk));
    for (int n = 0; n < total; n += chunk) {
      b.append(src, 0, chunk, announced);
    }
  }

  @Test
  void growsToSixteenTimesWhatArrivedUpToTheAnnouncedSize() {
    PayloadBuffer b = new PayloadBuffer();
    appendChunks(b, 100, 100, 10L << 20);
    assertThat(b.capacity()).isEqualTo(4096);
    appendChunks(b, 4000, 4000, 10L << 20);
    assertThat(b.capacity()).isEqualTo(16 * 4100);
    appendChunks(b, 1 << 20, 1 << 20, 10L << 20);
    assertThat(b.capacity()).isEqualTo(10 << 20);
  }

  @Test
  void aLargeFirstReadGetsTheWholeAnnouncedArrayAtOnce() {
    PayloadBuffer b = new PayloadBuffer();
    appendChunks(b, 64 * 1024, 64 * 1024, 1 << 20);
    assertThat(b.capacity()).isEqualTo(1 << 20);
  }

  @Test
  void aHugeAnnouncementCostsNothingUntilItsBytesArrive() {
    PayloadBuffer b = new PayloadBuffer();
    appendChunks(b, 1, 1, 10L << 20);
    assertThat(b.capacity()).isEqualTo(4096);
  }

  @Test
  void detachesAnExactlyFullArrayAndThenHoldsNothing() {
    PayloadBuffer b = new PayloadBuffer();
    appendChunks(b, 1000, 3000, 3000);
    byte[] whole = b.detachIfExact();
    assertThat(whole).hasSize(3000);
    assertThat(whole[1001]).isEqualTo(Hex.counting(1000)[1]);
    assertThat(b.size()).isZero();
    assertThat(b.capacity()).isZero();
  }

  @Test
  void keepsAnArrayWithRoomToSpare() {
    PayloadBuffer b = new PayloadBuffer();
    appendChunks(b, 1000, 3000, 10_000);
    assertThat(b.detachIfExact()).isNull();
    assertThat(b.size()).isEqualTo(3000);
  }
}
