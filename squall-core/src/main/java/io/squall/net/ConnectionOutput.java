package io.squall.net;

import io.squall.ioloop.EventLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's output and its end: writes queued and flushed once per loop iteration (or once
 * after a batch of input), {@code OP_WRITE} while the kernel is full, the water marks behind
 * {@code isWritable()}, and the close, which waits for that output. It also holds the state bits
 * and the handler that {@link TcpConnection}'s read path shares; like the queue and the socket, as
 * a superclass, so an open connection is still one object.
 *
 * <p>Confined to the connection's loop.
 */
abstract class ConnectionOutput extends SocketIo {
  /** Logged as the connection's own news. */
  private static final Logger log = LoggerFactory.getLogger(TcpConnection.class);

  /** The connection's yes/no state, one bit each (a socket may stay open for days: one byte, not eight). */
  private byte flags;
  static final int READING_PAUSED = 1;
  /** The peer half-closed: the socket stays readable at end of stream, so reading stops for good. */
  static final int INPUT_ENDED = 1 << 1;
  static final int RESUME_SCHEDULED = 1 << 2;
  static final int CLOSE_AFTER_FLUSH = 1 << 3;
  /** The graceful close does not wait for the peer's FIN ({@link #close(boolean)}). */
  static final int NO_LINGER = 1 << 4;
  static final int CLOSED = 1 << 5;
  static final int FLUSH_SCHEDULED = 1 << 6;
  /** Set while the handler consumes input; the flush then happens once, after it. */
  static final int DELIVERING = 1 << 7;

  /** Set by {@link TcpConnection#setHandler}; told of input, writability and the close. */
  ConnectionHandler handler;
  /** This connection's end-of-iteration flush, made by the first write that needs it. */
  private Runnable flushTask;
  /** Told after the handler when the connection closes; set once by the server that tracks it. */
  private Consumer<TcpConnection> closeListener;

  /**
   * How long a close waits, with bytes still to send, for the peer to read any of them: 30 s, half
   * of nginx's {@code send_timeout}, ample for any peer that still reads. Past it the connection is
   * aborted: a peer that never reads would otherwise hold its socket and its unsent bytes forever.
   */
  static final Duration DRAIN_STALL = Duration.ofSeconds(30);

  ConnectionOutput(EventLoop loop, SelectionKey key, InetSocketAddress remote) {
    super(loop, key, remote);
  }

  /** Whether {@code listener} is the one told when this connection closes. */
  boolean closeListenerIs(Consumer<TcpConnection> listener) {
    return closeListener == listener;
  }

  /** Registers the one listener told after the handler when this connection closes. */
  public void onClosed(Consumer<TcpConnection> listener) {
    this.closeListener = listener;
  }

  public boolean isOpen() {
    return !is(CLOSED);
  }

  /** Sets when {@link #isWritable()} turns false (above high) and true again (below low). */
  public void setWaterMarks(long low, long high) {
    setQueueWaterMarks(low, high);
  }

  public boolean isWritable() {
    return belowHighWater();
  }

  /** Bytes queued and not yet accepted by the kernel. */
  public long outboundBytes() {
    return queuedBytes();
  }

  /** Queues bytes; {@code done} (may be null) completes when they reach the kernel or fails on close. */
  public void write(ByteBuffer data, CompletableFuture<Void> done) {
    if (is(CLOSED) || is(CLOSE_AFTER_FLUSH)) {
      released(data); // dropped: a buffer the loop lent goes back
      if (done != null) {
        done.completeExceptionally(handler.closedException());
      }
      return;
    }
    enqueue(data, done);
    scheduleFlush();
  }

  /** Flushes at the end of the current loop iteration, so writes made together go out in one call. */
  private void scheduleFlush() {
    // While the kernel buffer is full, OP_WRITE is armed: the selector flushes when there is room.
    // While input is being delivered, deliver() flushes once at the end: replies to a batch of
    // messages leave in one write, without a task per reply.
    if (!is(FLUSH_SCHEDULED) && !is(DELIVERING) && (key.interestOps() & SelectionKey.OP_WRITE) == 0) {
      set(FLUSH_SCHEDULED);
      if (flushTask == null) {
        flushTask = this::flushNow;
      }
      loop.executeAfterIteration(flushTask);
    }
  }

  /** Writes as much of the queue as the socket takes now. */
  public void flushNow() {
    clear(FLUSH_SCHEDULED);
    if (is(CLOSED)) {
      return;
    }
    try {
      writeOutput();
    } catch (IOException e) {
      abort(e);
      return;
    }
    if (queueEmpty() && !hasPendingOutput()) {
      if ((key.interestOps() & SelectionKey.OP_WRITE) != 0) {
        key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
      }
      if (is(CLOSE_AFTER_FLUSH)) {
        closeNow(null, !is(NO_LINGER));
        return;
      }
    } else if (awaitsPeer()) {
      // Nothing can go out before the peer answers (a TLS handshake): the next read flushes.
      if ((key.interestOps() & SelectionKey.OP_WRITE) != 0) {
        key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
      }
    } else if ((key.interestOps() & SelectionKey.OP_WRITE) == 0) {
      key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
      watchSend();
    }
    if (becameWritable()) {
      handler.onWritable(self());
    }
  }

  /**
   * The kernel stopped taking output: unless a watch runs, checks after the handler's send timeout
   * that some of the backlog went out meanwhile, and so on while a backlog lasts; aborts the
   * connection when none did. Armed only on backpressure, never per write.
   */
  private void watchSend() {
    if (is(CLOSE_AFTER_FLUSH) || closeTimerSet()) {
      return; // a watch runs already, or the close's drain watchdog does this job
    }
    long millis = handler.sendTimeoutMillis();
    if (millis <= 0) {
      return;
    }
    takeProgress(); // progress counts from now
    armCloseTimer(() -> checkSend(millis), Duration.ofMillis(millis));
  }

  /** The send watch's check; the connection's timer stays set meanwhile, so a flush made here starts no second watch. */
  private void checkSend(long millis) {
    if (is(CLOSED) || is(CLOSE_AFTER_FLUSH)) {
      return; // the close's own timers took over
    }
    if (queueEmpty() && !hasPendingOutput()) {
      cancelCloseTimer(); // drained: the next backlog starts a watch of its own
      return;
    }
    if (outputStalled()) {
      log.info("Dropping {}: the peer read none of {} unsent bytes in {} ms (send timeout)", remote, queuedBytes(), millis);
      abort(new IOException("Send timeout: the peer read none of " + queuedBytes() + " unsent bytes in " + millis + " ms."));
      return;
    }
    armCloseTimer(() -> checkSend(millis), Duration.ofMillis(millis));
  }

  /**
   * Whether bytes wait to be sent and the socket took none of the queue since the last call (or
   * since the connection opened): the peer has stopped reading. For a watchdog that asks once per
   * period, as the HTTP server does for a response in progress.
   */
  public boolean outputStalled() {
    if (takeProgress()) {
      return false;
    }
    if (is(CLOSED) || (queueEmpty() && !hasPendingOutput())) {
      return false;
    }
    // Linux announces room (OP_WRITE) only once a third of the send buffer is free: a peer that
    // reads slowly but steadily may have made room that no flush has used yet.
    flushNow();
    return !takeProgress() && !is(CLOSED) && (!queueEmpty() || hasPendingOutput());
  }

  /**
   * Closes after the queued bytes are written, then lingers for the peer's FIN (see {@link
   * #linger()}). A peer that reads none of those bytes for {@link #DRAIN_STALL} is cut off.
   */
  public void close() {
    close(true);
  }

  /**
   * Closes after the queued bytes are written. Without {@code linger} the socket is closed as soon
   * as they are out: for protocols whose peer has said it sends nothing more (a WebSocket whose
   * close frames were both exchanged), which saves a shutdown, a read and a timer per connection.
   */
  public void close(boolean linger) {
    if (is(CLOSED)) {
      return;
    }
    set(CLOSE_AFTER_FLUSH);
    if (!linger) {
      set(NO_LINGER);
    }
    if (queueEmpty() && !hasPendingOutput()) {
      closeNow(null, !is(NO_LINGER));
    } else {
      scheduleFlush();
      watchDrain(DRAIN_STALL);
    }
  }

  /** Checks every {@code period} that the close's bytes still move; aborts the connection when they do not. */
  final void watchDrain(Duration period) {
    outputStalled(); // progress counts from now; its flush may send the last bytes and close
    if (is(CLOSED)) {
      return; // no watchdog for a closed socket: its timer would hold the whole connection for the period
    }
    armCloseTimer(() -> {
      if (is(CLOSED)) {
        return;
      }
      if (outputStalled()) {
        log.debug("Aborting {}: the peer read none of the last {} bytes in {} ms", remote, queuedBytes(), period.toMillis());
        abort(new IOException("The peer read nothing for " + period.toMillis() + " ms; " + queuedBytes() + " bytes unsent."));
      } else {
        watchDrain(period);
      }
    }, period);
  }

  /** Closes at once, dropping queued bytes; {@code cause} is passed to the handler. */
  public void abort(Throwable cause) {
    closeNow(cause, false);
  }

  private void closeNow(Throwable cause, boolean graceful) {
    if (is(CLOSED)) {
      return;
    }
    set(CLOSED);
    if (graceful && channel().isOpen()) {
      closingOutput();
    }
    if (graceful && channel().isOpen() && linger()) {
      // lingering: the channel closes once the peer has closed or the linger time has passed
    } else {
      closeChannel();
    }
    failQueued(handler::closedException);
    releaseInput();
    try {
      handler.onClosed(self(), cause);
    } catch (RuntimeException | Error e) {
      log.error("onClosed failed for {}", remote, e);
    }
    if (closeListener != null) {
      closeListener.accept(self());
    }
  }

  /** Drops the input saved for a paused reader: the connection has closed. */
  abstract void releaseInput();

  /** This connection as its handler and listener know it: {@link TcpConnection} is the only subclass. */
  private TcpConnection self() {
    return (TcpConnection) this;
  }

  final boolean is(int flag) {
    return (flags & flag) != 0;
  }

  final void set(int flag) {
    flags |= (byte) flag;
  }

  final void clear(int flag) {
    flags &= (byte) ~flag;
  }
}
