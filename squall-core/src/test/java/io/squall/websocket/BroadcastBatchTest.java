package io.squall.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.ioloop.EventLoop;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BroadcastBatchTest {
  private final Object lock = new Object();
  private final Map<EventLoop, BroadcastBatch> open = new HashMap<>();

  private static ByteBuffer frame(int bytes) {
    return ByteBuffer.wrap(new byte[bytes]);
  }

  @Test
  void takesFramesUntilTheNextWouldPassTheLimit() {
    BroadcastBatch batch = new BroadcastBatch(lock, open, null, Set.of(), 100);
    int frames = 0;
    while (batch.append(frame(1000))) {
      frames++;
    }
    assertThat(frames).isEqualTo(BroadcastBatch.MAX_BYTES / 1000);
  }

  @Test
  void anEmptyBatchTakesAFrameOfAnySize() {
    BroadcastBatch batch = new BroadcastBatch(lock, open, null, Set.of(), 10);
    assertThat(batch.append(frame(BroadcastBatch.MAX_BYTES * 2))).isTrue();
    assertThat(batch.append(frame(1))).isFalse();
  }

  @Test
  void aBatchThatRanTakesNothingMoreAndLeavesTheOpenMap() {
    BroadcastBatch batch = new BroadcastBatch(lock, open, null, Set.of(), 10);
    open.put(null, batch);
    assertThat(batch.append(frame(10))).isTrue();
    batch.run();
    assertThat(batch.append(frame(10))).isFalse();
    assertThat(open).isEmpty();
  }

  @Test
  void appendReadsTheFrameWithoutMovingIt() {
    BroadcastBatch batch = new BroadcastBatch(lock, open, null, Set.of(), 10);
    ByteBuffer f = frame(10);
    batch.append(f);
    assertThat(f.remaining()).isEqualTo(10);
  }
}
