package io.squall.ioloop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimerHeapTest {
  private static ScheduledTask task(long deadline, long seq) {
    ScheduledTask t = new ScheduledTask(null, () -> {}, deadline, 0);
    t.sequence = seq;
    return t;
  }

  @Test
  void pollsInDeadlineThenSequenceOrderLikeAPriorityQueue() {
    Random r = new Random(42);
    TimerHeap heap = new TimerHeap();
    PriorityQueue<ScheduledTask> reference = new PriorityQueue<>();
    List<ScheduledTask> live = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      int op = r.nextInt(3);
      if (op < 2 || live.isEmpty()) {
        ScheduledTask t = task(r.nextInt(1000), i);
        heap.add(t);
        reference.add(t);
        live.add(t);
      } else {
        ScheduledTask t = live.remove(r.nextInt(live.size()));
        assertThat(heap.remove(t)).isTrue();
        assertThat(heap.remove(t)).as("second removal").isFalse();
        reference.remove(t);
      }
      assertThat(heap.size()).isEqualTo(reference.size());
      assertThat(heap.peek()).isSameAs(reference.peek());
    }
    while (heap.size() > 0) {
      assertThat(heap.poll()).isSameAs(reference.poll());
    }
    assertThat(heap.poll()).isNull();
  }

  @Test
  void cancellingOnTheLoopRemovesTheTimerAtOnce() throws Exception {
    EventLoop loop = new EventLoop("heap-test");
    try {
      java.util.concurrent.CompletableFuture<Integer> sizes = new java.util.concurrent.CompletableFuture<>();
      loop.execute(() -> {
        Cancellable c = loop.schedule(() -> {}, java.time.Duration.ofHours(1));
        int before = loop.pendingTimers();
        c.cancel();
        sizes.complete(before * 10 + loop.pendingTimers());
      });
      assertThat(sizes.get()).as("10 x before + after").isEqualTo(10);
    } finally {
      loop.shutdown(java.time.Duration.ofSeconds(2));
    }
  }

  @Test
  void aTimerTellsTheMillisecondsUntilItIsDueRoundedUpWithoutOverflowing() {
    long now = System.nanoTime();
    assertThat(task(now - 5, 0).millisUntilDue(now)).isZero();
    assertThat(task(now + 1, 0).millisUntilDue(now)).isEqualTo(1);
    assertThat(task(now + 1_000_000, 0).millisUntilDue(now)).isEqualTo(1);
    assertThat(task(now + 1_000_001, 0).millisUntilDue(now)).isEqualTo(2);
    // schedule(task, Duration.ofNanos(Long.MAX_VALUE)): the loop polled every millisecond for it
    assertThat(task(now + Long.MAX_VALUE, 0).millisUntilDue(now)).isEqualTo(Long.MAX_VALUE / 1_000_000 + 1);
  }
}
