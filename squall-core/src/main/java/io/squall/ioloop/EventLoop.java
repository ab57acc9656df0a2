package io.squall.ioloop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One platform thread with its own {@link Selector}, timer heap and task queue: Tornado's IOLoop.
 *
 * <p>Thread rule: {@link #execute}, {@link #schedule}, {@link #scheduleAtFixedRate} and {@link
 * #shutdown} are safe from any thread; {@link #register} and {@link #readBuffer} only on the loop.
 * A task that throws is logged and the loop goes on.
 */
public final class EventLoop implements Executor {
  private static final Logger log = LoggerFactory.getLogger(EventLoop.class);
  private static final ThreadLocal<EventLoop> CURRENT = new ThreadLocal<>();
  /** Size of the per-loop read buffer: large enough for a full TCP receive window burst. */
  static final int READ_BUFFER_BYTES = LoopBuffers.BYTES;
  /** Tasks run per iteration before I/O is polled again, so a flood of tasks cannot starve sockets. */
  private static final int MAX_TASKS_PER_ITERATION = 4096;

  private final Thread thread;
  private final Selector selector;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  /** Coalesces wake-ups: set by the first off-loop submitter, cleared by the loop after select. */
  private final AtomicBoolean wakeupPending = new AtomicBoolean();
  /** Touched only by the loop thread. */
  private final TimerHeap timers = new TimerHeap();
  /** Touched only by the loop thread: work to run once this iteration's I/O, timers and tasks are done. */
  private final ArrayDeque<Runnable> deferred = new ArrayDeque<>();
  /** Touched only by the loop thread: channels whose keys are cancelled, closed after the next poll. */
  private final ArrayList<SelectableChannel> closing = new ArrayList<>();
  /** Lent on the loop thread only: see {@link #readBuffer}, {@link #writeBuffer}, {@link #scratchBytes}. */
  private final LoopBuffers buffers = new LoopBuffers();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private volatile boolean shuttingDown;

  public EventLoop(String name) {
    this(name, false);
  }

  /** A daemon loop does not keep the JVM alive (used by the shared client group). */
  public EventLoop(String name, boolean daemon) {
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open a selector for " + name, e);
    }
    this.thread = new Thread(this::run, name);
    thread.setDaemon(daemon);
    thread.start();
  }

  /** The loop running on the calling thread, or null when the caller is not a loop thread. */
  public static EventLoop current() {
    return CURRENT.get();
  }

  public boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  public String name() {
    return thread.getName();
  }

  /** Runs the task on this loop, after the tasks submitted before it. */
  @Override
  public void execute(Runnable task) {
    if (shuttingDown && !inLoop()) {
      throw new RejectedExecutionException("Event loop " + name() + " is shut down.");
    }
    tasks.add(task);
    if (!inLoop()) {
      // A shutdown that began after the check above may have seen the queue empty and ended the
      // loop: take the task back and refuse it, rather than leave it where nothing will run it.
      if (shuttingDown && tasks.remove(task)) {
        throw new RejectedExecutionException("Event loop " + name() + " is shut down.");
      }
      wakeUp();
    }
  }

  /** Wakes the selector unless a wake-up is already pending (off the loop only). */
  private void wakeUp() {
    if (wakeupPending.compareAndSet(false, true)) {
      selector.wakeup();
    }
  }

  /**
   * Runs the task at the end of the current loop iteration, after every ready socket and task has
   * been handled (loop thread only). Connections use it to flush once per iteration, however many
   * messages were queued on them — no cross-thread queue, no wake-up.
   */
  public void executeAfterIteration(Runnable task) {
    assertInLoop();
    deferred.add(task);
  }

  /** Runs the task once after the delay (Tornado's {@code call_later}). */
  public Cancellable schedule(Runnable task, Duration delay) {
    return addTimer(task, delay.toNanos(), 0);
  }

  /**
   * Runs the task every {@code period} after {@code initialDelay} (Tornado's {@code PeriodicCallback}).
   * Missed ticks are skipped rather than run in a burst.
   */
  public Cancellable scheduleAtFixedRate(Runnable task, Duration initialDelay, Duration period) {
    if (period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("Period must be positive: " + period);
    }
    return addTimer(task, initialDelay.toNanos(), period.toNanos());
  }

  private ScheduledTask addTimer(Runnable task, long delayNanos, long periodNanos) {
    long deadline = System.nanoTime() + Math.max(0, delayNanos);
    ScheduledTask t = new ScheduledTask(this, task, deadline, periodNanos);
    if (inLoop()) {
      timers.add(t);
    } else {
      execute(() -> {
        if (!t.isCancelled()) {
          timers.add(t);
        }
      });
    }
    return t;
  }

  /** Takes a cancelled timer out of the heap (now on the loop, else from a loop task). */
  void removeTimer(ScheduledTask t) {
    if (inLoop()) {
      timers.remove(t);
      t.task = null;
    } else if (!shuttingDown) {
      tasks.add(() -> {
        timers.remove(t);
        t.task = null;
      });
      wakeUp(); // else the task, and all it holds, stays until the loop next wakes: maybe the deadline
    }
  }

  /** Timers waiting in the heap; loop thread only (for tests and diagnostics). */
  int pendingTimers() {
    assertInLoop();
    return timers.size();
  }

  /** Registers a channel with this loop's selector. Loop thread only. */
  public SelectionKey register(SelectableChannel channel, int ops, IoHandler handler) throws ClosedChannelException {
    assertInLoop();
    return channel.register(selector, ops, handler);
  }

  /**
   * Calls the action with the handler of every channel registered here and not cancelled: the
   * selector already knows each one, so nothing else needs to list them. Loop thread only; the
   * action may close channels.
   */
  public void forEachRegistered(Consumer<IoHandler> action) {
    assertInLoop();
    for (SelectionKey key : selector.keys().toArray(SelectionKey[]::new)) {
      if (key.isValid() && key.attachment() instanceof IoHandler handler) {
        action.accept(handler);
      }
    }
  }

  /**
   * Cancels the key and closes its channel once the selector has dropped it, after the next poll
   * (at once off the loop). The JDK cannot close a socket that is still registered: it asks the
   * kernel for SO_LINGER and shuts the socket down instead, and closes it later. After the
   * deregistration the close is a single system call, and the FIN leaves within one iteration.
   */
  public void closeAfterDeregistration(SelectionKey key) {
    key.cancel();
    if (inLoop() && !shuttingDown) {
      closing.add(key.channel());
    } else {
      closeQuietly(key.channel());
    }
  }

  /**
   * The loop's shared read buffer, cleared. Callers read into it and consume it before returning to
   * the loop; idle connections therefore hold no read buffer of their own.
   */
  public ByteBuffer readBuffer() {
    assertInLoop();
    return buffers.read.clear();
  }

  /** The loop's shared write buffer, cleared: staged output written before returning to the loop. */
  public ByteBuffer writeBuffer() {
    assertInLoop();
    return buffers.write.clear();
  }

  /**
   * A loop-owned array of at least {@code length} bytes, for a copy that is consumed before the
   * caller returns to the loop (a text message's bytes on their way into a String). Reused, so a
   * busy loop allocates nothing for it; grown on demand up to {@link #READ_BUFFER_BYTES}, and past
   * that a fresh array each time, so one rare large message does not stay in memory.
   */
  public byte[] scratchBytes(int length) {
    assertInLoop();
    return buffers.scratch(length);
  }

  private void assertInLoop() {
    if (!inLoop()) {
      throw new IllegalStateException("Must be called on loop " + name() + ", not " + Thread.currentThread().getName());
    }
  }

  /**
   * Stops accepting work, runs what is queued, closes the selector (and so every channel still
   * registered), then ends the thread. Returns true when the loop ended within the timeout.
   */
  public boolean shutdown(Duration timeout) {
    shuttingDown = true;
    selector.wakeup();
    if (inLoop()) {
      return false;
    }
    try {
      return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public boolean isShutdown() {
    return shuttingDown;
  }

  private void run() {
    CURRENT.set(this);
    try {
      while (true) {
        long timeoutMillis = computeSelectTimeoutMillis();
        int deregistered = closing.size();
        if (timeoutMillis == 0) {
          selector.selectNow(this::dispatch);
        } else {
          selector.select(this::dispatch, timeoutMillis < 0 ? 0 : timeoutMillis);
        }
        if (deregistered > 0) {
          closeDeregistered(deregistered);
        }
        wakeupPending.set(false);
        runTimers();
        runTasks();
        runDeferred();
        if (shuttingDown && tasks.isEmpty()) {
          break;
        }
      }
    } catch (Throwable t) {
      log.error("Event loop {} failed", name(), t);
    } finally {
      closeAll();
      terminated.countDown();
    }
  }

  /** -1: block until woken; 0: poll; otherwise millis until the next timer. */
  private long computeSelectTimeoutMillis() {
    if (!tasks.isEmpty() || !deferred.isEmpty() || !closing.isEmpty() || shuttingDown) {
      return 0;
    }
    ScheduledTask next = timers.peek();
    if (next == null) {
      return -1;
    }
    return next.millisUntilDue(System.nanoTime());
  }

  private void dispatch(SelectionKey key) {
    try {
      ((IoHandler) key.attachment()).onReady(key);
    } catch (Throwable t) {
      log.error("I/O handler failed on {}", name(), t);
    }
  }

  private void runTimers() {
    long now = System.nanoTime();
    ScheduledTask t;
    while ((t = timers.peek()) != null && t.deadlineNanos - now <= 0) {
      timers.poll();
      if (t.isCancelled()) {
        continue;
      }
      Runnable r = t.task;
      if (t.periodNanos == 0) {
        t.markDone();
        t.task = null;
      }
      runSafely(r);
      if (t.periodNanos > 0 && !t.isCancelled()) {
        long next = t.deadlineNanos + t.periodNanos;
        long after = System.nanoTime();
        if (next - after <= 0) {
          long missed = (after - next) / t.periodNanos + 1;
          next += missed * t.periodNanos;
        }
        t.deadlineNanos = next;
        timers.add(t);
      }
    }
  }

  private void runTasks() {
    for (int i = 0; i < MAX_TASKS_PER_ITERATION; i++) {
      Runnable r = tasks.poll();
      if (r == null) {
        return;
      }
      runSafely(r);
    }
  }

  private void runDeferred() {
    Runnable r;
    while ((r = deferred.poll()) != null) {
      runSafely(r);
    }
  }

  /** Closes the first {@code count} channels of {@link #closing}: the poll just made dropped their keys. */
  private void closeDeregistered(int count) {
    for (int i = 0; i < count; i++) {
      closeQuietly(closing.get(i));
    }
    closing.subList(0, count).clear();
  }

  private void closeQuietly(SelectableChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("Close failed on {}", name(), e);
    }
  }

  private void runSafely(Runnable r) {
    try {
      r.run();
    } catch (Throwable t) {
      log.error("Task failed on {}", name(), t);
    }
  }

  private void closeAll() {
    closing.forEach(this::closeQuietly);
    closing.clear();
    // Connections still open hear that they end (onClose runs, queued writes fail) before their
    // sockets go; then what that queued here runs, as this loop runs nothing after.
    for (SelectionKey key : selector.keys().toArray(SelectionKey[]::new)) {
      if (key.isValid() && key.attachment() instanceof IoHandler handler) {
        runSafely(() -> handler.onLoopShutdown(key));
      }
    }
    runTasks();
    runDeferred();
    for (SelectionKey key : selector.keys()) {
      closeQuietly(key.channel());
    }
    try {
      selector.close();
    } catch (IOException e) {
      log.debug("Selector close failed on {}", name(), e);
    }
    timers.clear();
  }
}
