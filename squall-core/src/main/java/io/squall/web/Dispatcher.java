package io.squall.web;

import io.squall.http.HttpException;
import io.squall.http.HttpExchange;
import io.squall.http.HttpStatus;
import io.squall.http.internal.HttpChars;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Picks the handler for each request of an {@link Application} and runs it: the first route whose
 * pattern matches the whole path, its groups percent-decoded into path arguments; when none
 * matches, the default handler (Tornado's {@code default_handler_class}) with no path arguments,
 * or without one a 404 page ("No route for /x"); {@code OPTIONS *}, the server's methods.
 *
 * <p>Thread rule: immutable once built; safe from any thread.
 */
final class Dispatcher {
  private final Router<HandlerFactory> router;
  /** Makes the handler of a request no route matches; null for the built-in 404. */
  private final Supplier<? extends RequestHandler> defaultHandler;

  /**
   * Dispatches to {@code router}'s routes, checking now the template of each redirect route
   * against its pattern.
   *
   * @throws IllegalArgumentException for a redirect template that is invalid or names a group its pattern lacks
   */
  Dispatcher(Router<HandlerFactory> router, Supplier<? extends RequestHandler> defaultHandler) {
    for (Route<HandlerFactory> route : router.routes()) {
      if (route.target().make() instanceof RedirectHandler.Factory redirect) {
        redirect.template().check(route.pattern());
      }
    }
    this.router = router;
    this.defaultHandler = defaultHandler;
  }

  /** Makes the request's handler, binds it to {@code app} and the exchange, and runs it. */
  void dispatch(Application app, HttpExchange exchange) {
    var match = router.match(exchange.request().path());
    RequestHandler handler;
    PathArguments captured = PathArguments.NONE;
    if (exchange.request().uri().equals("*")) { // the parser lets "*" through for OPTIONS only
      handler = new ServerOptions();
    } else if (match.isEmpty()) {
      handler = defaultHandler != null ? defaultHandler.get() : new ErrorHandler(new HttpException(HttpStatus.NOT_FOUND, "No route for " + exchange.request().path()));
    } else {
      handler = match.get().target().get();
      try {
        captured = decode(match.get());
      } catch (HttpException badArgument) {
        handler = new ErrorHandler(badArgument);
      }
    }
    handler.bind(app, exchange, captured);
    HandlerRun.execute(handler);
  }

  /** The match's groups, raw and decoded; {@link PathArguments#NONE} for a route without any. */
  private static PathArguments decode(Router.Match<?> match) {
    List<String> raw = match.pathArgs();
    if (raw.isEmpty() && match.namedArgs().isEmpty()) {
      return PathArguments.NONE;
    }
    List<String> args = raw.stream().map(Dispatcher::decodePathArg).toList(); // nulls kept: groups that took no part
    Map<String, String> kwargs = Map.of();
    if (!match.namedArgs().isEmpty()) {
      Map<String, String> named = new LinkedHashMap<>();
      match.namedArgs().forEach((k, v) -> named.put(k, decodePathArg(v)));
      kwargs = Collections.unmodifiableMap(named); // pattern order, as the Router gives it
    }
    return new PathArguments(raw, args, kwargs);
  }

  /**
   * Percent-decodes a path argument; '+' stays '+' in paths, and a malformed escape leaves the
   * argument as sent (as Tornado's {@code unquote}). Bytes that are not UTF-8 are a 400, as in
   * Tornado, not U+FFFD: {@code /user/%ff} and {@code /user/%fe} must not name the same user.
   */
  static String decodePathArg(String s) {
    if (s == null || s.indexOf('%') < 0) {
      return s;
    }
    byte[] bytes = HttpChars.percentDecode(s, false);
    if (bytes == null) {
      return s;
    }
    String text = HttpChars.utf8OrNull(bytes, bytes.length);
    if (text == null) {
      throw new HttpException(HttpStatus.BAD_REQUEST, "Invalid UTF-8 in path argument '" + s + "'.");
    }
    return text;
  }

  /**
   * {@code OPTIONS *}: a question about the server, not a resource (RFC 9110 §9.3.7), answered 200
   * with the methods handlers may implement; a route says which of them it does.
   */
  private static final class ServerOptions extends RequestHandler {
    @Override
    public void options() {
      setHeader("Allow", String.join(", ", HandlerMethods.ALL));
    }
  }

  /** Answers with an error found before any handler could run: no route (404), a path argument that is not UTF-8 (400). */
  private static final class ErrorHandler extends RequestHandler {
    private final HttpException error;

    ErrorHandler(HttpException error) {
      this.error = error;
    }

    @Override
    public void prepare() {
      throw error;
    }

    /** As Tornado's ErrorHandler: no route means no side effect to guard, so a stray POST gets 404, not 403. */
    @Override
    protected void checkXsrfCookie() {}
  }
}
