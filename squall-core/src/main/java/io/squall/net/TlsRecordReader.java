package io.squall.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * A TLS connection's input: reads records from the socket and unwraps them into the reader's
 * buffer. It keeps bytes only between events: the start of a record not yet complete, and
 * decrypted bytes that did not fit the reader's buffer. Handshake records it unwraps are checked by
 * {@link TlsHandshake} and answered through {@link TlsRecordWriter}.
 *
 * <p>Confined to its connection's loop.
 */
final class TlsRecordReader {
  /** Encrypted input, read from the socket and unwrapped at once; one per loop thread. */
  private static final ThreadLocal<ByteBuffer> NET_IN = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(96 * 1024));

  private final SSLEngine engine;
  private final SocketChannel channel;
  /** Checks the status each unwrap leaves (a renegotiation is refused there). */
  private final TlsHandshake handshake;
  /** Sends the engine's answers to what is unwrapped (handshake messages, a KeyUpdate, close_notify). */
  private final TlsRecordWriter writer;
  /** The start of a record that has not fully arrived; null when none. Set and cleared here only. */
  private ByteBuffer netIn;
  /** Decrypted bytes that did not fit the reader's buffer; null when none. Set and cleared here only. */
  private ByteBuffer appIn;
  /** The next read needs no socket: the last unwrap stopped for lack of room, or at the peer's close_notify. */
  private boolean moreToUnwrap;

  TlsRecordReader(SSLEngine engine, SocketChannel channel, TlsHandshake handshake, TlsRecordWriter writer) {
    this.engine = engine;
    this.channel = channel;
    this.handshake = handshake;
    this.writer = writer;
  }

  /** Whether a further {@link #read} returns bytes without the socket being readable. */
  boolean hasBuffered() {
    return appIn != null || moreToUnwrap;
  }

  /** Reads and decrypts into {@code dst}: bytes decrypted, 0 for none yet, -1 at the end of the input. */
  int read(ByteBuffer dst) throws IOException {
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
      // data, then close_notify with no FIN (a TLS 1.3 half-close, RFC 8446 §6.1): the next read reports the end
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
          handshake.check(r.getHandshakeStatus());
          writer.advanceHandshake(r.getHandshakeStatus());
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
          handshake.check(big.getHandshakeStatus());
          writer.advanceHandshake(big.getHandshakeStatus());
          moreToUnwrap = in.hasRemaining();
          return drainAppIn(dst);
        }
        case CLOSED -> {
          writer.advanceHandshake(r.getHandshakeStatus()); // answer the peer's close_notify
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

  private void closeInboundQuietly() {
    try {
      engine.closeInbound();
    } catch (SSLException e) {
      // the peer closed TCP without close_notify: a truncation the protocol above detects itself
    }
  }
}
