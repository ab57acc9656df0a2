package io.squall.chat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to run the chat: the article's defaults (port 8000, all interfaces) unless told otherwise.
 *
 * @param cookieSecret null: taken from SQUALL_COOKIE_SECRET, else generated (and a warning logged)
 * @param webRoot folder holding {@code templates/} and {@code static/}
 * @param maxMessageSize largest chat message in bytes; past it the socket closes with 1009
 * @param pingInterval time between server pings on every socket; zero turns them off
 * @param redis where the room meets the rooms of other chat processes; null: this process only
 * @param tls the certificate and key to serve https and wss with; null: plain http and ws (as
 *     behind nginx, which terminates TLS in the documented deployment)
 * @param unixSocket a Unix-domain socket file to listen on too, for nginx on the same machine
 *     ({@code server unix:/run/squall/chat.sock;}); null: none. With {@code port} {@link #NO_TCP}
 *     it is the only way in.
 * @param reusePort bind the TCP port with SO_REUSEPORT (Tornado's {@code reuse_port}): a new chat
 *     process can listen on the port of a running one, which then stops without a refused
 *     connection in between; its sockets get 1001 and the pages reconnect to the new process.
 */
public record ChatOptions(
    String host, int port, boolean debug, List<String> trustedProxies, List<String> allowedOrigins,
    String cookieSecret, Path webRoot, long maxMessageSize, Duration pingInterval, Redis redis, Tls tls,
    Path unixSocket, boolean reusePort) {

  /** The {@code port} that listens on no TCP port at all: the Unix-domain socket only. */
  public static final int NO_TCP = -1;

  /**
   * TLS served by the chat itself (Tornado's {@code ssl_options}).
   *
   * @param certFile PEM certificate chain, the server's own certificate first
   * @param keyFile its PEM private key: PKCS #8, PKCS #1 RSA or SEC1 EC (may be the same file), or
   *     encrypted PKCS #8 with {@code keyPasswordFile}
   * @param keyPasswordFile a file whose first line is the password of an encrypted {@code keyFile}
   *     (nginx's {@code ssl_password_file}: a password on the command line would show in {@code
   *     ps}); null for an unencrypted key
   */
  public record Tls(Path certFile, Path keyFile, Path keyPasswordFile) {
    public Tls {
      if (certFile == null || keyFile == null) {
        throw new IllegalArgumentException("TLS needs both a certificate file and a key file.");
      }
    }

    /** An unencrypted key. */
    public Tls(Path certFile, Path keyFile) {
      this(certFile, keyFile, null);
    }
  }

  /**
   * Scale-out over Redis pub/sub: every chat process started with the same Redis and channel
   * shares one room.
   *
   * @param uri {@code redis://host:port} (or {@code rediss://} for TLS)
   * @param channel the pub/sub channel of the room (default {@link #DEFAULT_CHANNEL})
   */
  public record Redis(String uri, String channel) {
    public static final String DEFAULT_CHANNEL = "squall:chat";

    public Redis {
      if (uri == null || uri.isBlank()) {
        throw new IllegalArgumentException("A Redis URI is required, e.g. redis://127.0.0.1:6379.");
      }
      if (channel == null || channel.isBlank()) {
        throw new IllegalArgumentException("A Redis channel name must not be empty.");
      }
    }
  }

  /** 64 KiB: far above any typed message, small enough that one client cannot flood the room. */
  public static final long DEFAULT_MAX_MESSAGE_SIZE = 64 * 1024;

  /**
   * 30 s: finds dead peers within a minute, and keeps an idle socket alive through proxies that
   * drop silent connections (nginx's {@code proxy_read_timeout} is 60 s by default; keep it above this).
   */
  public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(30);

  public static ChatOptions defaults() {
    return new ChatOptions("0.0.0.0", 8000, false, List.of(), List.of(), null, defaultWebRoot(),
        DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_PING_INTERVAL, null, null, null, false);
  }

  /** {@code $SQUALL_HOME/examples/chat/web} when launched by ./squall, else {@code examples/chat/web} under the working folder. */
  public static Path defaultWebRoot() {
    String home = System.getProperty("squall.home", System.getenv().getOrDefault("SQUALL_HOME", "."));
    return Path.of(home, "examples", "chat", "web").toAbsolutePath().normalize();
  }

  public ChatOptions withHost(String h) {
    return new ChatOptions(h, port, debug, trustedProxies, allowedOrigins, cookieSecret, webRoot, maxMessageSize, pingInterval, redis, tls, unixSocket, reusePort);
  }

  public ChatOptions withPort(int p) {
    return new ChatOptions(host, p, debug, trustedProxies, allowedOrigins, cookieSecret, webRoot, maxMessageSize, pingInterval, redis, tls, unixSocket, reusePort);
  }

  public ChatOptions withDebug(boolean d) {
    return new ChatOptions(host, port, d, trustedProxies, allowedOrigins, cookieSecret, webRoot, maxMessageSize, pingInterval, redis, tls, unixSocket, reusePort);
  }

  public ChatOptions withTrustedProxies(List<String> t) {
    return new ChatOptions(host, port, debug, List.copyOf(t), allowedOrigins, cookieSecret, webRoot, maxMessageSize, pingInterval, redis, tls, unixSocket, reusePort);
  }

  public ChatOptions withAllowedOrigins(List<String> a) {
    return new ChatOptions(host, port, debug, trustedProxies, List.copyOf(a), cookieSecret, webRoot, maxMessageSize, pingInterval, redis, tls, unixSocket, reusePort);
  }

  public ChatOptions withCookieSecret(String s) {
    return new ChatOptions(host, port, debug, trustedProxies, allowedOrigins, s, webRoot, maxMessageSize, pingInterval, redis, tls, unixSocket, reusePort);
  }

  public ChatOptions withWebRoot(Path w) {
    return new ChatOptions(host, port, debug, trustedProxies, allowedOrigins, cookieSecret, w, maxMessageSize, pingInterval, redis, tls, unixSocket, reusePort);
  }

  public ChatOptions withMaxMessageSize(long m) {
    return new ChatOptions(host, port, debug, trustedProxies, allowedOrigins, cookieSecret, webRoot, m, pingInterval, redis, tls, unixSocket, reusePort);
  }

  public ChatOptions withPingInterval(Duration p) {
    return new ChatOptions(host, port, debug, trustedProxies, allowedOrigins, cookieSecret, webRoot, maxMessageSize, p, redis, tls, unixSocket, reusePort);
  }

  /** {@code null}: this process only. */
  public ChatOptions withRedis(Redis r) {
    return new ChatOptions(host, port, debug, trustedProxies, allowedOrigins, cookieSecret, webRoot, maxMessageSize, pingInterval, r, tls, unixSocket, reusePort);
  }

  /** {@code null}: plain http and ws. */
  public ChatOptions withTls(Tls t) {
    return new ChatOptions(host, port, debug, trustedProxies, allowedOrigins, cookieSecret, webRoot, maxMessageSize, pingInterval, redis, t, unixSocket, reusePort);
  }

  /** {@code null}: no Unix-domain socket. */
  public ChatOptions withUnixSocket(Path u) {
    return new ChatOptions(host, port, debug, trustedProxies, allowedOrigins, cookieSecret, webRoot, maxMessageSize, pingInterval, redis, tls, u, reusePort);
  }

  public ChatOptions withReusePort(boolean r) {
    return new ChatOptions(host, port, debug, trustedProxies, allowedOrigins, cookieSecret, webRoot, maxMessageSize, pingInterval, redis, tls, unixSocket, r);
  }
}
