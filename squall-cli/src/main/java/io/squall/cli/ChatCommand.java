package io.squall.cli;

import io.squall.chat.ChatOptions;
import io.squall.chat.ChatServer;
import io.squall.pubsub.BrokerException;
import io.squall.redis.RedisBroker;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code squall chat}: runs the article's chat server until interrupted. */
@Command(name = "chat", mixinStandardHelpOptions = true, description = "Run the chat server (the article's system).")
final class ChatCommand implements Callable<Integer> {
  @Option(names = "--port", description = "TCP port (default: 8000, or none with --unix-socket alone).")
  Integer port;

  @Option(names = "--unix-socket", paramLabel = "PATH",
      description = "Listen on a Unix-domain socket at PATH (mode 660) for nginx on this machine (server unix:PATH;);"
          + " TCP too only with --port. Add --trusted-proxy unix: for its X-Real-IP.")
  Path unixSocket;

  @Option(names = "--host", description = "Address to listen on (default: ${DEFAULT-VALUE}).", defaultValue = "0.0.0.0")
  String host;

  @Option(names = "--reuse-port",
      description = "Bind the port with SO_REUSEPORT: a new chat can start on the port of a running one, which then stops (a restart with no refused connection).")
  boolean reusePort;

  @Option(names = "--debug", description = "Reload templates and show stack traces.")
  boolean debug;

  @Option(names = "--trusted-proxy", arity = "1..*", paramLabel = "CIDR",
      description = "Proxies whose X-Real-IP / X-Forwarded-For are believed (e.g. 127.0.0.1/32).")
  List<String> trustedProxies = new ArrayList<>();

  @Option(names = "--allowed-origin", arity = "1..*", paramLabel = "ORIGIN",
      description = "Extra origins allowed to open the socket (https://a.example or *.example.com).")
  List<String> allowedOrigins = new ArrayList<>();

  @Option(names = "--cookie-secret", description = "Secret for signed cookies (else $SQUALL_COOKIE_SECRET, else random).")
  String cookieSecret;

  @Option(names = "--web-root", description = "Folder with templates/ and static/ (default: the bundled page).")
  Path webRoot;

  @Option(names = "--max-message-size", description = "Largest chat message in bytes (default: ${DEFAULT-VALUE}).",
      defaultValue = "65536")
  long maxMessageSize;

  @Option(names = "--ping-interval", paramLabel = "SECONDS",
      description = "Seconds between server pings; 0 = none (default: ${DEFAULT-VALUE}). Keep a proxy's read timeout above it.",
      defaultValue = "30")
  long pingIntervalSeconds;

  @Option(names = "--redis", paramLabel = "URI",
      description = "Share the room with every chat process started with this Redis (redis://host:port); default: this process only.")
  String redis;

  @Option(names = "--redis-channel", paramLabel = "NAME",
      description = "Redis pub/sub channel of the room (default: ${DEFAULT-VALUE}).", defaultValue = ChatOptions.Redis.DEFAULT_CHANNEL)
  String redisChannel;

  @Option(names = "--certfile", paramLabel = "PEM",
      description = "Serve https and wss with this certificate chain (PEM; Tornado's certfile). Needs --keyfile.")
  Path certFile;

  @Option(names = "--keyfile", paramLabel = "PEM",
      description = "The certificate's private key (PEM: PKCS #8, RSA or EC, or encrypted PKCS #8 with --keyfile-password-file; Tornado's keyfile). Needs --certfile.")
  Path keyFile;

  @Option(names = "--keyfile-password-file", paramLabel = "FILE",
      description = "Password of an encrypted --keyfile: the first line of FILE (nginx's ssl_password_file; never on the command line, where ps shows it).")
  Path keyPasswordFile;

  @Override
  public Integer call() throws Exception {
    int tcpPort = port != null ? port : unixSocket != null ? ChatOptions.NO_TCP : 8000;
    String badPort = port == null ? null : Servers.checkPort("chat", port);
    if (badPort != null) {
      System.err.println(badPort);
      return 2;
    }
    if (maxMessageSize < 1) {
      System.err.println("squall chat: --max-message-size must be at least 1 byte, got " + maxMessageSize);
      return 2;
    }
    if (pingIntervalSeconds < 0) {
      System.err.println("squall chat: --ping-interval must be 0 or more seconds, got " + pingIntervalSeconds);
      return 2;
    }
    ChatOptions options = ChatOptions.defaults()
        .withHost(host).withPort(tcpPort).withDebug(debug).withReusePort(reusePort)
        .withUnixSocket(unixSocket == null ? null : unixSocket.toAbsolutePath())
        .withTrustedProxies(trustedProxies).withAllowedOrigins(allowedOrigins)
        .withCookieSecret(cookieSecret).withMaxMessageSize(maxMessageSize)
        .withPingInterval(Duration.ofSeconds(pingIntervalSeconds));
    if (webRoot != null) {
      options = options.withWebRoot(webRoot.toAbsolutePath());
    }
    if (!Files.isRegularFile(options.webRoot().resolve("templates").resolve("index.html"))) {
      // Said now, not as a 500 on every page: the jar run outside the repository has no page.
      System.err.println("squall chat: no chat page in " + options.webRoot() + " (templates/index.html is missing): "
          + (webRoot != null ? "check --web-root" : "run ./squall chat from the repository, or pass --web-root"));
      return 2;
    }
    if (redis != null) {
      if (!redis.startsWith("redis://") && !redis.startsWith("rediss://")) {
        System.err.println("squall chat: --redis must be redis://host:port or rediss://host:port, got '" + RedisBroker.redacted(redis) + "'");
        return 2;
      }
      if (redisChannel.isBlank()) {
        System.err.println("squall chat: --redis-channel must not be empty");
        return 2;
      }
      options = options.withRedis(new ChatOptions.Redis(redis, redisChannel));
    }
    if ((certFile == null) != (keyFile == null)) {
      System.err.println("squall chat: --certfile and --keyfile go together (a certificate and its private key)");
      return 2;
    }
    if (keyPasswordFile != null && keyFile == null) {
      System.err.println("squall chat: --keyfile-password-file is the password of a --keyfile, and there is none");
      return 2;
    }
    if (certFile != null) {
      options = options.withTls(new ChatOptions.Tls(certFile.toAbsolutePath(), keyFile.toAbsolutePath(),
          keyPasswordFile == null ? null : keyPasswordFile.toAbsolutePath()));
    }
    ChatServer server;
    try {
      server = new ChatServer(options).start();
    } catch (BrokerException | UncheckedIOException e) {
      System.err.println("squall chat: " + e.getMessage()); // Redis unreachable, the port taken, the socket file in use
      return 1;
    } catch (IllegalArgumentException e) {
      System.err.println("squall chat: " + e.getMessage());
      return 2;
    }
    return Servers.runUntilStopped(server::stop);
  }
}
