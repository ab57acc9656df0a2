package io.squall.net;

import io.squall.ioloop.EventLoop;
import io.squall.ioloop.IoHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.net.ssl.SSLEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One non-blocking TCP connection: reads into its loop's shared buffer, hands bytes to the current
 * {@link ConnectionHandler}, and flushes a queue of outbound buffers with gathering writes (the
 * queue it extends, {@link OutboundQueue}).
 *
 * <p>A TLS connection ({@link TlsConnection}) is this class with its socket input and output
 * passing through an {@code SSLEngine}; nothing else changes, and a plain connection pays nothing
 * for it.
 *
 * <p>Confined to its loop: every method must be called on {@link #loop()} (hop there with {@code
 * loop().execute}).
 */
public class TcpConnection extends SocketIo implements IoHandler {
  private static final Logger log = LoggerFactory.getLogger(TcpConnection.class);

  private ConnectionHandler handler;
  /** Unconsumed input saved while reading is paused; null when none. */
  private ByteBuffer leftover;
  /** The connection's yes/no state, one bit each (a socket may stay open for days: one byte, not eight). */
  private byte flags;
  private static final int READING_PAUSED = 1;
  /** The peer half-closed: the socket stays readable at end of stream, so reading stops for good. */
  private static final int INPUT_ENDED = 1 << 1;
  private static final int RESUME_SCHEDULED = 1 << 2;
  private static final int CLOSE_AFTER_FLUSH = 1 << 3;
  /** The graceful close does not wait for the peer's FIN ({@link #close(boolean)}). */
  private static final int NO_LINGER = 1 << 4;
  private static final int CLOSED = 1 << 5;
  private static final int FLUSH_SCHEDULED = 1 << 6;
  /** Set while the handler consumes input; the flush then happens once, after it. */
  private static final int DELIVERING = 1 << 7;
  /** This connection's end-of-iteration flush, made by the first write that needs it. */
  private Runnable flushTask;
  /** Told after the handler when the connection closes; set once by the server that tracks it. */
  private Consumer<TcpConnection> closeListener;

  TcpConnection(EventLoop loop, SocketChannel channel, InetSocketAddress remote) {
    super(loop, channel, remote);
  }

  /** Registers an accepted or connected channel on {@code loop}; must be called on that loop. */
  public static TcpConnection open(
      EventLoop loop, SocketChannel channel, Function<TcpConnection, ConnectionHandler> handlerFactory)
      throws IOException {
    return open(loop, channel, null, handlerFactory);
  }

  /** The same, over TLS with {@code tls} (a fresh engine, in server or client mode) unless it is null. */
  public static TcpConnection open(EventLoop loop, SocketChannel channel, SSLEngine tls,
      Function<TcpConnection, ConnectionHandler> handlerFactory) throws IOException {
    channel.configureBlocking(false);
    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    TcpConnection c = create(loop, channel, tls);
    c.key = loop.register(channel, SelectionKey.OP_READ, c);
    c.start(handlerFactory);
    return c;
  }

  /** Takes over a channel already registered on {@code loop} (by a connector) under {@code key}. */
  static TcpConnection adopt(EventLoop loop, SocketChannel channel, SelectionKey key, SSLEngine tls,
      Function<TcpConnection, ConnectionHandler> handlerFactory) throws IOException {
    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    TcpConnection c = create(loop, channel, tls);
    c.key = key;
    key.attach(c);
    key.interestOps(SelectionKey.OP_READ);
    c.start(handlerFactory);
    return c;
  }

  private static TcpConnection create(EventLoop loop, SocketChannel channel, SSLEngine tls) throws IOException {
    InetSocketAddress remote = (InetSocketAddress) channel.getRemoteAddress();
    return tls == null ? new TcpConnection(loop, channel, remote) : new TlsConnection(loop, channel, remote, tls);
  }

  /** Attaches the first handler; a TLS client then sends its hello. */
  void start(Function<TcpConnection, ConnectionHandler> handlerFactory) throws IOException {
    setHandler(handlerFactory.apply(this));
  }




  public ConnectionHandler handler() {
    return handler;
  }

  /** Switches protocol (HTTP to WebSocket): saved input goes to the new handler on resume. */
  public void setHandler(ConnectionHandler next) {
    this.handler = next;
    next.onAttach(this);
  }

  /** Registers the one listener told after the handler when this connection closes. */
  /** Whether {@code listener} is the one told when this connection closes. */
  boolean closeListenerIs(Consumer<TcpConnection> listener) {
    return closeListener == listener;
  }

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

  @Override
  public void onReady(SelectionKey k) {
    if (!k.isValid()) {
      return;
    }
    if (is(CLOSED)) {
      drainWhileLingering();
      return;
    }
    int ready = k.readyOps();
    if ((ready & SelectionKey.OP_WRITE) != 0) {
      flushNow();
    }
    if ((ready & SelectionKey.OP_READ) != 0 && !is(CLOSED) && !is(READING_PAUSED)) {
      readNow();
    }
  }

  /** The loop ends under an open connection: it closes as if reset (onClosed runs, queued writes fail). */
  @Override
  public void onLoopShutdown(SelectionKey k) {
    abort(new ClosedChannelException());
  }

  private void readNow() {
    do {
      ByteBuffer buf = loop.readBuffer();
      int n;
      try {
        n = readInput(buf);
      } catch (IOException e) {
        abort(e);
        return;
      }
      if (n < 0) {
        // Reported once: with OP_READ left on, the selector would fire again at once, forever.
        set(INPUT_ENDED);
        key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
        handler.onEndOfStream(this);
        return;
      }
      if (n == 0) {
        if (!queueEmpty() || hasPendingOutput()) {
          flushNow(); // input that was not data (a TLS handshake) may have let output go, or made some
        }
        return;
      }
      buf.flip();
      deliver(buf);
    } while (hasBufferedInput() && !is(CLOSED) && !is(READING_PAUSED));
  }

  private void deliver(ByteBuffer buf) {
    set(DELIVERING);
    try {
      handler.onData(this, buf);
    } catch (RuntimeException | Error e) { // an Error too: left open, the connection would stop flushing
      clear(DELIVERING);
      log.error("Connection handler failed for {}", remote, e);
      abort(e);
      return;
    }
    clear(DELIVERING);
    if (!is(CLOSED) && buf.hasRemaining() && buf != leftover) {
      saveLeftover(buf);
    } else if (buf == leftover && !buf.hasRemaining()) {
      leftover = null;
    }
    if (!is(CLOSED) && !queueEmpty()) {
      flushNow();
    }
  }

  private void saveLeftover(ByteBuffer buf) {
    ByteBuffer saved = ByteBuffer.allocate(buf.remaining() + (leftover == null ? 0 : leftover.remaining()));
    if (leftover != null) {
      saved.put(leftover);
    }
    saved.put(buf).flip();
    leftover = saved;
    pauseReading();
  }

  /** Stops reading from the socket (TCP pushes back on the peer). */
  public void pauseReading() {
    if (!is(READING_PAUSED) && !is(CLOSED)) {
      set(READING_PAUSED);
      key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
    }
  }

  /** Delivers any saved input to the handler (from a fresh loop task), then reads the socket again. */
  public void resumeReading() {
    if (is(CLOSED) || is(RESUME_SCHEDULED)) {
      return;
    }
    set(RESUME_SCHEDULED);
    loop.execute(this::doResume);
  }

  private void doResume() {
    clear(RESUME_SCHEDULED);
    if (is(CLOSED)) {
      return;
    }
    clear(READING_PAUSED);
    if (leftover != null) {
      ByteBuffer buf = leftover;
      deliver(buf);
      if (buf.hasRemaining() || is(READING_PAUSED) || is(CLOSED)) {
        if (!buf.hasRemaining()) {
          leftover = null;
        }
        return;
      }
      leftover = null;
    }
    if (!is(INPUT_ENDED)) {
      key.interestOps(key.interestOps() | SelectionKey.OP_READ);
    }
    if (hasBufferedInput()) {
      readNow(); // TLS records already read from the socket: it may never be readable again for them
    }
  }

  /** Queues bytes; {@code done} (may be null) completes when they reach the kernel or fails on close. */
  public void write(ByteBuffer data, CompletableFuture<Void> done) {
    if (is(CLOSED) || is(CLOSE_AFTER_FLUSH)) {
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
    }
    if (becameWritable()) {
      handler.onWritable(this);
    }
  }

  /** Closes after the queued bytes are written, then lingers for the peer's FIN (see {@link #linger()}). */
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
    }
  }

  /** Closes at once, dropping queued bytes; {@code cause} is passed to the handler. */
  public void abort(Throwable cause) {
    closeNow(cause, false);
  }

  @SuppressWarnings("unchecked")
  private void closeNow(Throwable cause, boolean graceful) {
    if (is(CLOSED)) {
      return;
    }
    set(CLOSED);
    if (graceful && channel.isOpen()) {
      closingOutput();
    }
    if (graceful && channel.isOpen() && linger()) {
      // lingering: the channel closes once the peer has closed or the linger time has passed
    } else {
      closeChannel();
    }
    failQueued(handler::closedException);
    leftover = null;
    try {
      handler.onClosed(this, cause);
    } catch (RuntimeException | Error e) {
      log.error("onClosed failed for {}", remote, e);
    }
    if (closeListener != null) {
      closeListener.accept(this);
    }
  }

  @Override
  public String toString() {
    return "TcpConnection[" + remote + "]";
  }
  private boolean is(int flag) {
    return (flags & flag) != 0;
  }

  private void set(int flag) {
    flags |= (byte) flag;
  }

  private void clear(int flag) {
    flags &= (byte) ~flag;
  }
}
