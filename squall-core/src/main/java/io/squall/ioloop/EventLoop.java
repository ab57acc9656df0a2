package io.squall.ioloop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One platform thread with its own {@link Selector}, timer heap and task queue: Tornado's IOLoop.
 * This class is the loop's life, from start to shutdown; what it runs is held by {@link
 * LoopSelector} (channels), {@link TaskQueue} (tasks) and {@link Timers}.
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

  private final Thread thread;
  /** Touched only by the loop thread, but for an off-loop close and {@link #shutdown}'s wake-up. */
  private final LoopSelector io;
  /** Filled from any thread, run by the loop thread. */
  private final TaskQueue tasks;
  /** Added to and cancelled from any thread, run by the loop thread. */
  private final Timers timers;
  /** Lent on the loop thread only: see {@link #readBuffer}, {@link #writeBuffer}, {@link #scratchBytes}. */
  private final LoopBuffers buffers = new LoopBuffers();
  private final IntFunction<ByteBuffer> lender = this::lendBuffer;
  /** Counted down by the loop thread as it ends; awaited by {@link #shutdown} off the loop. */
  private final CountDownLatch terminated = new CountDownLatch(1);
  /** Set by {@link #shutdown} from any thread; read by the loop and by every submitter. */
  private volatile boolean shuttingDown;

  public EventLoop(String name) {
    this(name, false);
  }

  /** A daemon loop does not keep the JVM alive (used by the shared client group). */
  public EventLoop(String name, boolean daemon) {
    Selector selector;
    try {
      selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open a selector for " + name, e);
    }
    this.io = new LoopSelector(selector, name);
    this.tasks = new TaskQueue(selector, name);
    this.timers = new Timers(this, tasks);
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
      if (shuttingDown && tasks.withdraw(task)) {
        throw new RejectedExecutionException("Event loop " + name() + " is shut down.");
      }
      tasks.wakeUp();
    }
  }

  /**
   * Runs the task at the end of the current loop iteration, after every ready socket and task has
   * been handled (loop thread only). Connections use it to flush once per iteration, however many
   * messages were queued on them — no cross-thread queue, no wake-up.
   */
  public void executeAfterIteration(Runnable task) {
    assertInLoop();
    tasks.defer(task);
  }

  /** Runs the task once after the delay (Tornado's {@code call_later}). */
  public Cancellable schedule(Runnable task, Duration delay) {
    return timers.add(task, delay.toNanos(), 0);
  }

  /**
   * Runs the task every {@code period} after {@code initialDelay} (Tornado's {@code PeriodicCallback}).
   * Missed ticks are skipped rather than run in a burst.
   */
  public Cancellable scheduleAtFixedRate(Runnable task, Duration initialDelay, Duration period) {
    if (period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("Period must be positive: " + period);
    }
    return timers.add(task, initialDelay.toNanos(), period.toNanos());
  }

  /** Timers waiting in the heap; loop thread only (for tests and diagnostics). */
  int pendingTimers() {
    assertInLoop();
    return timers.size();
  }

  /** Registers a channel with this loop's selector. Loop thread only. */
  public SelectionKey register(SelectableChannel channel, int ops, IoHandler handler) throws ClosedChannelException {
    assertInLoop();
    return io.register(channel, ops, handler);
  }

  /**
   * Calls the action with the handler of every channel registered here and not cancelled: the
   * selector already knows each one, so nothing else needs to list them. Loop thread only; the
   * action may close channels.
   */
  public void forEachRegistered(Consumer<IoHandler> action) {
    assertInLoop();
    io.forEachRegistered(action);
  }

  /**
   * Cancels the key and closes its channel once the selector has dropped it, after the next poll
   * (at once off the loop). The JDK cannot close a socket that is still registered: it asks the
   * kernel for SO_LINGER and shuts the socket down instead, and closes it later. After the
   * deregistration the close is a single system call, and the FIN leaves within one iteration.
   */
  public void closeAfterDeregistration(SelectionKey key) {
    io.cancelAndClose(key, inLoop() && !shuttingDown);
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

  /**
   * A buffer of {@code length} bytes (position 0, limit {@code length}) for one small write that
   * leaves through a connection's queue: a chunk of the loop's slab, which the queue gives back with
   * {@link #giveBack} once the socket has taken all of it, so small messages are sent without
   * allocating their bytes; a fresh buffer when it is larger than a chunk or every chunk is out. The
   * borrower owns it alone until then: never shared with other sockets, duplicated or kept.
   */
  public ByteBuffer lendBuffer(int length) {
    assertInLoop();
    return buffers.slab.lend(length);
  }

  /** {@link #lendBuffer} as a function, made once: for encoders that take an allocator. */
  public IntFunction<ByteBuffer> bufferLender() {
    return lender;
  }

  /**
   * Takes back a buffer from {@link #lendBuffer} once written or dropped; any other buffer is left
   * alone, so a queue may offer every buffer it is done with. On the loop thread only.
   */
  public void giveBack(ByteBuffer written) {
    if (inLoop()) {
      buffers.slab.giveBack(written);
    }
  }

  /** Slab chunks lent now and not given back (what a queue still holds): a diagnostic, loop thread only. */
  public int buffersLent() {
    assertInLoop();
    return buffers.slab.lentCount();
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
    io.wakeUp();
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
        io.select(computeSelectTimeoutMillis());
        tasks.wokenUp();
        timers.runDue();
        tasks.runTasks();
        tasks.runDeferred();
        if (shuttingDown && !tasks.hasQueued()) {
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
    if (!tasks.isIdle() || io.hasClosing() || shuttingDown) {
      return 0;
    }
    return timers.millisUntilNext();
  }

  private void closeAll() {
    // Connections still open hear that they end (onClose runs, queued writes fail) before their
    // sockets go; then what that queued here runs, as this loop runs nothing after.
    io.announceShutdown(tasks);
    tasks.runTasks();
    tasks.runDeferred();
    io.close();
    timers.clear();
  }
}
