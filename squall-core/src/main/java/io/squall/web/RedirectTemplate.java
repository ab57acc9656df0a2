package io.squall.web;

import io.squall.http.internal.HttpChars;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a {@link RedirectHandler} sends the client: a URL with holes for the route's groups, in
 * the part of Python's {@code str.format} that Tornado's {@code RedirectHandler} users write:
 * {@code {0}} a group by number, {@code {name}} a named group, {@code {}} the next group,
 * <code>{{</code> and <code>}}</code> braces ({@link RedirectTemplateParser} reads it). A hole
 * takes its decoded argument, percent-encoded (UTF-8) for the part of the URL it stands in:
 *
 * <pre>
 * path      /photos/{0}     pchar and '/' stay (RFC 3986 §3.3): "a b/c.jpg"  is a%20b/c.jpg
 * query     /find?q={0}     a form value: '&amp;', '=', '+', ';' escaped too: "a&amp;b" is a%26b
 * fragment  /doc#{0}        pchar, '/' and '?' stay (§3.5)
 * </pre>
 *
 * '?', '#', '%', '\', controls and non-ASCII are escaped everywhere. An argument cannot change
 * where the redirect goes: a hole in the template's scheme or host is refused when the template is
 * read; a ':' an argument puts in the first segment of a template without a scheme is sent as
 * {@code %3A} (it would make one); and when the template names no host, a path that would start
 * with "//" or "/\" (a host to browsers) has its second character escaped: {@code /{0}} with
 * {@code /evil.example} is {@code /%2Fevil.example}.
 *
 * <p>Thread rule: immutable; safe from any thread.
 */
final class RedirectTemplate {
  /** The part of the URL a hole stands in, and the characters (besides ASCII letters and digits) an argument keeps there. */
  enum Part {
    PATH("-._~!$&'()*+,;=:@/"),
    /** A form value: '&', '=', '+' and ';' would end or change it. */
    QUERY("-._~!$'()*,:@/?"),
    FRAGMENT("-._~!$&'()*+,;=:@/?");

    final String keep;

    Part(String keep) {
      this.keep = keep;
    }
  }

  sealed interface Piece permits Text, Hole {}

  record Text(String text) implements Piece {}

  /** A group by {@code index}, or by {@code name} when it is not null; {@code spelled} as written, for messages. */
  record Hole(int index, String name, Part part, String spelled) implements Piece {}

  private final String url;
  private final List<Piece> pieces;
  /** Where the template's path starts: after its own scheme and host; 0 when it has neither. */
  private final int pathStart;
  private final boolean ownScheme;
  private final boolean ownHost;
  /** Why the template is invalid; null when it is valid. */
  private final String problem;

  RedirectTemplate(String url, List<Piece> pieces, int pathStart, boolean ownScheme, boolean ownHost, String problem) {
    this.url = url;
    this.pieces = pieces;
    this.pathStart = pathStart;
    this.ownScheme = ownScheme;
    this.ownHost = ownHost;
    this.problem = problem;
  }

  /** Reads {@code url}; never throws: an invalid template fails {@link #check} and {@link #requireValid}. */
  static RedirectTemplate parse(String url) {
    Objects.requireNonNull(url, "url");
    try {
      return new RedirectTemplateParser(url).template();
    } catch (RedirectTemplateParser.Invalid e) {
      return new RedirectTemplate(url, List.of(), 0, false, false, e.getMessage());
    }
  }

  /** This template when it is valid; else IllegalArgumentException with the reason. */
  RedirectTemplate requireValid() {
    if (problem != null) {
      throw new IllegalArgumentException(describe(null) + problem + ".");
    }
    return this;
  }

  /**
   * Checks the template against the route it serves, whose {@code pattern} compiles: valid, and
   * naming only groups the pattern has.
   *
   * @throws IllegalArgumentException naming the template, the route and the reason
   */
  void check(String pattern) {
    if (problem != null) {
      throw new IllegalArgumentException(describe(pattern) + problem + ".");
    }
    Pattern compiled = Pattern.compile(pattern);
    int groups = compiled.matcher("").groupCount();
    Set<String> names = compiled.namedGroups().keySet();
    for (Piece piece : pieces) {
      if (piece instanceof Hole h && h.name() == null && h.index() >= groups) {
        throw new IllegalArgumentException(describe(pattern) + h.spelled() + " but the pattern has " + groupCount(groups) + ".");
      }
      if (piece instanceof Hole h && h.name() != null && !names.contains(h.name())) {
        throw new IllegalArgumentException(describe(pattern) + "no group named '" + h.name() + "' in the pattern.");
      }
    }
  }

  /**
   * The URL for a request: holes filled from the decoded {@code args} and {@code named} groups
   * (null or absent: a group that took no part, left empty). {@code checked}: the template passed
   * {@link #check} against this route, so an absent name is a group that took no part; otherwise
   * it may be no group of the route at all, and fails.
   *
   * @throws IllegalStateException for a hole the route has no group for (only when not checked)
   */
  String expand(List<String> args, Map<String, String> named, boolean checked) {
    StringBuilder out = new StringBuilder(url.length() + 32);
    for (Piece piece : pieces) {
      switch (piece) {
        case Text t -> out.append(t.text());
        case Hole h -> {
          String value = value(h, args, named, checked);
          if (value != null) {
            out.append(HttpChars.percentEncode(value, h.part().keep));
          }
        }
      }
    }
    keepOnHost(out);
    return out.toString();
  }

  private String value(Hole h, List<String> args, Map<String, String> named, boolean checked) {
    if (h.name() != null) {
      String value = named.get(h.name());
      if (value == null && !checked) {
        throw new IllegalStateException(describe(null) + "no value for " + h.spelled()
            + ": no such group in the route, or it took no part in the match.");
      }
      return value;
    }
    if (h.index() >= args.size()) {
      throw new IllegalStateException(describe(null) + h.spelled() + " but the route has " + groupCount(args.size()) + ".");
    }
    return args.get(h.index());
  }

  /** Escapes what an argument wrote that would give the URL a scheme or a host the template has not (see the class doc). */
  private void keepOnHost(StringBuilder out) {
    if (!ownScheme) {
      for (int i = 0; i < out.length() && "/?#".indexOf(out.charAt(i)) < 0; i++) {
        if (out.charAt(i) == ':') {
          out.replace(i, i + 1, "%3A");
        }
      }
    }
    if (!ownHost && out.length() > pathStart + 1 && out.charAt(pathStart) == '/') {
      char second = out.charAt(pathStart + 1);
      if (second == '/' || second == '\\') {
        out.replace(pathStart + 1, pathStart + 2, second == '/' ? "%2F" : "%5C");
      }
    }
  }

  private String describe(String pattern) {
    String shown = url.replaceAll("[\\x00-\\x1f\\x7f]", "?"); // a control character must not split the message
    return pattern == null
        ? "Redirect '" + shown + "': "
        : "Redirect '" + shown + "' of route '" + pattern + "': ";
  }

  private static String groupCount(int n) {
    return n + (n == 1 ? " group" : " groups");
  }
}
