package io.squall.net;

import io.squall.ioloop.Cancellable;
import io.squall.ioloop.EventLoop;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's socket: its channel and selection key, how bytes cross it (the methods {@link
 * TlsConnection} replaces to encrypt them), and the lingering close. {@link ConnectionOutput}
 * extends it with the handler, the flush policy and the close, {@link TcpConnection} with reading
 * and pausing; one object per socket either way.
 *
 * <p>Confined to the connection's loop.
 */
abstract class SocketIo extends OutboundQueue {
  private static final Logger log = LoggerFactory.getLogger(SocketIo.class);
  /** How long a gracefully closed connection waits for the peer's FIN. */
  static final Duration LINGER = Duration.ofSeconds(2);
  /**
   * The remote address of a peer on a Unix-domain socket, which has none: the unspecified address
   * 0.0.0.0, port 0, as Tornado fakes it ({@code remote_ip} "0.0.0.0").
   */
  static final InetSocketAddress UNIX_PEER = unspecified();

  final EventLoop loop;
  /** The channel's registration on {@link #loop}; the channel itself is {@link #channel()}. */
  final SelectionKey key;
  final InetSocketAddress remote;
  /**
   * The connection's one timer: the send watch while open ({@link ConnectionOutput}), then the
   * close's drain watchdog, then its linger deadline; loop thread only.
   */
  private Cancellable closeTimer;

  SocketIo(EventLoop loop, SelectionKey key, InetSocketAddress remote) {
    this.loop = loop;
    this.key = key;
    this.remote = remote;
  }

  /** The socket, from its key rather than a field of its own: one reference less per connection. */
  final SocketChannel channel() {
    return (SocketChannel) key.channel();
  }

  private static InetSocketAddress unspecified() {
    try {
      return new InetSocketAddress(InetAddress.getByAddress(new byte[4]), 0);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e); // four bytes are always an address
    }
  }

  public EventLoop loop() {
    return loop;
  }

  /** The peer's address; 0.0.0.0 port 0 for a peer on a Unix-domain socket (see {@link #isUnixDomain}). */
  public InetSocketAddress remoteAddress() {
    return remote;
  }

  /** Whether this connection came through a Unix-domain socket (a local proxy such as nginx) rather than TCP. */
  public boolean isUnixDomain() {
    return remote == UNIX_PEER;
  }

  /** The address this end is bound to; null on a Unix-domain socket, or once closed. */
  public InetSocketAddress localAddress() {
    try {
      return channel().getLocalAddress() instanceof InetSocketAddress local ? local : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Sets TCP_NODELAY (on by default); nothing to do on a Unix-domain socket, which has no Nagle. */
  public void setNoDelay(boolean on) {
    if (isUnixDomain()) {
      return;
    }
    try {
      channel().setOption(StandardSocketOptions.TCP_NODELAY, on);
    } catch (IOException e) {
      log.debug("TCP_NODELAY failed", e);
    }
  }

  // ---- socket input and output: what TLS replaces ---------------------------------------------

  /** Reads what the peer sent into {@code dst}: bytes read, 0 for none yet, -1 at end of stream. */
  int readInput(ByteBuffer dst) throws IOException {
    return channel().read(dst);
  }

  /** Whether input is waiting that a further {@link #readInput} returns without the socket being readable. */
  boolean hasBufferedInput() {
    return false;
  }

  /** A buffer the queue is done with goes back to the loop if the loop lent it. */
  @Override
  final void released(ByteBuffer b) {
    loop.giveBack(b);
  }

  /** Writes as much of the queue as the socket takes now; true when all of it is out. */
  boolean writeOutput() throws IOException {
    return writeQueueTo(channel(), loop.writeBuffer());
  }

  /** Whether bytes are waiting for the socket to take them besides the queue (TLS records). */
  boolean hasPendingOutput() {
    return false;
  }

  /** Whether writing must wait for the peer's input rather than for room in the socket (a TLS handshake). */
  boolean awaitsPeer() {
    return false;
  }

  /** Called before a graceful close shuts the output down (TLS sends its close_notify here). */
  void closingOutput() {}

  /** Whether the bytes travel encrypted (TLS). */
  public boolean isSecure() {
    return false;
  }

  /**
   * The certificate chain the peer presented over TLS, its own first; empty over plain TCP, when it
   * sent none, or before the TLS handshake is done.
   */
  public List<X509Certificate> peerCertificates() {
    return List.of();
  }

  // ---- the lingering close --------------------------------------------------------------------

  /**
   * A graceful close sends FIN but keeps reading (and discarding) until the peer closes too, or
   * {@link #LINGER} passes. Closing outright with unread input would make the kernel send RST,
   * which can destroy our last bytes (an error response, a close frame) before the peer reads them.
   */
  final boolean linger() {
    try {
      channel().shutdownOutput();
      key.interestOps(SelectionKey.OP_READ);
      armCloseTimer(this::closeChannel, LINGER);
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  final void drainWhileLingering() {
    ByteBuffer buf = loop.readBuffer();
    try {
      for (int i = 0; i < 16; i++) {
        buf.clear();
        int n = channel().read(buf);
        if (n < 0) {
          closeChannel();
          return;
        }
        if (n == 0) {
          return;
        }
      }
    } catch (IOException e) {
      closeChannel();
    }
  }

  /** Replaces the connection's timer (the send watch gives way to the drain watchdog, that to the linger deadline). */
  final void armCloseTimer(Runnable task, Duration after) {
    cancelCloseTimer();
    closeTimer = loop.schedule(task, after);
  }

  /** Whether the connection's timer is set (it may have fired since: whoever set it clears it). */
  final boolean closeTimerSet() {
    return closeTimer != null;
  }

  final void cancelCloseTimer() {
    if (closeTimer != null) {
      closeTimer.cancel();
      closeTimer = null;
    }
  }

  final void closeChannel() {
    cancelCloseTimer();
    loop.closeAfterDeregistration(key);
  }
}
