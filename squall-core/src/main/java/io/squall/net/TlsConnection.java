package io.squall.net;

import io.squall.ioloop.EventLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.SocketChannel;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * A {@link TcpConnection} whose bytes pass through the JDK's {@link SSLEngine}: what the handler
 * reads is decrypted, what it queues is encrypted on its way out. The handshake runs on the loop as
 * the peer's bytes arrive; output queued before it completes waits for it.
 *
 * <p>Memory: records are read and written through two buffers per loop thread. A connection keeps
 * bytes of its own only between events: the tail of a record not yet complete, encrypted bytes the
 * socket did not take, or decrypted bytes that did not fit the reader's buffer. An idle TLS socket
 * holds its engine and nothing else.
 *
 * <p>Confined to its loop, like every connection.
 */
final class TlsConnection extends TcpConnection implements GatheringByteChannel {
  private static final ByteBuffer[] NOTHING = {ByteBuffer.allocate(0)};
  private static final ThreadLocal<ByteBuffer[]> ONE = ThreadLocal.withInitial(() -> new ByteBuffer[1]);
  /** Encrypted input, read from the socket and unwrapped at once; one per loop thread. */
  private static final ThreadLocal<ByteBuffer> NET_IN = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(96 * 1024));
  /** Encrypted output, wrapped and written at once; one per loop thread. */
  private static final ThreadLocal<ByteBuffer> NET_OUT = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(96 * 1024));

  private final SSLEngine engine;
  /** The start of a record that has not fully arrived; null when none. */
  private ByteBuffer netIn;
  /** Encrypted bytes the socket has not taken yet; null when none. */
  private ByteBuffer netOut;
  /** Decrypted bytes that did not fit the reader's buffer; null when none. */
  private ByteBuffer appIn;
  /** The next read needs no socket: the last unwrap stopped for lack of room, or at the peer's close_notify. */
  private boolean moreToUnwrap;
  /** The first handshake is done: a new one is a renegotiation ({@link #checkHandshake}). */
  private boolean established;

  TlsConnection(EventLoop loop, SocketChannel channel, InetSocketAddress remote, SSLEngine engine) {
    super(loop, channel, remote);
    this.engine = engine;
  }

  @Override
  void start(java.util.function.Function<TcpConnection, ConnectionHandler> handlerFactory) throws IOException {
    engine.beginHandshake();
    super.start(handlerFactory);
    if (engine.getUseClientMode()) {
      flushNow(); // the client speaks first: its hello goes out now, whatever the handler queued
    }
  }

  @Override
  public boolean isSecure() {
    return true;
  }

  @Override
  public List<X509Certificate> peerCertificates() {
    try {
      List<X509Certificate> chain = new ArrayList<>();
      for (Certificate c : engine.getSession().getPeerCertificates()) {
        if (c instanceof X509Certificate x) {
          chain.add(x);
        }
      }
      return List.copyOf(chain);
    } catch (SSLPeerUnverifiedException none) {
      return List.of();
    }
  }

  /** The TLS session (protocol, cipher suite, peer certificates); during the handshake, a placeholder. */
  public javax.net.ssl.SSLSession session() {
    return engine.getSession();
  }

  // ---- input ----------------------------------------------------------------------------------

  @Override
  int readInput(ByteBuffer dst) throws IOException {
    try {
      return readRecords(dst);
    } catch (SSLException e) {
      sendFatalAlert();
      throw e;
    }
  }

  private int readRecords(ByteBuffer dst) throws IOException {
    if (appIn != null) {
      return drainAppIn(dst);
    }
    ByteBuffer in = NET_IN.get().clear();
    if (netIn != null) {
      in.put(netIn);
      netIn = null;
    }
    int read = moreToUnwrap ? 0 : channel.read(in);
    moreToUnwrap = false;
    in.flip();
    int produced = 0;
    try {
      produced = unwrapInto(in, dst);
    } finally {
      if (in.hasRemaining()) {
        netIn = ByteBuffer.allocate(in.remaining()).put(in).flip();
      }
    }
    if (produced > 0) {
      // data, then close_notify with no FIN (a TLS 1.3 half-close): the next read reports the end
      moreToUnwrap |= engine.isInboundDone();
      return produced;
    }
    if (read < 0 || engine.isInboundDone()) {
      closeInboundQuietly();
      return -1;
    }
    return 0;
  }

  private int unwrapInto(ByteBuffer in, ByteBuffer dst) throws IOException {
    int produced = 0;
    while (in.hasRemaining() && !engine.isInboundDone()) {
      SSLEngineResult r = engine.unwrap(in, dst);
      produced += r.bytesProduced();
      switch (r.getStatus()) {
        case OK -> {
          checkHandshake(r.getHandshakeStatus());
          advanceHandshake(r.getHandshakeStatus());
          if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
            return produced; // nothing more to make of these bytes now
          }
        }
        case BUFFER_UNDERFLOW -> {
          return produced; // the rest of the record is still on its way
        }
        case BUFFER_OVERFLOW -> {
          if (produced > 0) {
            moreToUnwrap = true; // the reader gets this much now and reads again for the rest
            return produced;
          }
          appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
          SSLEngineResult big = engine.unwrap(in, appIn);
          appIn.flip();
          checkHandshake(big.getHandshakeStatus());
          advanceHandshake(big.getHandshakeStatus());
          moreToUnwrap = in.hasRemaining();
          return drainAppIn(dst);
        }
        case CLOSED -> {
          advanceHandshake(r.getHandshakeStatus()); // answer the peer's close_notify
          return produced;
        }
      }
    }
    return produced;
  }

  private int drainAppIn(ByteBuffer dst) {
    int n = Math.min(dst.remaining(), appIn.remaining());
    dst.put(dst.position(), appIn, appIn.position(), n).position(dst.position() + n);
    appIn.position(appIn.position() + n);
    if (!appIn.hasRemaining()) {
      appIn = null;
    }
    return n;
  }

  @Override
  boolean hasBufferedInput() {
    return appIn != null || moreToUnwrap;
  }

  private void closeInboundQuietly() {
    try {
      engine.closeInbound();
    } catch (SSLException e) {
      // the peer closed TCP without close_notify: a truncation the protocol above detects itself
    }
  }

  /** A failed engine's fatal alert tells the peer why (RFC 8446 §6.2); sent once, best effort. */
  private void sendFatalAlert() {
    try {
      if (writePending() && !engine.isOutboundDone()) {
        wrapAndWrite(NOTHING, 0, 1);
      }
    } catch (IOException | RuntimeException e) {
      // the connection is failing anyway
    }
  }

  // ---- handshake ------------------------------------------------------------------------------

  /**
   * Notes the end of the first handshake; after it a server refuses a TLS 1.2 renegotiation (a new
   * ClientHello), as nginx does: each one costs the server a full handshake for a few bytes from
   * the client (the THC-SSL-DoS), and nothing served here needs one. TLS 1.3 has none; its
   * post-handshake messages (KeyUpdate, tickets) pass.
   */
  private void checkHandshake(HandshakeStatus status) throws SSLException {
    if (status == HandshakeStatus.FINISHED) {
      established = true;
    } else if (established && status != HandshakeStatus.NOT_HANDSHAKING && !engine.getUseClientMode()
        && !engine.getSession().getProtocol().equals("TLSv1.3")) {
      engine.closeOutbound(); // nothing of the new handshake goes out, only the close
      throw new SSLHandshakeException("Renegotiation refused: the " + engine.getSession().getProtocol()
          + " session is established.");
    }
  }

  /** Runs the engine's tasks and sends what it has to say, until it waits for the peer or is done. */
  private void advanceHandshake(HandshakeStatus status) throws IOException {
    while (true) {
      switch (status) {
        case NEED_TASK -> {
          runTasks();
          status = engine.getHandshakeStatus();
        }
        case NEED_WRAP -> {
          if (netOut != null) {
            // Records encrypted earlier still wait for room in the socket: this one (a KeyUpdate, a
            // close_notify) must follow them, so it is made when they are out (writeOutput).
            return;
          }
          wrapAndWrite(NOTHING, 0, 1);
          status = engine.getHandshakeStatus();
          if (netOut != null) {
            return; // the socket is full: the rest follows when it drains
          }
        }
        default -> {
          return;
        }
      }
    }
  }

  /** Certificate checks and key exchange: on the loop, like the rest of the handshake. */
  private void runTasks() {
    for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
      task.run();
    }
  }

  // ---- output ---------------------------------------------------------------------------------

  @Override
  boolean writeOutput() throws IOException {
    try {
      return writeRecords();
    } catch (SSLException e) {
      sendFatalAlert();
      throw e;
    }
  }

  private boolean writeRecords() throws IOException {
    if (!writePending()) {
      return false;
    }
    if (engine.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING) {
      advanceHandshake(engine.getHandshakeStatus());
      if (awaitsPeer() || netOut != null) {
        return queueEmpty();
      }
    }
    return writeQueueTo(this) && netOut == null;
  }

  @Override
  boolean hasPendingOutput() {
    return netOut != null;
  }

  @Override
  boolean awaitsPeer() {
    return netOut == null && engine.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP && !engine.isInboundDone();
  }

  /** Writes the encrypted bytes left over from before; true when none are left. */
  private boolean writePending() throws IOException {
    if (netOut == null) {
      return true;
    }
    channel.write(netOut);
    if (netOut.hasRemaining()) {
      return false;
    }
    netOut = null;
    return true;
  }

  /** Encrypts queued plain bytes for {@link #writeQueueTo}: returns how many it took. */
  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    if (!writePending() || engine.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING) {
      return 0;
    }
    return wrapAndWrite(srcs, offset, length);
  }

  @Override
  public long write(ByteBuffer[] srcs) throws IOException {
    return write(srcs, 0, srcs.length);
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    ByteBuffer[] one = ONE.get();
    one[0] = src;
    try {
      return (int) write(one, 0, 1);
    } finally {
      one[0] = null;
    }
  }

  /**
   * Wraps as many records of {@code srcs} as the loop's output buffer holds, writes them in one
   * call, and keeps what the socket did not take; returns the plain bytes consumed.
   */
  private long wrapAndWrite(ByteBuffer[] srcs, int offset, int length) throws IOException {
    ByteBuffer out = NET_OUT.get().clear();
    int packet = engine.getSession().getPacketBufferSize();
    long consumed = 0;
    while (out.remaining() >= packet) {
      SSLEngineResult r = engine.wrap(srcs, offset, length, out);
      consumed += r.bytesConsumed();
      established |= r.getHandshakeStatus() == HandshakeStatus.FINISHED;
      if (r.getStatus() == SSLEngineResult.Status.CLOSED && r.bytesProduced() == 0) {
        if (consumed == 0 && remaining(srcs, offset, length) > 0) {
          throw new SSLException("TLS output is closed.");
        }
        break;
      }
      if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
        runTasks();
      }
      boolean handshaking = engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP;
      if (r.bytesProduced() == 0 || (!handshaking && remaining(srcs, offset, length) == 0)) {
        break;
      }
    }
    out.flip();
    if (out.hasRemaining()) {
      channel.write(out);
      if (out.hasRemaining()) {
        netOut = ByteBuffer.allocate(out.remaining()).put(out).flip();
      }
    }
    return consumed;
  }

  private static long remaining(ByteBuffer[] srcs, int offset, int length) {
    long n = 0;
    for (int i = offset; i < offset + length; i++) {
      n += srcs[i].remaining();
    }
    return n;
  }

  /** Before the handshake is done nothing queued can ever go out: close at once instead of waiting to flush. */
  @Override
  public void close(boolean linger) {
    if ("NONE".equals(engine.getSession().getProtocol())) {
      abort(null);
    } else {
      super.close(linger);
    }
  }

  @Override
  void closingOutput() {
    engine.closeOutbound();
    try {
      if (writePending()) {
        wrapAndWrite(NOTHING, 0, 1); // close_notify, best effort: the socket closes either way
      }
    } catch (IOException e) {
      // the peer is gone already
    }
  }
}
