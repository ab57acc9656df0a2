package io.squall.websocket;

import io.squall.http.internal.HttpChars;
import io.squall.ioloop.EventLoopGroup;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * How {@link WebSocketClient} connects. Immutable; build with {@link #builder()}.
 *
 * @param headers extra request headers (e.g. Authorization, Cookie)
 * @param origin the Origin header to send, or null for none (non-browser clients need none)
 * @param subprotocols offered in order of preference; empty = none
 * @param connectTimeout for TCP connect and handshake together; default 10 s
 * @param limits incoming message size (default 10 MiB), unsent bytes, close-handshake timeout
 * @param pingInterval zero = no pings; the timeout defaults to the interval
 * @param group loops to run on; null = the shared default group
 * @param localAddress the local address to connect from (a multi-homed host); null = any
 * @param compression permessage-deflate to offer (RFC 7692); default off
 * @param sslContext trust and keys for {@code wss://}; null = the JDK's default (its trusted CAs)
 * @param unixSocket connect through this Unix-domain socket file instead of to the URI's host and
 *     port, which still name the server in {@code Host} (and TLS); null = TCP. As curl's {@code
 *     --unix-socket} and Python websockets' {@code unix_connect}: to reach a server that listens on
 *     one ({@code Application.listenUnix}) without the proxy in front of it.
 */
public record WebSocketClientOptions(
    Map<String, List<String>> headers, String origin, List<String> subprotocols, Duration connectTimeout,
    WebSocketLimits limits, Duration pingInterval, Duration pingTimeout, EventLoopGroup group,
    InetSocketAddress localAddress, WebSocketCompression compression, SSLContext sslContext, Path unixSocket) {

  public static WebSocketClientOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Request fields the handshake writes itself (lower case), besides every Sec-WebSocket-* one. */
  private static final Set<String> RESERVED_HEADERS =
      Set.of("host", "upgrade", "connection", "origin", "content-length", "transfer-encoding");

  /** Builds options; every setter returns the builder. */
  public static final class Builder {
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private String origin;
    private final List<String> subprotocols = new ArrayList<>();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private WebSocketLimits limits = WebSocketLimits.defaults();
    private Duration pingInterval = Duration.ZERO;
    private Duration pingTimeout = Duration.ZERO;
    private EventLoopGroup group;
    private InetSocketAddress localAddress;
    private WebSocketCompression compression = WebSocketCompression.OFF;
    private SSLContext sslContext;
    private Path unixSocket;

    /**
     * Adds a request header. The handshake's own fields are the client's to write: Host,
     * Upgrade, Connection and Sec-WebSocket-* (offer subprotocols with {@link #subprotocols},
     * compression with {@link #compression}), Origin ({@link #origin}) and the body framing
     * fields are refused, since a second copy would make the request ambiguous (a server must
     * answer 400 to two Host fields).
     */
    public Builder header(String name, String value) {
      Objects.requireNonNull(value, "value");
      if (!HttpChars.isToken(name)) {
        throw new IllegalArgumentException("Header name '" + name + "' is not a token.");
      }
      String lower = name.toLowerCase(Locale.ROOT);
      if (RESERVED_HEADERS.contains(lower) || lower.startsWith("sec-websocket-")) {
        throw new IllegalArgumentException("Header '" + name + "' is written by the WebSocket client itself.");
      }
      headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      return this;
    }

    public Builder origin(String origin) {
      this.origin = origin;
      return this;
    }

    /** Offers subprotocols, in order of preference; each must be a token (RFC 6455 §4.1: no spaces, commas or other separators). */
    public Builder subprotocols(String... protocols) {
      for (String protocol : protocols) {
        if (!HttpChars.isToken(protocol)) {
          throw new IllegalArgumentException("Subprotocol '" + protocol + "' is not a token (RFC 6455 §4.1).");
        }
      }
      subprotocols.addAll(List.of(protocols));
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    public Builder maxMessageSize(long bytes) {
      this.limits = limits.withMaxMessageSize(bytes);
      return this;
    }

    public Builder limits(WebSocketLimits limits) {
      this.limits = Objects.requireNonNull(limits);
      return this;
    }

    public Builder pingInterval(Duration interval) {
      this.pingInterval = Objects.requireNonNull(interval);
      return this;
    }

    public Builder pingTimeout(Duration timeout) {
      this.pingTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    public Builder group(EventLoopGroup group) {
      this.group = group;
      return this;
    }

    public Builder localAddress(InetSocketAddress address) {
      this.localAddress = address;
      return this;
    }

    /** Offers permessage-deflate; the server may accept or decline it. */
    public Builder compression(WebSocketCompression compression) {
      this.compression = Objects.requireNonNull(compression);
      return this;
    }

    /** Trust and keys for {@code wss://} (a private CA, a client certificate); default: the JDK's. */
    public Builder sslContext(SSLContext context) {
      this.sslContext = context;
      return this;
    }

    /** Connects through the Unix-domain socket at {@code socketFile} (null: over TCP, the default). */
    public Builder unixSocket(Path socketFile) {
      this.unixSocket = socketFile;
      return this;
    }

    /** @throws IllegalArgumentException for a local address and a Unix-domain socket together */
    public WebSocketClientOptions build() {
      if (localAddress != null && unixSocket != null) {
        throw new IllegalArgumentException("A local address is for TCP: it cannot go with a Unix-domain socket.");
      }
      Map<String, List<String>> h = new LinkedHashMap<>();
      headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
      return new WebSocketClientOptions(Map.copyOf(h), origin, List.copyOf(subprotocols), connectTimeout, limits,
          pingInterval, pingTimeout, group, localAddress, compression, sslContext, unixSocket);
    }
  }
}
