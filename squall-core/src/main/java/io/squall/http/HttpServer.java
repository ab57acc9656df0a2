package io.squall.http;

import io.squall.http.internal.HttpConnection;
import io.squall.ioloop.EventLoop;
import io.squall.ioloop.EventLoopGroup;
import io.squall.net.ClientAuth;
import io.squall.net.OpenConnections;
import io.squall.net.TcpServer;
import io.squall.net.UnixSocketFile;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A non-blocking HTTP/1.1 server on a group of event loops. Build it, {@link #listen}, and {@link
 * #stop} it; connections upgraded to another protocol (WebSocket) stay tracked so that a stop
 * reaches them too.
 *
 * <p>Thread rule: safe from any thread.
 */
public final class HttpServer {
  private final EventLoopGroup group;
  private final boolean ownsGroup;
  private final HttpConnection.Config config;
  /** HTTPS (and wss://) with this context; null for plain HTTP. */
  private final SSLContext tls;
  private final ClientAuth clientAuth;
  private final OpenConnections connections;
  private final boolean reusePort;
  /** The sockets listened on, in the order {@code listen} was called. */
  private final List<TcpServer> listeners = new CopyOnWriteArrayList<>();

  private HttpServer(Builder b) {
    this.ownsGroup = b.group == null;
    this.group = ownsGroup ? new EventLoopGroup() : b.group;
    this.tls = b.tls;
    this.clientAuth = b.clientAuth;
    this.config = new HttpConnection.Config(b.handler, b.limits, b.proxies, tls == null ? "http" : "https", b.compressResponses,
        b.decompressRequests);
    this.connections = new OpenConnections(group.loops());
    this.reusePort = b.reusePort;
  }

  public static Builder builder(HttpHandler handler) {
    return new Builder(handler);
  }

  /**
   * Listens on {@code host:port} (port 0: any free port) and returns the bound address. May be
   * called again for more addresses (as Tornado's {@code listen}), each served by the same loops.
   */
  public synchronized InetSocketAddress listen(String host, int port) {
    TcpServer server = newListener();
    InetSocketAddress bound = server.bind(new InetSocketAddress(host, port));
    listeners.add(server);
    return bound;
  }

  /**
   * Listens on a Unix-domain socket at {@code socketFile} too (Tornado's {@code bind_unix_socket}),
   * for a proxy on this machine: nginx's {@code server unix:/run/squall/chat.sock;}. Its peers
   * have no address: {@code remoteIp()} is 0.0.0.0 unless {@link TrustedProxies} lists {@code
   * unix:} and the proxy sends {@code X-Real-IP}. A stale socket file there is replaced; a live
   * server's, or a file that is not a socket, fails with the reason. The file gets {@code
   * permissions} and goes when the server stops.
   */
  public synchronized void listenUnix(Path socketFile, Set<PosixFilePermission> permissions) {
    TcpServer server = newListener();
    server.bindUnix(socketFile, permissions);
    listeners.add(server);
  }

  /** The same with owner and group allowed to connect ({@link UnixSocketFile#DEFAULT_PERMISSIONS}). */
  public void listenUnix(Path socketFile) {
    listenUnix(socketFile, UnixSocketFile.DEFAULT_PERMISSIONS);
  }

  private TcpServer newListener() {
    return new TcpServer(group, tls, clientAuth, c -> {
      connections.add(c);
      return new HttpConnection(config);
    }).reusePort(reusePort);
  }

  /** The first TCP address listened on; null when only Unix-domain sockets are (or nothing is). */
  public InetSocketAddress localAddress() {
    for (TcpServer server : listeners) {
      InetSocketAddress address = server.localAddress();
      if (address != null) {
        return address;
      }
    }
    return null;
  }

  /** The Unix-domain socket files listened on, in order; empty when none. */
  public List<Path> socketFiles() {
    return listeners.stream().map(TcpServer::socketFile).filter(Objects::nonNull).toList();
  }

  public EventLoopGroup group() {
    return group;
  }

  /** Number of open connections, HTTP and upgraded ones. */
  public int connectionCount() {
    return connections.size();
  }

  /**
   * Stops accepting, asks every open connection to finish (idle HTTP connections close, WebSockets
   * get 1001), waits up to {@code timeout} for them, then shuts down the loops if this server
   * created them, aborting the connections still open first (their handlers hear it). Called on one
   * of the server's loops (from a handler), it returns at once and the stop goes on from a thread of
   * its own: waiting there would hold the loop whose sockets must close.
   */
  public void stop(Duration timeout) {
    EventLoop current = EventLoop.current();
    if (current != null && group.loops().contains(current)) {
      Thread.ofPlatform().name("squall-stop").start(() -> stop(timeout));
      return;
    }
    for (TcpServer server : listeners) {
      server.close();
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    CountDownLatch asked = connections.forEach(c -> {
      if (c.isOpen()) {
        c.handler().onServerShutdown(c);
      }
    });
    try {
      asked.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
      while (connections.size() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (ownsGroup) {
      // Ending a loop closes its channels without telling their handlers: abort the connections
      // still open first, so that each hears onClosed (a WebSocket's onClose runs and its zlib
      // state is freed) rather than being dropped when the time is up.
      try {
        connections.forEach(c -> c.abort(null)).await(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      group.shutdown(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())).plusSeconds(1));
    }
  }

  /** Configures a server. */
  public static final class Builder {
    private final HttpHandler handler;
    private HttpLimits limits = HttpLimits.defaults();
    private TrustedProxies proxies = TrustedProxies.none();
    private EventLoopGroup group;
    private SSLContext tls;
    private ClientAuth clientAuth = ClientAuth.NONE;
    private boolean compressResponses;
    private boolean decompressRequests;
    private boolean reusePort;

    private Builder(HttpHandler handler) {
      this.handler = Objects.requireNonNull(handler, "handler");
    }

    public Builder limits(HttpLimits limits) {
      this.limits = Objects.requireNonNull(limits);
      return this;
    }

    public Builder trustedProxies(TrustedProxies proxies) {
      this.proxies = Objects.requireNonNull(proxies);
      return this;
    }

    /** Loops to run on; without one the server creates (and on stop shuts down) its own. */
    public Builder group(EventLoopGroup group) {
      this.group = group;
      return this;
    }

    /** Serves HTTPS (and wss://) with certificates and settings from {@code tls}; null: plain HTTP. */
    public Builder tls(SSLContext tls) {
      this.tls = tls;
      return this;
    }

    /**
     * Binds TCP ports with SO_REUSEPORT, Tornado's {@code reuse_port} (see {@link
     * TcpServer#reusePort}): a new process can listen on the port before the old one stops.
     * Default off: a port already taken then fails {@code listen}, as it should by mistake.
     */
    public Builder reusePort(boolean reusePort) {
      if (reusePort && !TcpServer.supportsReusePort()) {
        throw new UnsupportedOperationException("SO_REUSEPORT is not supported on this platform.");
      }
      this.reusePort = reusePort;
      return this;
    }

    /** Whether HTTPS clients are asked for a certificate; default {@link ClientAuth#NONE}. */
    public Builder clientAuth(ClientAuth clientAuth) {
      this.clientAuth = Objects.requireNonNull(clientAuth, "clientAuth");
      return this;
    }

    /**
     * Whether textual responses go gzip-encoded to clients that take it (Tornado's {@code
     * compress_response}); default false, as Tornado, since a proxy in front usually compresses.
     * What qualifies: {@link io.squall.http.internal.ResponseCompression}.
     */
    public Builder compressResponses(boolean compressResponses) {
      this.compressResponses = compressResponses;
      return this;
    }

    /**
     * Whether a request body sent with {@code Content-Encoding: gzip} is decoded before its handler
     * sees it (Tornado's {@code decompress_request}); default false, as Tornado. The decoded body
     * must fit {@link HttpLimits#maxBodyBytes()} (else 413); one that is not gzip is a 400. What
     * else: {@link io.squall.http.internal.RequestDecoding}.
     */
    public Builder decompressRequests(boolean decompressRequests) {
      this.decompressRequests = decompressRequests;
      return this;
    }

    public HttpServer build() {
      return new HttpServer(this);
    }
  }
}
