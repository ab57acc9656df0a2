package io.squall.chat;

import java.nio.file.Path;
import java.util.List;

/**
 * How to run the chat: the article's defaults (port 8000, all interfaces) unless told otherwise.
 *
 * @param cookieSecret null: taken from SQUALL_COOKIE_SECRET, else generated (and a warning logged)
 * @param webRoot folder holding {@code templates/} and {@code static/}
 * @param maxMessageSize largest chat message in bytes; past it the socket closes with 1009
 */
public record ChatOptions(
    String host, int port, boolean debug, List<String> trustedProxies, List<String> allowedOrigins,
    String cookieSecret, Path webRoot, long maxMessageSize) {

  /** 64 KiB: far above any typed message, small enough that one client cannot flood the room. */
  public static final long DEFAULT_MAX_MESSAGE_SIZE = 64 * 1024;

  public static ChatOptions defaults() {
    return new ChatOptions("0.0.0.0", 8000, false, List.of(), List.of(), null, defaultWebRoot(), DEFAULT_MAX_MESSAGE_SIZE);
  }

  /** {@code $SQUALL_HOME/examples/chat/web} when launched by ./squall, else {@code examples/chat/web} under the working folder. */
  public static Path defaultWebRoot() {
    String home = System.getProperty("squall.home", System.getenv().getOrDefault("SQUALL_HOME", "."));
    return Path.of(home, "examples", "chat", "web").toAbsolutePath().normalize();
  }

  public ChatOptions withHost(String h) {
    return new ChatOptions(h, port, debug, trustedProxies, allowedOrigins, cookieSecret, webRoot, maxMessageSize);
  }

  public ChatOptions withPort(int p) {
    return new ChatOptions(host, p, debug, trustedProxies, allowedOrigins, cookieSecret, webRoot, maxMessageSize);
  }

  public ChatOptions withDebug(boolean d) {
    return new ChatOptions(host, port, d, trustedProxies, allowedOrigins, cookieSecret, webRoot, maxMessageSize);
  }

  public ChatOptions withTrustedProxies(List<String> t) {
    return new ChatOptions(host, port, debug, List.copyOf(t), allowedOrigins, cookieSecret, webRoot, maxMessageSize);
  }

  public ChatOptions withAllowedOrigins(List<String> a) {
    return new ChatOptions(host, port, debug, trustedProxies, List.copyOf(a), cookieSecret, webRoot, maxMessageSize);
  }

  public ChatOptions withCookieSecret(String s) {
    return new ChatOptions(host, port, debug, trustedProxies, allowedOrigins, s, webRoot, maxMessageSize);
  }

  public ChatOptions withWebRoot(Path w) {
    return new ChatOptions(host, port, debug, trustedProxies, allowedOrigins, cookieSecret, w, maxMessageSize);
  }

  public ChatOptions withMaxMessageSize(long m) {
    return new ChatOptions(host, port, debug, trustedProxies, allowedOrigins, cookieSecret, webRoot, m);
  }
}
