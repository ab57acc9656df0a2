package io.squall.net;

import io.squall.ioloop.EventLoop;
import io.squall.ioloop.EventLoopGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts connections on one listening socket, TCP or Unix-domain, and spreads them round-robin
 * over the loops of a group; each connection then lives on its loop for its whole life.
 *
 * <p>Thread rule: {@link #bind}, {@link #bindUnix} and {@link #close} are safe from any thread; accepting runs on
 * the group's first loop.
 */
public final class TcpServer {
  private static final Logger log = LoggerFactory.getLogger(TcpServer.class);
  /** Pending connections the kernel may queue before accept: large enough for connection bursts. */
  private static final int BACKLOG = 4096;
  private static final String HTTP_1_1 = "http/1.1";
  /**
   * How long accepting pauses after accept failed (EMFILE: out of file descriptors). The pending
   * connection keeps the socket ready, so retrying at once would spin a core and flood the log.
   */
  static final Duration ACCEPT_RETRY = Duration.ofMillis(100);

  private final EventLoopGroup group;
  private final Function<TcpConnection, ConnectionHandler> handlers;
  /** Serves TLS with engines from this context; null for plain TCP. */
  private final SSLContext tls;
  private final ClientAuth clientAuth;
  /** Whether TCP sockets are bound with SO_REUSEPORT; set before binding. */
  private boolean reusePort;
  private ServerSocketChannel server;
  /** The socket's file when listening on a Unix-domain socket, removed on close; null for TCP. */
  private Path socketFile;
  private EventLoop acceptLoop;
  /** The listening socket's key; accept loop only. */
  private SelectionKey acceptKey;
  /** Accepts failed in a row; accept loop only. */
  private long acceptFailures;

  /** {@code handlers} builds the first protocol handler of each accepted connection. */
  public TcpServer(EventLoopGroup group, Function<TcpConnection, ConnectionHandler> handlers) {
    this(group, null, handlers);
  }

  /** The same, every connection over TLS with a server engine from {@code tls} (null: plain TCP). */
  public TcpServer(EventLoopGroup group, SSLContext tls, Function<TcpConnection, ConnectionHandler> handlers) {
    this(group, tls, ClientAuth.NONE, handlers);
  }

  /** The same, asking TLS clients for a certificate as {@code clientAuth} says. */
  public TcpServer(EventLoopGroup group, SSLContext tls, ClientAuth clientAuth,
      Function<TcpConnection, ConnectionHandler> handlers) {
    this.group = group;
    this.tls = tls;
    this.clientAuth = Objects.requireNonNull(clientAuth, "clientAuth");
    this.handlers = handlers;
  }

  /**
   * Binds TCP sockets with SO_REUSEPORT (Tornado's {@code reuse_port}): several processes (or
   * servers) listen on one port and the kernel spreads new connections over them, so a new
   * release can start before the old one stops and no connection is refused in between. Every
   * socket sharing the port must ask for it. Call before {@link #bind}.
   *
   * @throws UnsupportedOperationException where the platform has no SO_REUSEPORT
   */
  public TcpServer reusePort(boolean on) {
    if (on && !supportsReusePort()) {
      throw new UnsupportedOperationException("SO_REUSEPORT is not supported on this platform.");
    }
    this.reusePort = on;
    return this;
  }

  /** Whether this platform offers SO_REUSEPORT (Linux, macOS and the BSDs do). */
  public static boolean supportsReusePort() {
    try (ServerSocketChannel probe = ServerSocketChannel.open()) {
      return probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
    } catch (IOException e) {
      return false;
    }
  }

  /** Starts listening; port 0 picks a free port (see {@link #localAddress()}). */
  public InetSocketAddress bind(InetSocketAddress address) {
    listen(address, null, null);
    return localAddress();
  }

  /**
   * Starts listening on a Unix-domain socket at {@code socketFile} (Tornado's {@code
   * bind_unix_socket}), for a proxy on the same machine (nginx: {@code server unix:/path;}). A
   * stale socket file there is replaced; one a live server accepts on, or a file that is not a
   * socket, fails the bind. The file gets {@code permissions} and is removed by {@link #close}.
   */
  public void bindUnix(Path socketFile, Set<PosixFilePermission> permissions) {
    Objects.requireNonNull(permissions, "permissions");
    listen(UnixDomainSocketAddress.of(socketFile), socketFile, permissions);
  }

  private void listen(SocketAddress address, Path socketFile, Set<PosixFilePermission> permissions) {
    if (server != null) {
      throw new IllegalStateException("Already listening on " + this);
    }
    try {
      if (socketFile == null) {
        server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        if (reusePort) {
          server.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        }
        server.bind(address, BACKLOG);
      } else {
        UnixSocketFile.clear(socketFile);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(address, BACKLOG);
        this.socketFile = socketFile;
        UnixSocketFile.restrict(socketFile, permissions);
      }
      server.configureBlocking(false);
    } catch (IOException | UnsupportedOperationException e) {
      // A port already taken must not cost a file descriptor per attempt.
      if (server != null) {
        try {
          server.close();
        } catch (IOException ignored) {
          // nothing was bound: nothing more to release
        }
        server = null;
      }
      if (this.socketFile != null) {
        UnixSocketFile.remove(this.socketFile);
        this.socketFile = null;
      }
      throw new UncheckedIOException("Cannot listen on " + describe(address) + ": " + e.getMessage(),
          e instanceof IOException io ? io : new IOException(e));
    }
    acceptLoop = group.loops().get(0);
    CompletableFuture<Void> registered = new CompletableFuture<>();
    acceptLoop.execute(() -> {
      try {
        acceptKey = acceptLoop.register(server, SelectionKey.OP_ACCEPT, k -> acceptAll());
        registered.complete(null);
      } catch (IOException e) {
        registered.completeExceptionally(e);
      }
    });
    try {
      registered.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while binding " + describe(address), e);
    } catch (ExecutionException e) {
      throw new UncheckedIOException("Cannot register " + describe(address), new IOException(e.getCause()));
    }
  }

  /** The TCP address listened on; null on a Unix-domain socket (see {@link #socketFile()}). */
  public InetSocketAddress localAddress() {
    try {
      return server.getLocalAddress() instanceof InetSocketAddress inet ? inet : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Unix-domain socket's file listened on; null for TCP. */
  public Path socketFile() {
    return socketFile;
  }

  private static String describe(SocketAddress address) {
    return address instanceof UnixDomainSocketAddress unix ? "unix:" + unix.getPath() : String.valueOf(address);
  }

  /** What it listens on: {@code /127.0.0.1:8000}, or {@code unix:/run/squall/chat.sock}. */
  @Override
  public String toString() {
    return socketFile != null ? "unix:" + socketFile : String.valueOf(server == null ? "(not listening)" : localAddress());
  }

  private void acceptAll() {
    while (true) {
      SocketChannel ch;
      try {
        ch = server.accept();
      } catch (IOException e) {
        pauseAccepting(e);
        return;
      }
      if (ch == null) {
        return;
      }
      if (acceptFailures > 0) {
        log.info("Accepting again on {} after {} failed attempts", this, acceptFailures);
        acceptFailures = 0;
      }
      EventLoop loop = group.next();
      if (loop.inLoop()) {
        start(loop, ch);
      } else {
        loop.execute(() -> start(loop, ch));
      }
    }
  }

  /** EMFILE and friends: stops watching the socket for {@link #ACCEPT_RETRY}, logging once per run of failures. */
  private void pauseAccepting(IOException e) {
    if (acceptFailures++ == 0) {
      log.warn("Accept failed on {}: {}; retrying every {} ms", this, e.getMessage(), ACCEPT_RETRY.toMillis());
    }
    if (!acceptKey.isValid()) {
      return;
    }
    acceptKey.interestOps(0);
    acceptLoop.schedule(() -> {
      if (acceptKey.isValid()) {
        acceptKey.interestOps(SelectionKey.OP_ACCEPT);
      }
    }, ACCEPT_RETRY);
  }

  private void start(EventLoop loop, SocketChannel ch) {
    try {
      TcpConnection.open(loop, ch, tls == null ? null : serverEngine(tls, clientAuth), handlers);
    } catch (IOException | RuntimeException e) {
      log.debug("Could not start accepted connection", e);
      try {
        ch.close();
      } catch (IOException ignored) {
        // already failing
      }
    }
  }

  /** Stops accepting; connections already open stay open. */
  public void close() {
    if (server == null) {
      return;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    Runnable closeTask = () -> {
      try {
        server.close();
      } catch (IOException e) {
        log.debug("Close of listening socket failed", e);
      }
      if (socketFile != null) {
        UnixSocketFile.remove(socketFile);
      }
      done.complete(null);
    };
    if (acceptLoop.isShutdown() || acceptLoop.inLoop()) {
      closeTask.run(); // on the accept loop, waiting for a task of its own would never end
    } else {
      acceptLoop.execute(closeTask);
      done.join();
    }
  }

  private static SSLEngine serverEngine(SSLContext tls, ClientAuth clientAuth) {
    SSLEngine engine = tls.createSSLEngine();
    engine.setUseClientMode(false);
    // ALPN: HTTP/1.1, the only protocol served. A client offering only others (h2) gets no ALPN
    // answer rather than a no_application_protocol alert, as OpenSSL-based servers (Tornado) and Go
    // do: every HTTP/2 client speaks HTTP/1.1 too, and the first request tells what it speaks.
    engine.setHandshakeApplicationProtocolSelector((e, offered) -> offered.contains(HTTP_1_1) ? HTTP_1_1 : "");
    SSLParameters p = engine.getSSLParameters();
    switch (clientAuth) {
      case REQUIRED -> p.setNeedClientAuth(true);
      case OPTIONAL -> p.setWantClientAuth(true);
      case NONE -> { }
    }
    engine.setSSLParameters(p);
    return engine;
  }
}
