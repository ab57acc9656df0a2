package io.squall.web;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Application settings by name, Tornado's {@code **settings}. Keys are the constants below; values
 * of the wrong type fail with a message naming the key. Immutable and thread-safe.
 */
public final class Settings {
  /** Boolean: reload templates on every render and show stack traces in error pages. Default false. */
  public static final String DEBUG = "debug";
  /** String: the secret that signs cookies ({@code setSecureCookie}); required to use them. */
  public static final String COOKIE_SECRET = "cookie_secret";
  /** Path or String: folder served under {@code /static/}; unset = no static files. */
  public static final String STATIC_PATH = "static_path";
  /** String: URL prefix of static files. Default "/static/". */
  public static final String STATIC_URL_PREFIX = "static_url_prefix";
  /** Path or String: folder of Pebble templates for {@code render}. */
  public static final String TEMPLATE_PATH = "template_path";
  /** Boolean: check an XSRF token on POST, PUT, PATCH and DELETE. Default false. */
  public static final String XSRF_COOKIES = "xsrf_cookies";
  /** String: where {@code @Authenticated} sends anonymous GET/HEAD requests; unset = 403. */
  public static final String LOGIN_URL = "login_url";
  /** Collection of CIDRs or addresses whose X-Real-IP / X-Forwarded-* headers are believed. Default none. */
  public static final String TRUSTED_PROXIES = "trusted_proxies";
  /**
   * {@link javax.net.ssl.SSLContext}: serve HTTPS and {@code wss://} with its certificate (Tornado's
   * {@code ssl_options}); unset = plain HTTP. Build one with {@code SSLContext.getInstance("TLS")}
   * and a key manager over your key store.
   */
  public static final String SSL_OPTIONS = "ssl_options";
  /**
   * {@link io.squall.net.ClientAuth}: whether TLS clients are asked for a certificate, checked
   * against the trust managers of {@link #SSL_OPTIONS}. Default {@code NONE}.
   */
  public static final String SSL_CLIENT_AUTH = "ssl_client_auth";
  /**
   * Boolean: send textual responses of 1 KiB or more (HTML, CSS, JavaScript, JSON, SVG...) gzip-encoded
   * to clients whose {@code Accept-Encoding} takes gzip, static files included. Default false, as
   * Tornado's {@code compress_response}: behind nginx, let nginx do it.
   */
  public static final String COMPRESS_RESPONSE = "compress_response";
  /**
   * Boolean: decode request bodies sent with {@code Content-Encoding: gzip} before the handler sees
   * them, within the same body limit. Default false, as Tornado's {@code decompress_request}.
   */
  public static final String DECOMPRESS_REQUEST = "decompress_request";
  /** {@link RequestLog}: what is done with each finished request. Default {@link RequestLog#standard()}, Tornado's access log. */
  public static final String LOG_FUNCTION = "log_function";
  /** {@link io.squall.http.HttpLimits}: request size limits and timeouts. Default HttpLimits.defaults(). */
  public static final String HTTP_LIMITS = "http_limits";
  /** Boolean: bind TCP ports with SO_REUSEPORT (Tornado's {@code reuse_port}), so a new process can listen before the old one stops. Default false. */
  public static final String REUSE_PORT = "reuse_port";
  /** Duration: interval between server pings on every WebSocket; unset or zero = no pings. */
  public static final String WEBSOCKET_PING_INTERVAL = "websocket_ping_interval";
  /** Duration: how long a pong may be missing before the socket is closed. Default: the interval. */
  public static final String WEBSOCKET_PING_TIMEOUT = "websocket_ping_timeout";
  /** Number: largest incoming WebSocket message in bytes. Default 10 MiB (Tornado's), past it 1009. */
  public static final String WEBSOCKET_MAX_MESSAGE_SIZE = "websocket_max_message_size";
  /** {@link io.squall.websocket.WebSocketCompression}: permessage-deflate for every WebSocket. Default off. */
  public static final String WEBSOCKET_COMPRESSION = "websocket_compression";
  /** Number: unsent bytes allowed per WebSocket before it is closed 1008. Default 16 MiB. */
  public static final String WEBSOCKET_MAX_OUTBOUND_BYTES = "websocket_max_outbound_bytes";
  /** Duration: how long a WebSocket's unsent bytes may wait with the peer reading none of them before it is dropped. Default 60 s; zero = no limit. */
  public static final String WEBSOCKET_SEND_TIMEOUT = "websocket_send_timeout";
  /** Collection of origins ({@code https://a.example}) or patterns ({@code *.example.com}) a WebSocket accepts besides its own host. */
  public static final String ALLOWED_ORIGINS = "allowed_origins";

  private final Map<String, Object> values;

  Settings(Map<String, Object> values) {
    this.values = Map.copyOf(values);
  }

  public static Settings of(Map<String, Object> values) {
    return new Settings(values);
  }

  public Object get(String key) {
    return values.get(key);
  }

  public boolean contains(String key) {
    return values.containsKey(key);
  }

  public boolean getBoolean(String key) {
    Object v = values.get(key);
    return v == null ? false : cast(key, v, Boolean.class);
  }

  public String getString(String key, String defaultValue) {
    Object v = values.get(key);
    return v == null ? defaultValue : v.toString();
  }

  public Duration getDuration(String key, Duration defaultValue) {
    Object v = values.get(key);
    return v == null ? defaultValue : cast(key, v, Duration.class);
  }

  public long getLong(String key, long defaultValue) {
    Object v = values.get(key);
    return v == null ? defaultValue : cast(key, v, Number.class).longValue();
  }

  /** A list of strings from a Collection or a comma-separated String. */
  public List<String> getStrings(String key) {
    Object v = values.get(key);
    if (v == null) {
      return List.of();
    }
    if (v instanceof Collection<?> c) {
      return c.stream().map(Object::toString).toList();
    }
    return java.util.Arrays.stream(v.toString().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  public <T> T get(String key, Class<T> type, T defaultValue) {
    Object v = values.get(key);
    return v == null ? defaultValue : cast(key, v, type);
  }

  private static <T> T cast(String key, Object v, Class<T> type) {
    if (!type.isInstance(v)) {
      throw new IllegalArgumentException(
          "Setting '" + key + "' must be a " + type.getSimpleName() + ", got " + v.getClass().getSimpleName() + ".");
    }
    return type.cast(v);
  }
}
