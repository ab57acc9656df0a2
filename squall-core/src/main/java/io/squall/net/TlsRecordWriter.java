package io.squall.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * A TLS connection's output: wraps plain bytes into records, writes them to the socket, and keeps
 * the encrypted bytes the socket did not take. Records the engine makes on its own (handshake
 * messages, a KeyUpdate answer, an alert, close_notify) go out through it too, always after the
 * encrypted bytes already waiting, never ahead of or instead of them.
 *
 * <p>Confined to its connection's loop.
 */
final class TlsRecordWriter {
  /** What the engine wraps when it has something to say and we have nothing to send. */
  private static final ByteBuffer[] NOTHING = {ByteBuffer.allocate(0)};
  private static final ThreadLocal<ByteBuffer[]> ONE = ThreadLocal.withInitial(() -> new ByteBuffer[1]);
  /** Encrypted output, wrapped and written at once; one per loop thread. */
  private static final ThreadLocal<ByteBuffer> NET_OUT = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(96 * 1024));

  private final SSLEngine engine;
  private final SocketChannel channel;
  /** Told the status each wrap leaves; runs the engine's delegated tasks. */
  private final TlsHandshake handshake;
  /** Encrypted bytes the socket has not taken yet; null when none. Set and cleared here only. */
  private ByteBuffer netOut;

  TlsRecordWriter(SSLEngine engine, SocketChannel channel, TlsHandshake handshake) {
    this.engine = engine;
    this.channel = channel;
    this.handshake = handshake;
  }

  /** Whether encrypted bytes wait for room in the socket. */
  boolean hasPending() {
    return netOut != null;
  }

  /** Writes the encrypted bytes left over from before; true when none are left. */
  boolean writePending() throws IOException {
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

  /**
   * Encrypts and writes plain bytes queued by the handler; returns how many it took: none while
   * older encrypted bytes wait or a handshake is in progress.
   */
  long encrypt(ByteBuffer[] srcs, int offset, int length) throws IOException {
    if (!writePending() || handshake.inProgress()) {
      return 0;
    }
    return wrapAndWrite(srcs, offset, length);
  }

  /** The same for one buffer, through a per-thread array. */
  int encrypt(ByteBuffer src) throws IOException {
    ByteBuffer[] one = ONE.get();
    one[0] = src;
    try {
      return (int) encrypt(one, 0, 1);
    } finally {
      one[0] = null;
    }
  }

  /** Runs the engine's tasks and sends what it has to say, until it waits for the peer or is done. */
  void advanceHandshake(HandshakeStatus status) throws IOException {
    while (true) {
      switch (status) {
        case NEED_TASK -> {
          handshake.runTasks();
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

  /** A failed engine's fatal alert tells the peer why (RFC 8446 §6.2); sent once, best effort. */
  void sendFatalAlert() {
    try {
      if (writePending() && !engine.isOutboundDone()) {
        wrapAndWrite(NOTHING, 0, 1);
      }
    } catch (IOException | RuntimeException e) {
      // the connection is failing anyway
    }
  }

  /** Closes the engine's output and sends its close_notify (RFC 8446 §6.1) after what waits. */
  void closeNotify() {
    engine.closeOutbound();
    try {
      if (writePending()) {
        wrapAndWrite(NOTHING, 0, 1); // close_notify, best effort: the socket closes either way
      }
    } catch (IOException e) {
      // the peer is gone already
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
      handshake.wrapped(r.getHandshakeStatus());
      if (r.getStatus() == SSLEngineResult.Status.CLOSED && r.bytesProduced() == 0) {
        if (consumed == 0 && remaining(srcs, offset, length) > 0) {
          throw new SSLException("TLS output is closed.");
        }
        break;
      }
      if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
        handshake.runTasks();
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
}
