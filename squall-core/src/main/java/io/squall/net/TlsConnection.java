package io.squall.net;

import io.squall.ioloop.EventLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * A {@link TcpConnection} whose bytes pass through the JDK's {@link SSLEngine}: what the handler
 * reads is decrypted, what it queues is encrypted on its way out. The handshake runs on the loop as
 * the peer's bytes arrive; output queued before it completes waits for it.
 *
 * <p>The work is split by role: {@link TlsRecordReader} unwraps the input, {@link TlsRecordWriter}
 * wraps the output and orders the records the engine makes itself, {@link TlsHandshake} tracks the
 * handshake; this class plugs them into the connection and decides the close.
 *
 * <p>Memory: records are read and written through two buffers per loop thread. A connection keeps
 * bytes of its own only between events: the tail of a record not yet complete, encrypted bytes the
 * socket did not take, or decrypted bytes that did not fit the reader's buffer. An idle TLS socket
 * holds its engine and the three small objects above, nothing else.
 *
 * <p>Confined to its loop, like every connection.
 */
final class TlsConnection extends TcpConnection implements GatheringByteChannel {
  /** Consulted by this class, the reader and the writer, on the loop. */
  private final TlsHandshake handshake;
  /** Used by this class and the reader (for the engine's answers), on the loop. */
  private final TlsRecordWriter writer;
  /** Used by this class only. */
  private final TlsRecordReader reader;

  TlsConnection(EventLoop loop, SelectionKey key, InetSocketAddress remote, SSLEngine engine) {
    super(loop, key, remote);
    SocketChannel channel = channel();
    this.handshake = new TlsHandshake(engine);
    this.writer = new TlsRecordWriter(engine, channel, handshake);
    this.reader = new TlsRecordReader(engine, channel, handshake, writer);
  }

  @Override
  void start(java.util.function.Function<TcpConnection, ConnectionHandler> handlerFactory) throws IOException {
    handshake.begin();
    super.start(handlerFactory);
    if (handshake.isClient()) {
      flushNow(); // the client speaks first: its hello goes out now, whatever the handler queued
    }
  }

  @Override
  public boolean isSecure() {
    return true;
  }

  @Override
  public List<X509Certificate> peerCertificates() {
    return handshake.peerCertificates();
  }

  /** The TLS session (protocol, cipher suite, peer certificates); during the handshake, a placeholder. */
  public javax.net.ssl.SSLSession session() {
    return handshake.session();
  }

  // ---- input ----------------------------------------------------------------------------------

  @Override
  int readInput(ByteBuffer dst) throws IOException {
    try {
      return reader.read(dst);
    } catch (SSLException e) {
      writer.sendFatalAlert();
      throw e;
    }
  }

  @Override
  boolean hasBufferedInput() {
    return reader.hasBuffered();
  }

  // ---- output ---------------------------------------------------------------------------------

  @Override
  boolean writeOutput() throws IOException {
    try {
      return writeRecords();
    } catch (SSLException e) {
      writer.sendFatalAlert();
      throw e;
    }
  }

  private boolean writeRecords() throws IOException {
    if (!writer.writePending()) {
      return false;
    }
    if (handshake.inProgress()) {
      writer.advanceHandshake(handshake.status());
      if (awaitsPeer() || writer.hasPending()) {
        return queueEmpty();
      }
    }
    return writeQueueTo(this) && !writer.hasPending();
  }

  @Override
  boolean hasPendingOutput() {
    return writer.hasPending();
  }

  @Override
  boolean awaitsPeer() {
    return !writer.hasPending() && handshake.awaitsPeer();
  }

  /** Encrypts queued plain bytes for {@link #writeQueueTo}: returns how many it took. */
  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    return writer.encrypt(srcs, offset, length);
  }

  @Override
  public long write(ByteBuffer[] srcs) throws IOException {
    return write(srcs, 0, srcs.length);
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    return writer.encrypt(src);
  }

  // ---- close ----------------------------------------------------------------------------------

  /** Before the handshake is done nothing queued can ever go out: close at once instead of waiting to flush. */
  @Override
  public void close(boolean linger) {
    if (!handshake.negotiated()) {
      abort(null);
    } else {
      super.close(linger);
    }
  }

  @Override
  void closingOutput() {
    writer.closeNotify();
  }
}
