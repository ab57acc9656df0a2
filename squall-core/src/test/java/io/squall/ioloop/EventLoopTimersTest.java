package io.squall.ioloop;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The timer heap under the churn of a busy server: a timeout armed and cancelled per request. */
class EventLoopTimersTest {
  private final EventLoop loop = new EventLoop("timers-loop");

  @AfterEach
  void stop() {
    loop.shutdown(Duration.ofSeconds(2));
  }

  private <T> T onLoop(Supplier<T> task) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    loop.execute(() -> result.complete(task.get()));
    return result.get(5, TimeUnit.SECONDS);
  }

  @Test
  void cancelledTimersDoNotPileUpInTheHeap() throws Exception {
    // An HTTP keep-alive connection arms a 60 s idle timer per request and cancels it on the next.
    int pending = onLoop(() -> {
      for (int i = 0; i < 100_000; i++) {
        loop.schedule(() -> {}, Duration.ofSeconds(60)).cancel();
      }
      return loop.pendingTimers();
    });
    assertThat(pending).isZero();
  }

  @Test
  void timersCancelledFromOtherThreadsAreReclaimedToo() throws Exception {
    for (int i = 0; i < 20_000; i++) {
      loop.schedule(() -> {}, Duration.ofSeconds(60)).cancel();
    }
    CountDownLatch tick = new CountDownLatch(1);
    loop.schedule(tick::countDown, Duration.ofMillis(20));
    assertThat(tick.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(onLoop(loop::pendingTimers)).isZero();
  }

  @Test
  void liveTimersSurviveMassCancellationAndKeepTheirOrder() throws Exception {
    List<Integer> ran = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(10);
    onLoop(() -> {
      for (int i = 0; i < 10; i++) {
        int n = i;
        loop.schedule(() -> {
          ran.add(n);
          done.countDown();
        }, Duration.ofMillis(100 + 10 * i));
        for (int j = 0; j < 1_000; j++) {
          loop.schedule(() -> ran.add(-1), Duration.ofMillis(50)).cancel();
        }
      }
      return null;
    });
    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(ran).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  }

  @Test
  void aTimerCancelledFromAnotherThreadLetsGoOfItsTaskBeforeItsDeadline() throws Exception {
    WeakReference<Runnable> task = new WeakReference<>(new AtomicInteger()::incrementAndGet);
    Cancellable timer = loop.schedule(task.get(), Duration.ofMinutes(10));
    assertThat(onLoop(loop::pendingTimers)).isEqualTo(1);
    timer.cancel(); // from this thread, while the loop sleeps towards the deadline
    for (int i = 0; i < 100 && !task.refersTo(null); i++) {
      System.gc();
      Thread.sleep(50);
    }
    assertThat(task.refersTo(null)).as("the cancelled task is no longer held").isTrue();
  }
}
