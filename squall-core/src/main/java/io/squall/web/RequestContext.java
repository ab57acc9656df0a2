package io.squall.web;

import io.squall.http.Headers;
import io.squall.http.HttpException;
import io.squall.http.HttpExchange;
import io.squall.http.HttpRequest;
import io.squall.http.HttpStatus;
import io.squall.net.TcpConnection;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a handler knows about its request: arguments, cookies (plain and signed), the XSRF token,
 * the current user, settings and templates. Base of {@link RequestHandler}.
 *
 * <p>Thread rule: confined to the request's event loop (or the handler's own virtual thread).
 */
public abstract class RequestContext {
  /** Default lifetime of a signed cookie, as in Tornado: 31 days. */
  public static final Duration SIGNED_COOKIE_MAX_AGE = Duration.ofDays(31);
  static final String XSRF_COOKIE = "_xsrf";

  /** {@link #currentUser} before {@link #getCurrentUser()} was asked. */
  private static final Object NOT_LOADED = new Object();

  private Application application;
  /** The response and its exchange; null once the connection was upgraded (see {@link #releaseExchange}). */
  private ResponseState response = new ResponseState(new Headers().set("Content-Type", "text/html; charset=UTF-8"));
  private HttpRequest request;
  private PathArguments pathArguments = PathArguments.NONE;
  private Object currentUser = NOT_LOADED;
  private long startNanos;
  private byte[] xsrfToken;

  final void bind(Application app, HttpExchange ex, PathArguments args) {
    this.startNanos = System.nanoTime();
    this.application = app;
    response().exchange = ex;
    this.request = ex.request();
    this.pathArguments = args;
  }

  public HttpRequest request() {
    return request;
  }

  /** Time since the request was handed to its handler (Tornado's {@code request_time()}); for the access log. */
  public Duration requestTime() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  public Application application() {
    return application;
  }

  public Settings settings() {
    return application.settings();
  }

  /** The underlying exchange, for streaming and protocol upgrades; gone once the connection was upgraded. */
  protected HttpExchange exchange() {
    ResponseState r = response;
    if (r == null || r.exchange == null) {
      throw new IllegalStateException("The connection was upgraded: its HTTP exchange is over.");
    }
    return r.exchange;
  }

  /** The response in the making; after an upgrade, a fresh one without headers or exchange. */
  final ResponseState response() {
    ResponseState r = response;
    if (r == null) {
      response = r = new ResponseState(new Headers());
    }
    return r;
  }

  /**
   * The certificate chain the client presented over TLS, its own first (Tornado's {@code
   * get_ssl_certificate}); empty over plain HTTP or when it sent none. Clients are asked for one
   * only when {@link Settings#SSL_CLIENT_AUTH} says so. Behind a proxy that ends TLS, the proxy's
   * connection is the one seen.
   */
  public List<X509Certificate> peerCertificates() {
    TcpConnection c = connection();
    return c == null ? List.of() : c.peerCertificates();
  }

  /** The connection the request came on; null once it is gone (a handler may override for an upgraded one). */
  protected TcpConnection connection() {
    ResponseState r = response;
    return r == null || r.exchange == null ? null : r.exchange.connection();
  }

  /**
   * Forgets the HTTP exchange of an upgraded connection, which may stay open for days: the handler
   * keeps its request (headers, remote address, arguments) and nothing of the HTTP response.
   */
  final void releaseExchange() {
    response = null;
  }

  protected Logger log() {
    return LoggerFactory.getLogger(getClass());
  }

  /** Path arguments from the route's regex groups, in order (percent-decoded). */
  public List<String> pathArgs() {
    return pathArguments.decoded();
  }

  /** Path arguments as they appeared in the URL, still percent-encoded. */
  public List<String> rawPathArgs() {
    return pathArguments.raw();
  }

  public String pathArg(int index) {
    return pathArguments.decoded().get(index);
  }

  /** Named groups of the route's regex. */
  public Map<String, String> pathKwargs() {
    return pathArguments.named();
  }

  // ---- arguments -----------------------------------------------------------------------------

  // As Tornado's get_argument: every value has its control characters (U+0000 to U+0008, U+000E to
  // U+001F) turned into spaces, and is stripped of surrounding whitespace unless strip is false.
  // The request's own maps (request().queryArguments(), bodyArguments()) keep the values as sent.

  /** The last value of a query or form argument, stripped; missing → 400 "Missing argument name". */
  public String getArgument(String name) {
    String v = getArgument(name, null);
    if (v == null) {
      throw new HttpException(HttpStatus.BAD_REQUEST, "Missing argument " + name);
    }
    return v;
  }

  public String getArgument(String name, String defaultValue) {
    return getArgument(name, defaultValue, true);
  }

  /** The last value of a query or form argument, stripped of surrounding whitespace if {@code strip}. */
  public String getArgument(String name, String defaultValue, boolean strip) {
    List<String> all = getArguments(name, strip);
    return all.isEmpty() ? defaultValue : all.get(all.size() - 1);
  }

  /** Every value of a query or form argument, query values first, each stripped. */
  public List<String> getArguments(String name) {
    return getArguments(name, true);
  }

  public List<String> getArguments(String name, boolean strip) {
    List<String> q = request().queryArguments().getOrDefault(name, List.of());
    List<String> b = request().bodyArguments().getOrDefault(name, List.of());
    List<String> all = new ArrayList<>(q.size() + b.size());
    q.forEach(v -> all.add(cleanArgument(v, strip)));
    b.forEach(v -> all.add(cleanArgument(v, strip)));
    return all;
  }

  public String getQueryArgument(String name, String defaultValue) {
    List<String> q = request().queryArguments().getOrDefault(name, List.of());
    return q.isEmpty() ? defaultValue : cleanArgument(q.get(q.size() - 1), true);
  }

  public String getBodyArgument(String name, String defaultValue) {
    List<String> b = request().bodyArguments().getOrDefault(name, List.of());
    return b.isEmpty() ? defaultValue : cleanArgument(b.get(b.size() - 1), true);
  }

  /** Tornado's cleaning of an argument value: control characters to spaces, then Python's strip(). */
  static String cleanArgument(String value, boolean strip) {
    StringBuilder sb = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= 0x08 || (c >= 0x0e && c <= 0x1f)) {
        if (sb == null) {
          sb = new StringBuilder(value);
        }
        sb.setCharAt(i, ' ');
      }
    }
    String v = sb == null ? value : sb.toString();
    if (!strip) {
      return v;
    }
    int start = 0;
    int end = v.length();
    while (start < end && isPythonSpace(v.charAt(start))) {
      start++;
    }
    while (end > start && isPythonSpace(v.charAt(end - 1))) {
      end--;
    }
    return v.substring(start, end);
  }

  /** Python's str.isspace() for one character: Unicode white space, no-break spaces and U+0085 included. */
  private static boolean isPythonSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
  }

  // ---- cookies -------------------------------------------------------------------------------

  public String getCookie(String name) {
    return request().cookies().get(name);
  }

  public String getCookie(String name, String defaultValue) {
    return request().cookies().getOrDefault(name, defaultValue);
  }

  public void setCookie(String name, String value) {
    setCookie(name, value, CookieOptions.defaults());
  }

  public void setCookie(String name, String value, CookieOptions options) {
    exchangeHeaders().add("Set-Cookie", options.format(name, value));
  }

  public void clearCookie(String name) {
    clearCookie(name, CookieOptions.defaults());
  }

  /** Clears a cookie set with a path or domain of its own: they must match for the browser to drop it. */
  public void clearCookie(String name, CookieOptions options) {
    setCookie(name, "", options.withMaxAge(Duration.ZERO));
  }

  /** Sets a cookie signed with the {@code cookie_secret} setting (Tornado's {@code set_secure_cookie}). */
  public void setSecureCookie(String name, String value) {
    setSecureCookie(name, value, CookieOptions.defaults().withMaxAge(SIGNED_COOKIE_MAX_AGE));
  }

  public void setSecureCookie(String name, String value, CookieOptions options) {
    setCookie(name, application.signedCookies().sign(name, value), options);
  }

  /** The value of a signed cookie, or null when absent, tampered with or older than 31 days. */
  public String getSecureCookie(String name) {
    return getSecureCookie(name, SIGNED_COOKIE_MAX_AGE);
  }

  public String getSecureCookie(String name, Duration maxAge) {
    String raw = getCookie(name);
    return raw == null ? null : application.signedCookies().verify(name, raw, maxAge);
  }

  abstract io.squall.http.Headers exchangeHeaders();

  // ---- XSRF ----------------------------------------------------------------------------------

  /** This browser's XSRF token, masked afresh for each page; sets the {@code _xsrf} cookie when new. */
  public String xsrfToken() {
    XsrfTokens tokens = application.xsrfTokens();
    if (xsrfToken == null) {
      String cookie = getCookie(XSRF_COOKIE);
      byte[] existing = cookie == null ? null : tokens.decode(cookie);
      if (existing == null) {
        existing = tokens.newTokenBytes();
        setCookie(XSRF_COOKIE, tokens.encode(existing), CookieOptions.defaults().withHttpOnly(false).withSameSite("Strict"));
      }
      xsrfToken = existing;
    }
    return tokens.encode(xsrfToken);
  }

  /** A hidden form field carrying the XSRF token, for templates: {@code {{ handler.xsrfFormHtml() | raw }}}. */
  public String xsrfFormHtml() {
    return "<input type=\"hidden\" name=\"" + XSRF_COOKIE + "\" value=\"" + xsrfToken() + "\"/>";
  }

  /** Refuses (403) a state-changing request whose {@code _xsrf} argument or X-XSRFToken header does not match the cookie. */
  protected void checkXsrfCookie() {
    String submitted = getArgument(XSRF_COOKIE, null);
    if (submitted == null) {
      submitted = request().header("X-Xsrftoken");
    }
    if (submitted == null) {
      submitted = request().header("X-Csrftoken");
    }
    if (submitted == null) {
      throw new HttpException(HttpStatus.FORBIDDEN, "'_xsrf' argument missing from " + request().method());
    }
    String cookie = getCookie(XSRF_COOKIE);
    if (cookie == null || !application.xsrfTokens().matches(cookie, submitted)) {
      throw new HttpException(HttpStatus.FORBIDDEN, "XSRF cookie does not match " + request().method() + " argument");
    }
  }

  // ---- users, templates, static files --------------------------------------------------------

  /** Override to identify the user (from a signed cookie, a header…); null means anonymous. */
  public Object getCurrentUser() {
    return null;
  }

  /** {@link #getCurrentUser()} evaluated once per request. */
  public final Object currentUser() {
    if (currentUser == NOT_LOADED) {
      currentUser = getCurrentUser();
    }
    return currentUser;
  }

  /** URL of a static file with a content-hash version, e.g. {@code /static/app.js?v=1a2b3c4d}. */
  public String staticUrl(String path) {
    return application.staticUrl(path);
  }

  /**
   * The path of the route named {@code name}, its groups filled by {@code args}: {@link
   * Application#reverseUrl}. In a template: {@code <a href="{{ handler.reverseUrl('story', story.id) }}">}.
   * Pebble picks a method by its number of parameters and does not spread arguments into varargs,
   * hence the forms below for up to three arguments; from Java they are all this one.
   */
  public String reverseUrl(String name, Object... args) {
    return application.reverseUrl(name, args);
  }

  /** The path of a route without groups; for templates (see {@link #reverseUrl(String, Object...)}). */
  public String reverseUrl(String name) {
    return application.reverseUrl(name);
  }

  /** The path of a route with one group; for templates (see {@link #reverseUrl(String, Object...)}). */
  public String reverseUrl(String name, Object arg) {
    return application.reverseUrl(name, arg);
  }

  /** The path of a route with two groups; for templates (see {@link #reverseUrl(String, Object...)}). */
  public String reverseUrl(String name, Object arg1, Object arg2) {
    return application.reverseUrl(name, arg1, arg2);
  }

  /** The path of a route with three groups; for templates (see {@link #reverseUrl(String, Object...)}). */
  public String reverseUrl(String name, Object arg1, Object arg2, Object arg3) {
    return application.reverseUrl(name, arg1, arg2, arg3);
  }

  /**
   * Renders a template to a string; the model also sees {@code handler}, {@code request}, {@code
   * currentUser}. Helpers reach templates through {@code handler}: {@code handler.staticUrl('app.js')},
   * {@code handler.reverseUrl('story', 42)}, {@code handler.xsrfFormHtml() | raw}.
   */
  public String renderString(String template, Map<String, Object> model) {
    Map<String, Object> m = new HashMap<>(model);
    m.putIfAbsent("handler", this);
    m.putIfAbsent("request", request());
    m.putIfAbsent("currentUser", currentUser());
    return application.templates().render(template, m);
  }
}
