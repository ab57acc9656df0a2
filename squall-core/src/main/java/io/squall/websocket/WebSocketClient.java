package io.squall.websocket;

import io.squall.ioloop.EventLoop;
import io.squall.ioloop.EventLoopGroup;
import io.squall.net.TcpConnection;
import io.squall.net.TcpConnector;
import io.squall.websocket.deflate.DeflateNegotiation;
import io.squall.websocket.deflate.PerMessageDeflate;
import io.squall.websocket.internal.ClientHandshake;
import io.squall.websocket.internal.KeepAlive;
import io.squall.websocket.internal.WebSocketSession;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Opens client WebSockets, Tornado's {@code websocket_connect}: {@code
 * WebSocketClient.connect(URI.create("ws://host:port/path")).thenCompose(ws -> ...)}. Frames are
 * masked with keys from a SecureRandom-seeded generator, the server's Sec-WebSocket-Accept is
 * verified, and received frames follow the same RFC 6455 rules as on the server. Credentials in
 * the URI ({@code ws://user:password@host/}) are sent as Basic authentication, as Tornado does.
 *
 * <p>Thread rule: safe from any thread.
 */
public final class WebSocketClient {
  private WebSocketClient() {}

  public static CompletionStage<WebSocketConnection> connect(URI uri) {
    return connect(uri, WebSocketClientOptions.defaults());
  }

  /**
   * Connects and performs the handshake. The stage fails with {@link WebSocketConnectException}
   * (carrying the HTTP status) when the server refuses; a redirect is not followed, as browsers and
   * Tornado do not, and its exception names the Location. It fails with {@link
   * java.net.SocketTimeoutException} after the connect timeout (which bounds name resolution too),
   * or {@link IllegalArgumentException} for a URI that is not ws:// or wss://, has no host, or has a
   * fragment (RFC 6455 §3).
   */
  public static CompletionStage<WebSocketConnection> connect(URI uri, WebSocketClientOptions options) {
    return connect(uri, options, WebSocketClient::resolve);
  }

  /** As {@link #connect(URI, WebSocketClientOptions)}, resolving names with {@code resolver} (a test's slow one). */
  static CompletionStage<WebSocketConnection> connect(URI uri, WebSocketClientOptions options,
      BiFunction<String, Integer, InetSocketAddress> resolver) {
    CompletableFuture<WebSocketConnection> result = new CompletableFuture<>();
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    boolean secure = scheme.equals("wss");
    if (!(secure || scheme.equals("ws"))) {
      result.completeExceptionally(new IllegalArgumentException("Not a ws:// or wss:// URI: " + uri));
      return result;
    }
    if (uri.getHost() == null) {
      // no authority, or one java.net.URI cannot read as a host (an underscore: a registry-based name)
      result.completeExceptionally(new IllegalArgumentException("A WebSocket URI needs a host: " + uri));
      return result;
    }
    if (uri.getRawFragment() != null) {
      // RFC 6455 §3: fragment identifiers MUST NOT be used in WebSocket URIs; a '#' meant as data is %23
      result.completeExceptionally(new IllegalArgumentException("A WebSocket URI has no fragment (escape '#' as %23): " + uri));
      return result;
    }
    int defaultPort = secure ? 443 : 80;
    int port = uri.getPort() < 0 ? defaultPort : uri.getPort();
    String host = resolvable(uri.getHost());
    String named = withoutZone(host);
    String hostHeader = port == defaultPort ? named : named + ":" + port;
    SSLEngine tls;
    try {
      tls = secure ? clientEngine(options, named, port) : null;
    } catch (NoSuchAlgorithmException e) {
      result.completeExceptionally(e);
      return result;
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    EventLoopGroup group = options.group() != null ? options.group() : EventLoopGroup.shared();
    EventLoop loop = group.next();
    if (loop.isShutdown()) {
      // Its timers would never fire: a lookup that hangs would hang the attempt for good.
      result.completeExceptionally(new IllegalStateException("Cannot connect to " + uri + ": event loop "
          + loop.name() + " of the options' group is shut down."));
      return result;
    }
    // One deadline for all of it: each step gets what the ones before it left.
    long deadline = System.nanoTime() + options.connectTimeout().toNanos();
    CompletableFuture<SocketAddress> resolved;
    if (options.unixSocket() != null) {
      resolved = CompletableFuture.completedFuture(UnixDomainSocketAddress.of(options.unixSocket())); // nothing to look up
    } else {
      // Name resolution may block: never on a loop; and a resolver that hangs must not outlast the timeout.
      resolved = CompletableFuture.supplyAsync(() -> resolver.apply(host, port), r -> Thread.ofVirtual().start(r));
      var resolveTimer = loop.schedule(() -> resolved.completeExceptionally(new java.net.SocketTimeoutException(
          "Resolving " + host + " timed out after " + options.connectTimeout().toMillis() + " ms")), options.connectTimeout());
      resolved.whenComplete((address, err) -> resolveTimer.cancel());
    }
    resolved.thenCompose(address -> TcpConnector.connect(loop, options.localAddress(), address, tls, remaining(deadline),
            c -> handshake(c, hostHeader, target, requestHeaders(uri, options), options, result)))
        .whenComplete((c, err) -> {
          if (err != null) {
            result.completeExceptionally(err instanceof java.util.concurrent.CompletionException ? err.getCause() : err);
            return;
          }
          var timer = c.loop().schedule(() -> {
            if (result.completeExceptionally(new java.net.SocketTimeoutException("WebSocket handshake with " + uri
                + " timed out after " + options.connectTimeout().toMillis() + " ms"))) {
              c.abort(null);
            }
          }, remaining(deadline));
          result.whenComplete((ws, failure) -> timer.cancel()); // no reference kept once decided
        });
    return result;
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  /**
   * A client engine for {@code host}: the certificate must name it (hostname verification, as
   * browsers do), and a host name is sent as SNI.
   */
  private static SSLEngine clientEngine(WebSocketClientOptions options, String host, int port) throws NoSuchAlgorithmException {
    SSLContext context = options.sslContext() != null ? options.sslContext() : SSLContext.getDefault();
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    SSLEngine engine = context.createSSLEngine(bare, port);
    engine.setUseClientMode(true);
    SSLParameters p = engine.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS");
    p.setApplicationProtocols(new String[] {"http/1.1"});
    engine.setSSLParameters(p);
    return engine;
  }

  /**
   * The URI's host as the resolver takes it: an IPv6 zone id is written "%25" and the zone in a
   * URI (RFC 6874 §2), "%" and the zone for {@link java.net.InetAddress}.
   */
  static String resolvable(String host) {
    int zone = host.startsWith("[") ? host.indexOf("%25") : -1;
    return zone < 0 ? host : host.substring(0, zone) + "%" + host.substring(zone + 3);
  }

  /**
   * The host without its IPv6 zone id, as the {@code Host} header and TLS name it: a zone names an
   * interface of this machine only, and RFC 6874 §4 has a client remove it from what it sends.
   */
  static String withoutZone(String host) {
    int zone = host.startsWith("[") ? host.indexOf('%') : -1;
    return zone < 0 ? host : host.substring(0, zone) + "]";
  }

  private static InetSocketAddress resolve(String host, int port) {
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new java.util.concurrent.CompletionException(new UnknownHostException("Cannot resolve " + host));
    }
    return address;
  }

  /**
   * The options' headers, plus Basic authentication (RFC 7617, UTF-8) for credentials in the URI, as
   * Tornado's client sends them, unless an Authorization header is set: dropped unseen, they would
   * leave the user puzzling over a 401.
   */
  private static Map<String, List<String>> requestHeaders(URI uri, WebSocketClientOptions options) {
    String credentials = uri.getUserInfo(); // percent-decoded
    if (credentials == null || options.headers().keySet().stream().anyMatch("Authorization"::equalsIgnoreCase)) {
      return options.headers();
    }
    Map<String, List<String>> headers = new LinkedHashMap<>(options.headers());
    String basic = Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    headers.put("Authorization", List.of("Basic " + basic));
    return headers;
  }

  private static ClientHandshake handshake(TcpConnection c, String hostHeader, String target,
      Map<String, List<String>> headers, WebSocketClientOptions options, CompletableFuture<WebSocketConnection> result) {
    WebSocketCompression compression = options.compression();
    String offer = compression.enabled() ? DeflateNegotiation.offer(compression) : null;
    return new ClientHandshake(hostHeader, target, options.origin(), options.subprotocols(), offer, headers,
        new ClientHandshake.Listener() {
          @Override
          public WebSocketSession upgraded(String subprotocol, io.squall.http.Headers headers) {
            WebSocketConnection connection = new WebSocketConnection(subprotocol, result);
            PerMessageDeflate deflate = offer == null ? null : DeflateNegotiation
                .checkResponse(headers.getAll("Sec-WebSocket-Extensions"))
                .map(agreed -> PerMessageDeflate.forClient(agreed, compression)).orElse(null);
            WebSocketSession session = WebSocketSession.create(connection.endpoint(), true, options.limits(),
                new KeepAlive.Settings(options.pingInterval(), options.pingTimeout()), deflate);
            connection.attach(session);
            return session;
          }

          @Override
          public void failed(Throwable cause) {
            result.completeExceptionally(cause);
          }
        });
  }
}
