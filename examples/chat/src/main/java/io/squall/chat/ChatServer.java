package io.squall.chat;

import io.squall.net.PemFiles;
import io.squall.pubsub.Broker;
import io.squall.redis.RedisBroker;
import io.squall.web.Application;
import io.squall.web.Settings;
import io.squall.websocket.WebSocketGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The article's chat server: {@code /} and {@code /index} render the page, {@code /vue} the Vue
 * client, {@code /static/} serves their assets, {@code /message} is the socket ({@link ChatSocket}),
 * {@code /healthz} answers load balancers. Settings as in the article: {@code debug},
 * {@code cookie_secret}, {@code static_path}, {@code template_path}; plus the proxies to believe,
 * extra origins, the message size cap and the ping interval.
 *
 * <p>When one machine is not enough: start several with the same {@link ChatOptions.Redis} and put
 * nginx in front (docs/deploy.md). Their rooms then share every message, in one order, over Redis
 * pub/sub; while Redis is unreachable each process keeps serving its own clients.
 *
 * <p>Thread rule: start and stop from any thread.
 */
public final class ChatServer {
  private static final Logger log = LoggerFactory.getLogger(ChatServer.class);
  /** Environment variable read when no cookie secret is given on the command line. */
  public static final String COOKIE_SECRET_ENV = "SQUALL_COOKIE_SECRET";

  private final Application app;
  private final ChatOptions options;
  /** Relays the room to other chat processes; null when this process is on its own. */
  private final Broker broker;
  /** This server's room: two servers in one process share one only through a broker. */
  private final WebSocketGroup room;

  /**
   * Builds the server (and connects to Redis when the options name one).
   *
   * @throws io.squall.pubsub.BrokerException when the options name a Redis that cannot be reached
   * @throws IllegalArgumentException when the options' TLS files cannot be used (the reason in one line)
   */
  public ChatServer(ChatOptions options) {
    if (options.port() == ChatOptions.NO_TCP && options.unixSocket() == null) {
      throw new IllegalArgumentException("No way in: without a TCP port the chat needs a Unix-domain socket.");
    }
    this.options = options;
    Map<String, Object> tls = tlsSettings(options); // before Redis: a bad file leaves nothing open
    if (options.redis() != null) {
      RedisBroker redis = RedisBroker.connect(options.redis().uri());
      this.broker = redis;
      this.room = new WebSocketGroup(redis, options.redis().channel());
      // The address only: the URI may carry a password.
      log.info("Room shared with every chat process on Redis at {}, channel {}", redis.address(), options.redis().channel());
    } else {
      this.broker = null;
      this.room = new WebSocketGroup();
    }
    this.app = Application.builder()
        .route("/", IndexHandler.class)
        .route("/index", IndexHandler.class)
        .route("/vue", VueHandler.class)
        .route("/message", () -> new ChatSocket(room))
        .route("/healthz", () -> new HealthHandler(room))
        .setting(Settings.DEBUG, options.debug())
        .setting(Settings.COOKIE_SECRET, cookieSecret(options))
        .setting(Settings.STATIC_PATH, options.webRoot().resolve("static"))
        .setting(Settings.TEMPLATE_PATH, options.webRoot().resolve("templates"))
        // The Vue build is 173 KB, 62 KB gzipped: served alone, the chat compresses its pages and
        // assets; behind nginx the encoded answer passes through (nginx's gzip skips it).
        .setting(Settings.COMPRESS_RESPONSE, true)
        .setting(Settings.REUSE_PORT, options.reusePort())
        .setting(Settings.TRUSTED_PROXIES, options.trustedProxies())
        .setting(Settings.ALLOWED_ORIGINS, options.allowedOrigins())
        .setting(Settings.WEBSOCKET_MAX_MESSAGE_SIZE, options.maxMessageSize())
        .setting(Settings.WEBSOCKET_PING_INTERVAL, options.pingInterval())
        .settings(tls)
        .build();
  }

  /** Tornado's {@code ssl_options} from the PEM files, when the chat serves TLS itself. */
  private static Map<String, Object> tlsSettings(ChatOptions options) {
    ChatOptions.Tls tls = options.tls();
    if (tls == null) {
      return Map.of();
    }
    char[] password = tls.keyPasswordFile() == null ? null : password(tls.keyPasswordFile());
    try {
      return Map.of(Settings.SSL_OPTIONS, PemFiles.serverContext(tls.certFile(), tls.keyFile(), password));
    } finally {
      if (password != null) {
        Arrays.fill(password, '\0');
      }
    }
  }

  /** The first line of {@code file}, without its line end. */
  static char[] password(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | UncheckedIOException e) {
      throw new IllegalArgumentException("Cannot read the key password file " + file + ": "
          + (e instanceof java.nio.file.NoSuchFileException ? "no such file." : e.getMessage()), e);
    }
    int end = 0;
    while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
      end++;
    }
    if (end == 0) {
      throw new IllegalArgumentException("The key password file " + file + " is empty: its first line is the password.");
    }
    return text.substring(0, end).toCharArray();
  }

  private static String cookieSecret(ChatOptions options) {
    if (options.cookieSecret() != null && !options.cookieSecret().isBlank()) {
      return options.cookieSecret();
    }
    String env = System.getenv(COOKIE_SECRET_ENV);
    if (env != null && !env.isBlank()) {
      return env;
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    log.warn("No cookie secret given (--cookie-secret or {}): generated a random one; signed cookies will not survive a restart.",
        COOKIE_SECRET_ENV);
    return HexFormat.of().formatHex(random);
  }

  /**
   * Starts listening (the TCP port, the Unix-domain socket, or both); returns this for chaining. A
   * port or socket that cannot be bound throws, with everything this server opened closed.
   */
  public ChatServer start() {
    try {
      if (options.port() != ChatOptions.NO_TCP) {
        app.listen(options.host(), options.port());
      }
      if (options.unixSocket() != null) {
        app.listenUnix(options.unixSocket());
      }
    } catch (RuntimeException e) {
      stop(); // the broker and the loops opened for this server must not outlive the failure
      throw e;
    }
    String scheme = options.tls() == null ? "http" : "https";
    if (options.port() != ChatOptions.NO_TCP) {
      String host = options.host();
      String browse = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
      log.info("Chat listening on {} port {}: open {}://{}:{}/ (socket at /message)", host, app.port(), scheme, browse, app.port());
    }
    if (options.unixSocket() != null) {
      log.info("Chat listening on unix:{} ({} through a proxy on this machine, e.g. nginx's server unix:{};)",
          options.unixSocket(), scheme, options.unixSocket());
    }
    return this;
  }

  /** The TCP port listened on; fails when listening on the Unix-domain socket only. */
  public int port() {
    return app.port();
  }

  /** The sockets connected to this server. */
  public WebSocketGroup room() {
    return room;
  }

  public Application application() {
    return app;
  }

  public void stop() {
    app.stop();
    room.close();
    if (broker != null) {
      broker.close();
    }
  }
}
