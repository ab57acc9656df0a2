package io.squall.ioloop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventLoopTest {
  private final EventLoop loop = new EventLoop("test-loop");

  @AfterEach
  void stop() {
    loop.shutdown(Duration.ofSeconds(2));
  }

  @Test
  void runsTasksInSubmissionOrder() throws Exception {
    List<Integer> seen = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    for (int i = 0; i < 1000; i++) {
      int n = i;
      loop.execute(() -> seen.add(n));
    }
    loop.execute(done::countDown);
    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(seen).hasSize(1000).isSorted();
  }

  @Test
  void tasksRunOnTheLoopThreadAndInLoopTellsSo() throws Exception {
    AtomicReference<Boolean> inLoop = new AtomicReference<>();
    AtomicReference<EventLoop> current = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    loop.execute(() -> {
      inLoop.set(loop.inLoop());
      current.set(EventLoop.current());
      done.countDown();
    });
    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(inLoop.get()).isTrue();
    assertThat(current.get()).isSameAs(loop);
    assertThat(loop.inLoop()).isFalse();
    assertThat(EventLoop.current()).isNull();
  }

  @Test
  void acceptsTasksFromManyThreadsAtOnceAndLosesNone() throws Exception {
    AtomicInteger count = new AtomicInteger();
    int threads = 8;
    int perThread = 10_000;
    CountDownLatch started = new CountDownLatch(threads);
    Thread[] ts = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      ts[t] = new Thread(() -> {
        started.countDown();
        for (int i = 0; i < perThread; i++) {
          loop.execute(count::incrementAndGet);
        }
      });
      ts[t].start();
    }
    for (Thread t : ts) {
      t.join();
    }
    CountDownLatch done = new CountDownLatch(1);
    loop.execute(done::countDown);
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(count.get()).isEqualTo(threads * perThread);
  }

  @Test
  void aThrowingTaskIsLoggedAndTheLoopGoesOn() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    loop.execute(() -> {
      throw new IllegalStateException("boom (expected by the test)");
    });
    loop.execute(done::countDown);
    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void scheduledTasksRunAfterTheirDelayInDeadlineOrder() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(3);
    long start = System.nanoTime();
    loop.schedule(() -> { seen.add("c"); done.countDown(); }, Duration.ofMillis(150));
    loop.schedule(() -> { seen.add("a"); done.countDown(); }, Duration.ofMillis(50));
    loop.schedule(() -> { seen.add("b"); done.countDown(); }, Duration.ofMillis(100));
    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(seen).containsExactly("a", "b", "c");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
  }

  @Test
  void tasksDueAtTheSameInstantRunInSubmissionOrder() throws Exception {
    List<Integer> seen = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    loop.execute(() -> {
      for (int i = 0; i < 50; i++) {
        int n = i;
        loop.schedule(() -> seen.add(n), Duration.ZERO);
      }
      loop.schedule(done::countDown, Duration.ZERO);
    });
    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(seen).hasSize(50).isSorted();
  }

  @Test
  void cancelledTimerNeverRuns() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    Cancellable c = loop.schedule(runs::incrementAndGet, Duration.ofMillis(50));
    assertThat(c.cancel()).isTrue();
    assertThat(c.isCancelled()).isTrue();
    assertThat(c.cancel()).isFalse();
    Thread.sleep(150);
    assertThat(runs.get()).isZero();
  }

  @Test
  void fixedRateTaskRepeatsUntilCancelled() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch three = new CountDownLatch(3);
    Cancellable c = loop.scheduleAtFixedRate(() -> { runs.incrementAndGet(); three.countDown(); },
        Duration.ofMillis(10), Duration.ofMillis(20));
    assertThat(three.await(5, TimeUnit.SECONDS)).isTrue();
    c.cancel();
    int after = runs.get();
    Thread.sleep(100);
    assertThat(runs.get()).isLessThanOrEqualTo(after + 1);
  }

  @Test
  void fixedRateRejectsNonPositivePeriod() {
    assertThatThrownBy(() -> loop.scheduleAtFixedRate(() -> {}, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Period must be positive: PT0S");
  }

  @Test
  void shutdownRunsQueuedTasksThenRejectsNewOnes() throws Exception {
    AtomicInteger ran = new AtomicInteger();
    CountDownLatch gate = new CountDownLatch(1);
    loop.execute(() -> {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    for (int i = 0; i < 10; i++) {
      loop.execute(ran::incrementAndGet);
    }
    Thread releaser = new Thread(() -> {
      sleep(50);
      gate.countDown();
    });
    releaser.start();
    assertThat(loop.shutdown(Duration.ofSeconds(5))).isTrue();
    assertThat(ran.get()).isEqualTo(10);
    assertThat(loop.isShutdown()).isTrue();
    assertThatThrownBy(() -> loop.execute(() -> {}))
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("is shut down");
  }

  @Test
  void aTaskAcceptedWhileTheLoopShutsDownStillRuns() throws Exception {
    // execute() either runs the task or throws: a task it took must not be left behind by a loop
    // that had just seen its queue empty (a writeMessage's future would then never complete).
    long lost = 0;
    for (int round = 0; round < 100; round++) {
      EventLoop racing = new EventLoop("racing-loop-" + round);
      AtomicInteger ran = new AtomicInteger();
      AtomicInteger accepted = new AtomicInteger();
      CountDownLatch submitting = new CountDownLatch(1);
      Thread submitter = new Thread(() -> {
        submitting.countDown();
        while (true) {
          try {
            racing.execute(ran::incrementAndGet);
          } catch (RejectedExecutionException e) {
            return;
          }
          accepted.incrementAndGet();
        }
      });
      submitter.start();
      submitting.await();
      assertThat(racing.shutdown(Duration.ofSeconds(5))).isTrue();
      submitter.join(5_000);
      lost += accepted.get() - ran.get();
    }
    assertThat(lost).as("tasks accepted but never run").isZero();
  }

  @Test
  void readBufferIsOnlyAvailableOnTheLoop() {
    assertThatThrownBy(loop::readBuffer).isInstanceOf(IllegalStateException.class).hasMessageContaining("Must be called on loop");
  }

  @Test
  void scratchBytesAreReusedAndGrowOnlyUpToTheReadBufferSize() throws Exception {
    byte[][] seen = LoopCalls.onLoop(loop, () -> new byte[][] {
        loop.scratchBytes(32), loop.scratchBytes(16), loop.scratchBytes(1000), loop.scratchBytes(900),
        loop.scratchBytes(EventLoop.READ_BUFFER_BYTES + 1), loop.scratchBytes(EventLoop.READ_BUFFER_BYTES + 1)});
    assertThat(seen[0]).hasSizeGreaterThanOrEqualTo(32).isSameAs(seen[1]);
    assertThat(seen[2]).hasSizeGreaterThanOrEqualTo(1000).isSameAs(seen[3]);
    assertThat(seen[4]).hasSize(EventLoop.READ_BUFFER_BYTES + 1).isNotSameAs(seen[5]).isNotSameAs(seen[3]);
    assertThat(LoopCalls.onLoop(loop, () -> loop.scratchBytes(10))).as("a large request does not replace the kept array").isSameAs(seen[3]);
    assertThatThrownBy(() -> loop.scratchBytes(8)).isInstanceOf(IllegalStateException.class).hasMessageContaining("Must be called on loop");
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void deferredWorkRunsAfterTheTasksOfTheSameIteration() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    loop.execute(() -> {
      loop.executeAfterIteration(() -> {
        seen.add("deferred");
        done.countDown();
      });
      seen.add("task 1");
      loop.execute(() -> seen.add("task 2")); // queued in the same iteration: runs before the deferred work
    });
    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(seen).containsExactly("task 1", "task 2", "deferred");
    assertThatThrownBy(() -> loop.executeAfterIteration(() -> {})).isInstanceOf(IllegalStateException.class);
  }
}
