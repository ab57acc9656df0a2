package io.squall.net;

import io.squall.ioloop.EventLoop;
import io.squall.ioloop.IoHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
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
  private boolean readingPaused;
  /** The peer half-closed: the socket stays readable at end of stream, so reading stops for good. */
  private boolean inputEnded;
  private boolean resumeScheduled;
  private boolean closeAfterFlush;
  /** Whether the graceful close waits for the peer's FIN ({@link #close(boolean)}). */
  private boolean lingerOnClose = true;
  private boolean closed;
  /** This connection's end-of-iteration flush, made by the first write that needs it. */
  private Runnable flushTask;
  /** Told after the handler when the connection closes; set once by the server that tracks it. */
  private Consumer<TcpConnection> closeListener;
  /** Neighbours in the server's list of open connections on this loop ({@link OpenConnections}). */
  TcpConnection trackedPrev;
  TcpConnection trackedNext;
  private boolean flushScheduled;
  /** True while the handler consumes input; the flush then happens once, after it. */
  private boolean delivering;

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
  public void onClosed(Consumer<TcpConnection> listener) {
    this.closeListener = listener;
  }

  public boolean isOpen() {
    return !closed;
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
    if (closed) {
      drainWhileLingering();
      return;
    }
    int ready = k.readyOps();
    if ((ready & SelectionKey.OP_WRITE) != 0) {
      flushNow();
    }
    if ((ready & SelectionKey.OP_READ) != 0 && !closed && !readingPaused) {
      readNow();
    }
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
        inputEnded = true;
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
    } while (hasBufferedInput() && !closed && !readingPaused);
  }

  private void deliver(ByteBuffer buf) {
    delivering = true;
    try {
      handler.onData(this, buf);
    } catch (RuntimeException e) {
      delivering = false;
      log.error("Connection handler failed for {}", remote, e);
      abort(e);
      return;
    }
    delivering = false;
    if (!closed && buf.hasRemaining() && buf != leftover) {
      saveLeftover(buf);
    } else if (buf == leftover && !buf.hasRemaining()) {
      leftover = null;
    }
    if (!closed && !queueEmpty()) {
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
    if (!readingPaused && !closed) {
      readingPaused = true;
      key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
    }
  }

  /** Delivers any saved input to the handler (from a fresh loop task), then reads the socket again. */
  public void resumeReading() {
    if (closed || resumeScheduled) {
      return;
    }
    resumeScheduled = true;
    loop.execute(this::doResume);
  }

  private void doResume() {
    resumeScheduled = false;
    if (closed) {
      return;
    }
    readingPaused = false;
    if (leftover != null) {
      ByteBuffer buf = leftover;
      deliver(buf);
      if (buf.hasRemaining() || readingPaused || closed) {
        if (!buf.hasRemaining()) {
          leftover = null;
        }
        return;
      }
      leftover = null;
    }
    if (!inputEnded) {
      key.interestOps(key.interestOps() | SelectionKey.OP_READ);
    }
  }

  /** Queues bytes; {@code done} (may be null) completes when they reach the kernel or fails on close. */
  public void write(ByteBuffer data, CompletableFuture<Void> done) {
    if (closed || closeAfterFlush) {
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
    if (!flushScheduled && !delivering && (key.interestOps() & SelectionKey.OP_WRITE) == 0) {
      flushScheduled = true;
      if (flushTask == null) {
        flushTask = this::flushNow;
      }
      loop.executeAfterIteration(flushTask);
    }
  }

  /** Writes as much of the queue as the socket takes now. */
  public void flushNow() {
    flushScheduled = false;
    if (closed) {
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
      if (closeAfterFlush) {
        closeNow(null, lingerOnClose);
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
    if (closed) {
      return;
    }
    closeAfterFlush = true;
    lingerOnClose &= linger;
    if (queueEmpty() && !hasPendingOutput()) {
      closeNow(null, lingerOnClose);
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
    if (closed) {
      return;
    }
    closed = true;
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
    } catch (RuntimeException e) {
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
}
