package io.squall.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PayloadBufferTest {
  private static void appendChunks(PayloadBuffer b, int chunk, int total, long announced) {
    ByteBuffer src = ByteBuffer.wrap(Hex.counting(chunk));
    for (int n = 0; n < total; n += chunk) {
      b.append(src, 0, chunk, announced, true);
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

  @Test
  void growsGeometricallyWhileAFragmentedMessageKeepsComing() {
    // Each fragment's header raises the announced size by its own length only, so a size cap at
    // the announcement would reallocate and copy the whole message at every 16-byte fragment.
    PayloadBuffer b = new PayloadBuffer();
    ByteBuffer src = ByteBuffer.wrap(Hex.counting(16));
    int growths = 0;
    int capacity = b.capacity();
    for (int announced = 16; announced <= 1 << 20; announced += 16) {
      b.append(src, 0, 16, announced, false);
      if (b.capacity() != capacity) {
        growths++;
        capacity = b.capacity();
      }
    }
    assertThat(b.size()).isEqualTo(1 << 20);
    assertThat(growths).isLessThanOrEqualTo(10);
    assertThat(b.capacity()).isLessThan(4 << 20);
    assertThat(b.view().get(1 << 19)).isEqualTo(Hex.counting(16)[0]);
  }

  @Test
  void theLastFragmentGrowsTheArrayToExactlyTheWholeMessage() {
    PayloadBuffer b = new PayloadBuffer();
    ByteBuffer src = ByteBuffer.wrap(Hex.counting(4096));
    b.append(src, 0, 4096, 4096, false);
    assertThat(b.capacity()).isEqualTo(4096);
    b.append(src, 0, 1000, 5096, true);
    assertThat(b.capacity()).isEqualTo(5096);
    assertThat(b.detachIfExact()).hasSize(5096);
  }
}
