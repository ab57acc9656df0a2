package io.squall.net;

import io.squall.ioloop.EventLoop;
import io.squall.ioloop.IoHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.function.Function;
import javax.net.ssl.SSLEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One non-blocking TCP connection: reads into its loop's shared buffer, hands bytes to the current
 * {@link ConnectionHandler}, and saves what a paused handler left unread. Its output, flush policy
 * and close are in {@link ConnectionOutput}, which it extends (as that extends the socket and the
 * outbound queue): one object per connection.
 *
 * <p>A TLS connection ({@link TlsConnection}) is this class with its socket input and output
 * passing through an {@code SSLEngine}; nothing else changes, and a plain connection pays nothing
 * for it.
 *
 * <p>Confined to its loop: every method must be called on {@link #loop()} (hop there with {@code
 * loop().execute}).
 */
public class TcpConnection extends ConnectionOutput implements IoHandler {
  private static final Logger log = LoggerFactory.getLogger(TcpConnection.class);

  /** Unconsumed input saved while reading is paused; null when none. Read path only. */
  private ByteBuffer leftover;

  TcpConnection(EventLoop loop, SelectionKey key, InetSocketAddress remote) {
    super(loop, key, remote);
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
    // Registered first, attached before the loop can select it: the connection keeps the key, not the channel.
    SelectionKey key = loop.register(channel, SelectionKey.OP_READ, null);
    TcpConnection c;
    try {
      c = create(loop, key, tls);
    } catch (IOException | RuntimeException e) {
      key.cancel();
      throw e;
    }
    key.attach(c);
    c.setNoDelay(true);
    c.start(handlerFactory);
    return c;
  }

  /** Takes over a channel already registered on {@code loop} (by a connector) under {@code key}. */
  static TcpConnection adopt(EventLoop loop, SelectionKey key, SSLEngine tls,
      Function<TcpConnection, ConnectionHandler> handlerFactory) throws IOException {
    TcpConnection c = create(loop, key, tls);
    c.setNoDelay(true);
    key.attach(c);
    key.interestOps(SelectionKey.OP_READ);
    c.start(handlerFactory);
    return c;
  }

  private static TcpConnection create(EventLoop loop, SelectionKey key, SSLEngine tls) throws IOException {
    SocketChannel channel = (SocketChannel) key.channel();
    InetSocketAddress remote = channel.getRemoteAddress() instanceof InetSocketAddress inet ? inet : UNIX_PEER;
    return tls == null ? new TcpConnection(loop, key, remote) : new TlsConnection(loop, key, remote, tls);
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

  @Override
  void releaseInput() {
    leftover = null;
  }

  @Override
  public String toString() {
    return "TcpConnection[" + remote + "]";
  }
}
