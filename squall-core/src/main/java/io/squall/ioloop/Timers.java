package io.squall.ioloop;

/**
 * A loop's timers: the heap of what is due when, how a timer gets in and out of it from any
 * thread, and running what is due, fixed-rate ones again a period later.
 *
 * <p>Thread rule: {@link #add} and {@link #remove} are safe from any thread (off the loop they
 * reach the heap through a loop task); the rest only on the loop.
 */
final class Timers {
  private final EventLoop loop;
  /** Where an off-loop cancel sends its removal. */
  private final TaskQueue tasks;
  /** Touched only by the loop thread. */
  private final TimerHeap heap = new TimerHeap();

  Timers(EventLoop loop, TaskQueue tasks) {
    this.loop = loop;
    this.tasks = tasks;
  }

  /** A timer for {@code task} due after the delay, and every period after that unless it is 0. */
  ScheduledTask add(Runnable task, long delayNanos, long periodNanos) {
    long deadline = System.nanoTime() + Math.max(0, delayNanos);
    ScheduledTask t = new ScheduledTask(this, task, deadline, periodNanos);
    if (loop.inLoop()) {
      heap.add(t);
    } else {
      loop.execute(() -> {
        if (!t.isCancelled()) {
          heap.add(t);
        }
      });
    }
    return t;
  }

  /** Takes a cancelled timer out of the heap (now on the loop, else from a loop task). */
  void remove(ScheduledTask t) {
    if (loop.inLoop()) {
      heap.remove(t);
      t.task = null;
    } else if (!loop.isShutdown()) {
      tasks.add(() -> {
        heap.remove(t);
        t.task = null;
      });
      tasks.wakeUp(); // else the task, and all it holds, stays until the loop next wakes: maybe the deadline
    }
  }

  /** Timers waiting in the heap. */
  int size() {
    return heap.size();
  }

  /** Milliseconds until the next timer is due (0 when one is), -1 when there is none. */
  long millisUntilNext() {
    ScheduledTask next = heap.peek();
    if (next == null) {
      return -1;
    }
    return next.millisUntilDue(System.nanoTime());
  }

  /** Runs every timer that is due. A fixed-rate timer's missed ticks are skipped, not run in a burst. */
  void runDue() {
    long now = System.nanoTime();
    ScheduledTask t;
    while ((t = heap.peek()) != null && t.deadlineNanos - now <= 0) {
      heap.poll();
      if (t.isCancelled()) {
        continue;
      }
      Runnable r = t.task;
      if (t.periodNanos == 0) {
        t.markDone();
        t.task = null;
      }
      tasks.runSafely(r);
      if (t.periodNanos > 0 && !t.isCancelled()) {
        long next = t.deadlineNanos + t.periodNanos;
        long after = System.nanoTime();
        if (next - after <= 0) {
          long missed = (after - next) / t.periodNanos + 1;
          next += missed * t.periodNanos;
        }
        t.deadlineNanos = next;
        heap.add(t);
      }
    }
  }

  /** Drops every timer: the loop has ended. */
  void clear() {
    heap.clear();
  }
}
