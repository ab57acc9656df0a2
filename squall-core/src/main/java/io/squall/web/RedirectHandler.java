package io.squall.web;

import io.squall.http.internal.HttpChars;
import java.util.function.Supplier;

/**
 * Redirects GET and HEAD to a URL made from a template and the route's groups, Tornado's {@code
 * RedirectHandler}:
 *
 * <pre>
 * Application.builder()
 *     .redirect("/pictures/(.*)", "/photos/{0}")                // 301; Tornado's url(r"/pictures/(.*)", RedirectHandler, dict(url=r"/photos/{0}"))
 *     .redirect("/(?&lt;year&gt;\\d{4})/(.+)", "/archive/{year}/{1}", false)   // 302
 *     .route("/old", () -&gt; new RedirectHandler("/new"))           // the handler on a route of your own
 * </pre>
 *
 * <ul>
 *   <li>{@code {0}}, {@code {1}}... are the groups in order, named ones included; {@code {name}} a
 *       named group, {@code {}} the next group; <code>{{</code> and <code>}}</code> braces. A group that
 *       took no part in the match is left empty (Tornado writes {@code None}).
 *   <li>An argument is the decoded path argument, percent-encoded again for the part of the URL it
 *       stands in (see {@link RedirectTemplate}): {@code /pictures/a%20b/c.jpg} goes to {@code
 *       /photos/a%20b/c.jpg}. A '/' stays a path separator, a {@code %2F} too since it was decoded
 *       (Tornado's behaviour); CR, LF and the rest of the controls go out as {@code %0D}, {@code
 *       %0A}..., never into a header. An argument cannot make the redirect leave the site: {@code
 *       /pictures/%2F%2Fevil.example} with the template {@code /{0}} goes to {@code
 *       /%2F/evil.example}, not {@code //evil.example}.
 *   <li>The request's query string follows, after the template's own and before its fragment:
 *       {@code /pictures/a?size=2} goes to {@code /photos/a?size=2}, and with the template {@code
 *       /photos/{0}?from=old#top} to {@code /photos/a?from=old&size=2#top}.
 *   <li>Permanent (301) by default, as in Tornado; 302 when not.
 *   <li>GET and HEAD only, as Tornado's: other methods answer 405 ({@code Allow: GET, HEAD}). A 301
 *       or 302 makes a browser repeat a POST as a GET without its body, so it would lose the form;
 *       moving an endpoint that takes bodies is a 307 or 308, a decision about that endpoint's
 *       clients this class does not take for you.
 * </ul>
 *
 * <p>Through {@link Application.Builder#redirect} the template is checked when {@code build()}
 * runs: a syntax error, a {@code {3}} with one group, an unknown {@code {name}}, a hole in the
 * scheme or host fail it, naming the route. Through the constructor the template is read at once
 * (an invalid one throws), but whether the route has the groups it names is known only per
 * request: a missing one is a 500.
 *
 * <p>Thread rule: one instance per request, on the request's loop.
 */
public class RedirectHandler extends RequestHandler {
  private final RedirectTemplate template;
  private final boolean permanent;
  /** Whether the template was checked against the route's pattern at build(). */
  private final boolean checked;

  /** A permanent (301) redirect to {@code url}, its holes filled with the route's groups. */
  public RedirectHandler(String url) {
    this(url, true);
  }

  /**
   * A redirect to {@code url}, permanent (301) or not (302).
   *
   * @throws IllegalArgumentException for an invalid template, with the reason
   */
  public RedirectHandler(String url, boolean permanent) {
    this(RedirectTemplate.parse(url).requireValid(), permanent, false);
  }

  private RedirectHandler(RedirectTemplate template, boolean permanent, boolean checked) {
    this.template = template;
    this.permanent = permanent;
    this.checked = checked;
  }

  @Override
  public void get() {
    String url = template.expand(pathArgs(), pathKwargs(), checked);
    String query = request().query();
    redirect(query.isEmpty() ? url : withQuery(url, query), permanent);
  }

  /** {@code url} with {@code query} after its own query ({@code ?a=1} then {@code &b=2}), before its fragment. */
  static String withQuery(String url, String query) {
    int hash = url.indexOf('#');
    int end = hash < 0 ? url.length() : hash;
    int mark = url.indexOf('?');
    String joint = mark < 0 || mark > end ? "?" : mark == end - 1 || url.charAt(end - 1) == '&' ? "" : "&";
    return url.substring(0, end) + joint + cleanQuery(query) + url.substring(end);
  }

  /**
   * The request's query string as sent (Tornado re-encodes the parsed arguments), with what a URI
   * cannot hold escaped: each character is a byte of the request target, read as ISO-8859-1, so it
   * is escaped as that byte; a '#' and a '%' that starts no %XX escape are escaped too.
   */
  static String cleanQuery(String raw) {
    StringBuilder out = new StringBuilder(raw.length() + 8);
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      boolean keep = c == '%'
          ? i + 2 < raw.length() && HttpChars.isHexDigit(raw.charAt(i + 1)) && HttpChars.isHexDigit(raw.charAt(i + 2))
          : (c < 0x80 && Character.isLetterOrDigit(c)) || QUERY_KEEP.indexOf(c) >= 0;
      if (keep) {
        out.append(c);
      } else if (c <= 0xff) {
        out.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 15));
      } else { // cannot come from a request line; escaped as text, UTF-8
        out.append(HttpChars.percentEncode(String.valueOf(c), ""));
      }
    }
    return out.toString();
  }

  /** What a query keeps as it is besides ASCII letters and digits (RFC 3986 §3.4). */
  private static final String QUERY_KEEP = "-._~!$&'()*+,;=:@/?";
  private static final String HEX = "0123456789ABCDEF";

  /**
   * Makes the handlers of a route added by {@link Application.Builder#redirect}; the {@link
   * Dispatcher} checks its template against the route's pattern at build().
   */
  record Factory(RedirectTemplate template, boolean permanent) implements Supplier<RedirectHandler> {
    @Override
    public RedirectHandler get() {
      return new RedirectHandler(template, permanent, true);
    }
  }
}
