package io.squall.net;

import io.squall.ioloop.Cancellable;
import io.squall.ioloop.EventLoop;
import io.squall.ioloop.IoHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import javax.net.ssl.SSLEngine;

/**
 * Opens outbound TCP (or Unix-domain) connections without blocking a loop: connect, wait for OP_CONNECT on the
 * loop, then hand the channel to a {@link TcpConnection}. Safe from any thread.
 */
public final class TcpConnector {
  private TcpConnector() {}

  /** Connects to a resolved address; fails with {@link SocketTimeoutException} after {@code timeout}. */
  public static CompletableFuture<TcpConnection> connect(
      EventLoop loop, InetSocketAddress address, Duration timeout, Function<TcpConnection, ConnectionHandler> handlers) {
    return connect(loop, null, address, timeout, handlers);
  }

  /** Same, from {@code local} (null: any local address). */
  public static CompletableFuture<TcpConnection> connect(EventLoop loop, InetSocketAddress local,
      InetSocketAddress address, Duration timeout, Function<TcpConnection, ConnectionHandler> handlers) {
    return connect(loop, local, address, null, timeout, handlers);
  }

  /**
   * Same, over TLS when {@code tls} is not null (a client-mode engine made for this peer); the
   * handshake starts once TCP is connected and the handler's first bytes wait for it.
   */
  public static CompletableFuture<TcpConnection> connect(EventLoop loop, InetSocketAddress local,
      SocketAddress address, SSLEngine tls, Duration timeout, Function<TcpConnection, ConnectionHandler> handlers) {
    CompletableFuture<TcpConnection> result = new CompletableFuture<>();
    loop.execute(() -> start(loop, local, address, tls, timeout, handlers, result));
    return result;
  }

  private static void start(EventLoop loop, InetSocketAddress local, SocketAddress address, SSLEngine tls,
      Duration timeout, Function<TcpConnection, ConnectionHandler> handlers, CompletableFuture<TcpConnection> result) {
    SocketChannel ch;
    try {
      ch = address instanceof UnixDomainSocketAddress ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
    } catch (IOException e) {
      result.completeExceptionally(e);
      return;
    }
    try {
      ch.configureBlocking(false);
      if (local != null) {
        ch.bind(local);
      }
      if (ch.connect(address)) {
        result.complete(TcpConnection.open(loop, ch, tls, handlers));
        return;
      }
    } catch (IOException | RuntimeException e) {
      closeQuietly(ch, null); // a local address in use, an unreachable network: the socket is open all the same
      result.completeExceptionally(address instanceof UnixDomainSocketAddress unix && e instanceof IOException io
          ? named(unix, io) : e);
      return;
    }
    SelectionKey[] keyHolder = new SelectionKey[1];
    Cancellable timer = loop.schedule(() -> {
      if (!result.isDone()) {
        closeQuietly(ch, keyHolder[0]);
        result.completeExceptionally(new SocketTimeoutException(
            "Connect to " + address + " timed out after " + timeout.toMillis() + " ms"));
      }
    }, timeout);
    try {
      keyHolder[0] = loop.register(ch, SelectionKey.OP_CONNECT, new IoHandler() {
        @Override
        public void onReady(SelectionKey key) {
          try {
            if (!ch.finishConnect()) {
              return;
            }
            timer.cancel();
            key.interestOps(0);
            result.complete(TcpConnection.adopt(loop, key, tls, handlers));
          } catch (IOException | RuntimeException e) {
            timer.cancel();
            closeQuietly(ch, key);
            result.completeExceptionally(e);
          }
        }

        @Override
        public void onLoopShutdown(SelectionKey key) {
          result.completeExceptionally(new ClosedChannelException()); // the loop ends before the peer answered
        }
      });
    } catch (IOException e) {
      timer.cancel();
      closeQuietly(ch, null);
      result.completeExceptionally(e);
    }
  }

  /** A Unix-domain connect failure says which file: the JDK's message names none. */
  private static IOException named(UnixDomainSocketAddress unix, IOException e) {
    IOException named = new java.net.ConnectException("Cannot connect to unix:" + unix.getPath() + ": " + e.getMessage());
    named.initCause(e);
    return named;
  }

  private static void closeQuietly(SocketChannel ch, SelectionKey key) {
    if (key != null) {
      key.cancel();
    }
    try {
      ch.close();
    } catch (IOException ignored) {
      // already failing
    }
  }
}
