package io.squall.ioloop;

import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loop's work besides I/O: the queue other threads hand tasks to, with the selector wake-up that
 * tells the loop, and the loop's own end-of-iteration queue. {@link EventLoop} decides what may
 * still be queued once it shuts down; this class only holds and runs.
 *
 * <p>Thread rule: {@link #add}, {@link #withdraw} and {@link #wakeUp} are safe from any thread; the
 * rest only on the loop.
 */
final class TaskQueue {
  /** Logged under the loop's name: a failing task is the loop's news. */
  private static final Logger log = LoggerFactory.getLogger(EventLoop.class);
  /** Tasks run per iteration before I/O is polled again, so a flood of tasks cannot starve sockets. */
  private static final int MAX_TASKS_PER_ITERATION = 4096;

  private final String loopName;
  /** Woken from any thread by {@link #wakeUp}. */
  private final Selector selector;
  /** Added to from any thread, polled by the loop thread. */
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  /** Coalesces wake-ups: set by the first off-loop submitter, cleared by the loop after select. */
  private final AtomicBoolean wakeupPending = new AtomicBoolean();
  /** Touched only by the loop thread: work to run once this iteration's I/O, timers and tasks are done. */
  private final ArrayDeque<Runnable> deferred = new ArrayDeque<>();

  TaskQueue(Selector selector, String loopName) {
    this.selector = selector;
    this.loopName = loopName;
  }

  /** Queues the task behind those added before it; it runs once the loop reaches it (see {@link #wakeUp}). */
  void add(Runnable task) {
    tasks.add(task);
  }

  /** Takes the task back if the loop has not taken it yet; returns whether it did. */
  boolean withdraw(Runnable task) {
    return tasks.remove(task);
  }

  /** Wakes the selector unless a wake-up is already pending (off the loop only). */
  void wakeUp() {
    if (wakeupPending.compareAndSet(false, true)) {
      selector.wakeup();
    }
  }

  /** The loop is awake: the next submitter must wake it again. */
  void wokenUp() {
    wakeupPending.set(false);
  }

  /** Queues the task to run after this iteration's I/O, timers and tasks (loop thread only). */
  void defer(Runnable task) {
    deferred.add(task);
  }

  /** Whether tasks from other threads wait. */
  boolean hasQueued() {
    return !tasks.isEmpty();
  }

  /** Whether nothing waits to run, queued or deferred: the loop may block in select. */
  boolean isIdle() {
    return tasks.isEmpty() && deferred.isEmpty();
  }

  /** Runs queued tasks, at most {@link #MAX_TASKS_PER_ITERATION} of them. */
  void runTasks() {
    for (int i = 0; i < MAX_TASKS_PER_ITERATION; i++) {
      Runnable r = tasks.poll();
      if (r == null) {
        return;
      }
      runSafely(r);
    }
  }

  /** Runs the deferred tasks, and those they defer in turn. */
  void runDeferred() {
    Runnable r;
    while ((r = deferred.poll()) != null) {
      runSafely(r);
    }
  }

  /** Runs the task, logging what it throws: the loop goes on. */
  void runSafely(Runnable r) {
    try {
      r.run();
    } catch (Throwable t) {
      log.error("Task failed on {}", loopName, t);
    }
  }
}
