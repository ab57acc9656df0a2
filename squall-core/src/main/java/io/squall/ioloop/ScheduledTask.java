package io.squall.ioloop;

import java.util.concurrent.atomic.AtomicBoolean;

/** A timer entry in a loop's heap. Fields other than {@code cancelled} are touched only by the owning loop. */
final class ScheduledTask implements Cancellable, Comparable<ScheduledTask> {
  /** Dropped on cancel so a cancelled timer retains nothing. */
  Runnable task;
  /** Position in the owning loop's {@link TimerHeap}, -1 when not in it. Loop thread only. */
  int heapIndex = -1;
  /** The owning loop's timers, told of a cancel from any thread. */
  private final Timers timers;
  /** Period in nanoseconds for fixed-rate tasks, 0 for one-shot tasks. */
  final long periodNanos;
  /** Tie-breaker so that tasks due at the same instant run in submission order; set by the heap. */
  long sequence;
  long deadlineNanos;
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private volatile boolean done;

  ScheduledTask(Timers timers, Runnable task, long deadlineNanos, long periodNanos) {
    this.timers = timers;
    this.task = task;
    this.deadlineNanos = deadlineNanos;
    this.periodNanos = periodNanos;
  }

  @Override
  public boolean cancel() {
    if (done || !cancelled.compareAndSet(false, true)) {
      return false;
    }
    timers.remove(this);
    return true;
  }

  @Override
  public boolean isCancelled() {
    return cancelled.get();
  }

  /**
   * Whole milliseconds until this timer is due, rounded up so the loop does not wake early; 0 when
   * it is due. Cannot overflow: a delay of {@code Long.MAX_VALUE} nanoseconds (a "never") waits, not polls.
   */
  long millisUntilDue(long nowNanos) {
    long nanos = deadlineNanos - nowNanos;
    return nanos <= 0 ? 0 : (nanos - 1) / 1_000_000 + 1;
  }

  void markDone() {
    done = true;
  }

  @Override
  public int compareTo(ScheduledTask o) {
    int c = Long.compare(deadlineNanos - o.deadlineNanos, 0);
    return c != 0 ? c : Long.compare(sequence, o.sequence);
  }
}
