package io.squall.chat;

import io.squall.web.Application;
import io.squall.web.Settings;
import io.squall.websocket.WebSocketGroup;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The article's chat server: {@code /} and {@code /index} render the page, {@code /vue} the Vue
 * client, {@code /message} is the chat socket, {@code /static/} serves the assets, {@code /healthz}
 * answers load balancers.
 *
 * <p>Thread rule: start and stop from any thread.
 */
public final class ChatServer {
  private static final Logger log = LoggerFactory.getLogger(ChatServer.class);
  /** Environment variable read when no cookie secret is given on the command line. */
  public static final String COOKIE_SECRET_ENV = "SQUALL_COOKIE_SECRET";
  /** Server ping interval: well under nginx's default 60 s proxy_read_timeout. */
  public static final java.time.Duration PING_INTERVAL = java.time.Duration.ofSeconds(30);

  private final Application app;
  /** Everyone connected to this server's /message socket. */
  private final WebSocketGroup room = new WebSocketGroup();
  private final ChatOptions options;

  public ChatServer(ChatOptions options) {
    this.app = Application.builder()
        .route("/", IndexHandler.class)
        .route("/index", IndexHandler.class)
        .route("/vue", VueHandler.class)
        .route("/message", () -> new ChatSocket(room))
        .route("/healthz", HealthHandler.class)
        .setting(Settings.DEBUG, options.debug())
        .setting(Settings.COOKIE_SECRET, cookieSecret(options))
        .setting(Settings.STATIC_PATH, options.webRoot().resolve("static"))
        .setting(Settings.TEMPLATE_PATH, options.webRoot().resolve("templates"))
        .setting(Settings.TRUSTED_PROXIES, options.trustedProxies())
        .setting(Settings.ALLOWED_ORIGINS, options.allowedOrigins())
        .setting(Settings.WEBSOCKET_MAX_MESSAGE_SIZE, options.maxMessageSize())
        // Pings keep idle sockets alive through proxies (nginx proxy_read_timeout must be longer)
        // and find clients that vanished without a FIN.
        .setting(Settings.WEBSOCKET_PING_INTERVAL, PING_INTERVAL)
        .build();
    this.options = options;
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

  /** Starts listening; returns this for chaining. */
  public ChatServer start() {
    app.listen(options.host(), options.port());
    log.info("Chat listening on http://{}:{}/", options.host(), app.port());
    return this;
  }

  public int port() {
    return app.port();
  }

  public Application application() {
    return app;
  }

  /** Number of open chat sockets. */
  public int connected() {
    return room.size();
  }

  public void stop() {
    app.stop();
  }
}
