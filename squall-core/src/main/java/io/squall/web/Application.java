package io.squall.web;

import io.squall.http.HttpExchange;
import io.squall.http.HttpHandler;
import io.squall.http.HttpLimits;
import io.squall.http.HttpRequest;
import io.squall.http.HttpServer;
import io.squall.http.TrustedProxies;
import io.squall.http.internal.HttpChars;
import io.squall.ioloop.EventLoop;
import io.squall.ioloop.EventLoopGroup;
import io.squall.net.ClientAuth;
import io.squall.net.UnixSocketFile;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.slf4j.LoggerFactory;

/**
 * Routes requests to handlers by regex (groups become path arguments) and carries the settings,
 * Tornado's {@code Application}. Build it, {@link #listen}, {@link #stop}.
 *
 * <p>Thread rule: immutable once built; safe from any thread.
 */
public final class Application implements HttpHandler {
  private final Router<HandlerFactory> router;
  private final Dispatcher dispatcher;
  private final Settings settings;
  private final EventLoopGroup group;
  private final Lazy<SignedCookies> signedCookies;
  private final Lazy<Templates> templates;
  private final Lazy<StaticFiles> staticFiles;
  private final XsrfTokens xsrfTokens = new XsrfTokens();
  private final RequestLog requestLog;
  private volatile HttpServer server;

  private Application(Builder b) {
    this.settings = Settings.of(b.settings);
    // Read on error paths only: a wrongly typed value must fail here, not inside an error page.
    settings.getBoolean(Settings.DEBUG);
    settings.getBoolean(Settings.XSRF_COOKIES);
    this.requestLog = settings.get(Settings.LOG_FUNCTION, RequestLog.class, RequestLog.standard());
    this.group = b.group;
    List<Route<HandlerFactory>> routes = new ArrayList<>();
    if (settings.contains(Settings.STATIC_PATH)) {
      String prefix = staticPrefix();
      HandlerFactory files = new HandlerFactory(StaticFileHandler.class, StaticFileHandler::new);
      routes.add(new Route<>(java.util.regex.Pattern.quote(prefix) + "(.*)", files));
      routes.add(new Route<>("/(favicon\\.ico)", files));
      routes.add(new Route<>("/(robots\\.txt)", files));
    }
    routes.addAll(b.routes);
    this.router = new Router<>(routes);
    this.dispatcher = new Dispatcher(router, b.defaultHandler);
    this.signedCookies = new Lazy<>(() -> {
      String secret = settings.getString(Settings.COOKIE_SECRET, null);
      if (secret == null) {
        throw new IllegalStateException("Set the '" + Settings.COOKIE_SECRET + "' setting to use signed cookies.");
      }
      return new SignedCookies(secret);
    });
    this.templates = new Lazy<>(() -> new Templates(path(Settings.TEMPLATE_PATH), settings.getBoolean(Settings.DEBUG)));
    this.staticFiles = new Lazy<>(() -> new StaticFiles(path(Settings.STATIC_PATH)));
  }

  /** Hands a finished (or upgraded) request to the {@link Settings#LOG_FUNCTION}; a failing one is reported, never the request's problem. */
  void logRequest(RequestHandler handler) {
    try {
      requestLog.log(handler);
    } catch (RuntimeException e) {
      LoggerFactory.getLogger(Application.class).error("log_function failed for {}", handler.request(), e);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Settings settings() {
    return settings;
  }

  private Path path(String key) {
    Object v = settings.get(key);
    if (v == null) {
      throw new IllegalStateException("Set the '" + key + "' setting first.");
    }
    return v instanceof Path p ? p : Path.of(v.toString());
  }

  String staticPrefix() {
    return settings.getString(Settings.STATIC_URL_PREFIX, "/static/");
  }

  SignedCookies signedCookies() {
    return signedCookies.get();
  }

  XsrfTokens xsrfTokens() {
    return xsrfTokens;
  }

  public Templates templates() {
    return templates.get();
  }

  StaticFiles staticFiles() {
    return staticFiles.get();
  }

  /** {@code /static/<path>?v=<content hash>}: cacheable for ever, changes when the file does. */
  public String staticUrl(String path) {
    String clean = path.startsWith("/") ? path.substring(1) : path;
    // A file path, not a URL: "a b.css", "q?.txt" and "100%.txt" are names, escaped for the URL
    // (which StaticFiles decodes exactly once); Tornado pastes the name in as it is.
    String encoded = encodePath(clean);
    Optional<Path> file = staticFiles().resolve(encoded);
    String url = staticPrefix() + encoded;
    return file.map(f -> url + "?v=" + staticFiles().versionHash(f)).orElse(url);
  }

  /**
   * The path of the route named {@code name} with its groups filled by {@code args}, Tornado's
   * {@code reverse_url}: {@code reverseUrl("story", 42)} is {@code "/story/42"} for a route added
   * as {@code route("/story/([0-9]+)", StoryHandler.class, "story")}. Each argument is written with
   * {@code String.valueOf} and percent-encoded as one path segment; see {@link Router#reverse} for
   * the patterns that can be reversed and the errors. The path is the pattern's own: there is no
   * base path to prepend (behind a proxy that mounts the application elsewhere, add it yourself).
   *
   * @throws IllegalArgumentException for an unknown name, a pattern that cannot be reversed, a
   *     wrong number of arguments or a null one
   */
  public String reverseUrl(String name, Object... args) {
    return router.reverse(name, args);
  }

  /** Percent-encodes a relative file path for a URL path: '/' separates, pchar (RFC 3986 §3.3) stays, the rest is UTF-8 escaped. */
  static String encodePath(String path) {
    return HttpChars.percentEncode(path, "-._~!$&'()*+,;=:@/");
  }

  /** Whether the route's handler takes its body as it arrives: {@link StreamRequestBody}. */
  @Override
  public boolean streamsBody(HttpRequest request) {
    var match = router.match(request.path());
    return match.isPresent() && match.get().target().streamsBody();
  }

  @Override
  public void handle(HttpExchange exchange) {
    dispatcher.dispatch(this, exchange);
  }

  /** Listens on every interface. */
  public Application listen(int port) {
    return listen("0.0.0.0", port);
  }

  /**
   * Listens on {@code host:port} (port 0: a free port). May be called again, for another address or
   * a Unix-domain socket ({@link #listenUnix}): every socket serves this application on the same loops.
   */
  public Application listen(String host, int port) {
    return listenWith(s -> s.listen(host, port));
  }

  /**
   * Listens on a Unix-domain socket at {@code socketFile} (Tornado's {@code bind_unix_socket}) for a
   * proxy on this machine, nginx's {@code server unix:/run/squall/chat.sock;}; its file is readable
   * and writable by owner and group. Add {@code unix:} to {@link Settings#TRUSTED_PROXIES} for the
   * proxy's {@code X-Real-IP} to count; see {@link HttpServer#listenUnix(Path, Set)}.
   */
  public Application listenUnix(Path socketFile) {
    return listenUnix(socketFile, UnixSocketFile.DEFAULT_PERMISSIONS);
  }

  /** The same, the socket file given {@code permissions} ({@code PosixFilePermissions.fromString("rw-rw-rw-")}). */
  public Application listenUnix(Path socketFile, Set<PosixFilePermission> permissions) {
    return listenWith(s -> s.listenUnix(socketFile, permissions));
  }

  /** Listens with the server, made on the first call; a server that failed its first listen goes, with its loops. */
  private synchronized Application listenWith(Consumer<HttpServer> listen) {
    HttpServer s = serverToListenWith();
    try {
      listen.accept(s);
    } catch (RuntimeException e) {
      if (s.localAddress() == null && s.socketFiles().isEmpty()) {
        s.stop(Duration.ZERO);
        server = null;
      }
      throw e;
    }
    return this;
  }

  private HttpServer serverToListenWith() {
    if (server != null) {
      return server;
    }
    server = HttpServer.builder(this)
        .limits(settings.get(Settings.HTTP_LIMITS, HttpLimits.class, HttpLimits.defaults()))
        .trustedProxies(TrustedProxies.of(settings.getStrings(Settings.TRUSTED_PROXIES)))
        .group(group)
        .tls(settings.get(Settings.SSL_OPTIONS, SSLContext.class, null))
        .clientAuth(settings.get(Settings.SSL_CLIENT_AUTH, ClientAuth.class, ClientAuth.NONE))
        .compressResponses(settings.getBoolean(Settings.COMPRESS_RESPONSE))
        .decompressRequests(settings.getBoolean(Settings.DECOMPRESS_REQUEST))
        .reusePort(settings.getBoolean(Settings.REUSE_PORT))
        .build();
    return server;
  }

  /** The first TCP address listened on; null when listening only on Unix-domain sockets. */
  public InetSocketAddress address() {
    return server == null ? null : server.localAddress();
  }

  /** The port of {@link #address()}; fails when not listening on TCP. */
  public int port() {
    return Optional.ofNullable(address()).orElseThrow(() -> new IllegalStateException("Not listening on TCP")).getPort();
  }

  public HttpServer server() {
    return server;
  }

  /** Stops accepting, closes idle connections, sends 1001 to WebSockets, waits up to 5 s. */
  public void stop() {
    stop(Duration.ofSeconds(5));
  }

  /**
   * The same, waiting up to {@code timeout}. From a handler (on an event loop) it returns at once and
   * the stop goes on from a thread of its own: a loop must not wait, neither for its own sockets to
   * close nor for another thread's stop, which may be waiting for this very loop's sockets.
   */
  public void stop(Duration timeout) {
    if (EventLoop.current() != null) {
      Thread.ofPlatform().name("squall-stop").start(() -> stop(timeout));
      return;
    }
    synchronized (this) {
      if (server != null) {
        server.stop(timeout);
        server = null;
      }
    }
  }

  /** Configures an application. */
  public static final class Builder {
    private final List<Route<HandlerFactory>> routes = new ArrayList<>();
    private final Map<String, Object> settings = new LinkedHashMap<>();
    private EventLoopGroup group;
    private Supplier<? extends RequestHandler> defaultHandler;

    /** Routes a path regex (matched in full) to a handler class with a no-argument constructor. */
    public Builder route(String pattern, Class<? extends RequestHandler> type) {
      return route(pattern, type, null);
    }

    /**
     * The same, under a name for {@link Application#reverseUrl} (Tornado's {@code url(pattern,
     * handler, name=...)}); a name used twice fails {@link #build()}.
     */
    public Builder route(String pattern, Class<? extends RequestHandler> type, String name) {
      routes.add(new Route<>(pattern, new HandlerFactory(type, factory(type)), name));
      return this;
    }

    /**
     * Routes a path regex to handlers made by {@code factory}, one per request. Whether they take
     * their body as a stream ({@link StreamRequestBody}) is learned from the first one it makes.
     */
    public Builder route(String pattern, Supplier<? extends RequestHandler> factory) {
      return route(pattern, factory, null);
    }

    /** The same, under a name for {@link Application#reverseUrl}. */
    public Builder route(String pattern, Supplier<? extends RequestHandler> factory, String name) {
      routes.add(new Route<>(pattern, new HandlerFactory(null, factory), name));
      return this;
    }

    /**
     * Redirects GET and HEAD on {@code pattern} for good (301) to {@code url}, its holes filled
     * with the route's groups: {@code redirect("/pictures/(.*)", "/photos/{0}")}, Tornado's {@code
     * url(r"/pictures/(.*)", RedirectHandler, dict(url=r"/photos/{0}"))}. See {@link
     * RedirectHandler} for the holes, the encoding and the query string; {@link #build()} fails,
     * naming the route, on a template that is invalid or names a group the pattern lacks.
     */
    public Builder redirect(String pattern, String url) {
      return redirect(pattern, url, true);
    }

    /** The same, with 302 when not {@code permanent}. */
    public Builder redirect(String pattern, String url, boolean permanent) {
      return route(pattern, new RedirectHandler.Factory(RedirectTemplate.parse(url), permanent));
    }

    /**
     * The handler of a request no route matches, made by its no-argument constructor: Tornado's
     * {@code default_handler_class}. See {@link #defaultHandler(Supplier)}.
     */
    public Builder defaultHandler(Class<? extends RequestHandler> type) {
      return defaultHandler(factory(type));
    }

    /**
     * The handler of a request no route matches, one per request from {@code factory}: Tornado's
     * {@code default_handler_class} with its {@code default_handler_args}. Without one such a
     * request gets the built-in 404 page ("No route for /x"), whatever its method; nothing else
     * changes that page, since {@link RequestHandler#writeError} belongs to a handler and that
     * one is not yours. With one, it runs as any handler, with no path arguments: {@code
     * prepare()}, {@link Authenticated}, HEAD as GET, 405 for the methods it does not write, the
     * XSRF check of a POST when {@link Settings#XSRF_COOKIES} is on, {@code onFinish()}, and its
     * own {@code writeError} for its errors. So:
     *
     * <ul>
     *   <li>a custom 404 page: {@code get()} calls {@code setStatus(404)} and renders it; HEAD
     *       follows, other methods get 405 ({@code Allow: GET, HEAD});
     *   <li>that page for every method: {@code prepare()} throws {@code new HttpException(404,
     *       ...)} and {@code writeError} renders it; with {@link Settings#XSRF_COOKIES} on, also
     *       override {@code checkXsrfCookie()} to do nothing, as the built-in 404 does (no route,
     *       no side effect to guard), or a POST gets 403;
     *   <li>a single-page application's fallback: {@code get()} renders {@code index.html}.
     * </ul>
     *
     * A route that matches and then fails is not its business: a path argument that is not UTF-8
     * (400), a missing static file (404 from {@link StaticFileHandler}).
     */
    public Builder defaultHandler(Supplier<? extends RequestHandler> factory) {
      this.defaultHandler = java.util.Objects.requireNonNull(factory, "factory");
      return this;
    }

    public Builder setting(String key, Object value) {
      settings.put(key, value);
      return this;
    }

    public Builder settings(Map<String, ?> values) {
      settings.putAll(values);
      return this;
    }

    /** Loops to run on; by default the server makes one loop per processor. */
    public Builder group(EventLoopGroup group) {
      this.group = group;
      return this;
    }

    public Application build() {
      return new Application(this);
    }

    /** Makes {@code type}'s handlers with its no-argument constructor, found now. */
    private static Supplier<RequestHandler> factory(Class<? extends RequestHandler> type) {
      var ctor = constructor(type);
      return () -> newInstance(ctor);
    }

    private static <T> java.lang.reflect.Constructor<T> constructor(Class<T> type) {
      try {
        var c = type.getDeclaredConstructor();
        c.setAccessible(true);
        return c;
      } catch (NoSuchMethodException e) {
        throw new IllegalArgumentException(type.getName() + " needs a no-argument constructor (or pass a Supplier).", e);
      }
    }

    private static <T> T newInstance(java.lang.reflect.Constructor<T> c) {
      try {
        return c.newInstance();
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("Cannot create " + c.getDeclaringClass().getName(), e);
      }
    }
  }
}
