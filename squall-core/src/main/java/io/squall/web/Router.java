package io.squall.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Maps a decoded request path to the first {@link Route} whose pattern matches all of it, in
 * declaration order, as Tornado's {@code Application} does (Tornado appends {@code $} and uses
 * {@code re.match}; here {@link Matcher#matches()} anchors both ends). Capturing groups become path
 * arguments:
 *
 * <pre>
 * new Route&lt;&gt;("/user/(\\d+)/(?&lt;tab&gt;\\w+)", h)  matches "/user/42/posts"
 *   pathArgs  = ["42", "posts"]   (every group, in order)
 *   namedArgs = {tab=posts}       (named groups only)
 * </pre>
 *
 * <p>Thread rule: immutable and safe from any thread.
 *
 * @param <T> what a route leads to
 */
public final class Router<T> {
  private final List<Route<T>> routes;
  private final List<Compiled<T>> compiled;
  /** Named routes by name, read for {@link #reverse}. */
  private final Map<String, Named> named;

  /**
   * Compiles every pattern now; an invalid one, or a name given to two routes, throws {@link
   * IllegalArgumentException} naming it. Whether a named route can be reversed is decided here too.
   */
  public Router(List<Route<T>> routes) {
    this.routes = List.copyOf(routes);
    List<Compiled<T>> list = new ArrayList<>(this.routes.size());
    Map<String, Named> names = new HashMap<>();
    for (Route<T> route : this.routes) {
      list.add(compile(route));
      if (route.name() != null) {
        Named earlier = names.putIfAbsent(route.name(), new Named(route.pattern(), RoutePath.parse(route.pattern())));
        if (earlier != null) {
          throw new IllegalArgumentException("Duplicate route name '" + route.name() + "': '"
              + earlier.pattern() + "' and '" + route.pattern() + "'.");
        }
      }
    }
    this.compiled = List.copyOf(list);
    this.named = Map.copyOf(names);
  }

  /** The routes in declaration order. */
  public List<Route<T>> routes() {
    return routes;
  }

  /** The first route matching the whole {@code path}, with its arguments; empty when none does. */
  public Optional<Match<T>> match(String path) {
    Objects.requireNonNull(path, "path");
    for (Compiled<T> c : compiled) {
      Matcher m = c.pattern().matcher(path);
      if (m.matches()) {
        List<String> args = new ArrayList<>(m.groupCount());
        for (int i = 1; i <= m.groupCount(); i++) {
          args.add(m.group(i));
        }
        Map<String, String> named = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> group : c.namedGroups()) {
          String value = m.group(group.getValue());
          if (value != null) {
            named.put(group.getKey(), value);
          }
        }
        return Optional.of(new Match<>(c.route().target(), args, named));
      }
    }
    return Optional.empty();
  }

  /**
   * The path of the route named {@code name}, each capturing group replaced in order by an argument's
   * {@code String.valueOf}, percent-encoded as one path segment (RFC 3986 unreserved characters
   * stay; '/' is escaped too, so the argument fills its group and decodes back to itself):
   * {@code "/story/([0-9]+)"} with 42 gives {@code "/story/42"}, {@code "/tag/(.+)"} with "a b/c"
   * gives {@code "/tag/a%20b%2Fc"}. Tornado's {@code reverse_url}.
   *
   * <p>A pattern can be reversed when everything outside its groups is literal: plain characters,
   * escaped ones ({@code \.} is '.'), {@code \Q...\E}, a leading {@code ^} and a trailing {@code $};
   * and when its groups are capturing ones (positional or named) with no group inside. Otherwise
   * ({@code /a.b}, {@code /(\d+)?}, {@code /(?:a|b)}) reversing fails with the reason, found when
   * the Router was built: "Cannot reverse url regex '/a.b' of route 'x': '.' outside a group."
   *
   * @throws IllegalArgumentException for an unknown name, a pattern that cannot be reversed, a
   *     number of arguments other than the number of groups, or a null argument
   */
  public String reverse(String name, Object... args) {
    Objects.requireNonNull(name, "name");
    Named route = named.get(name);
    if (route == null) {
      throw new IllegalArgumentException("No route named '" + name + "'.");
    }
    return route.path().fill(name, args == null ? new Object[] {null} : args);
  }

  private static <T> Compiled<T> compile(Route<T> route) {
    Pattern pattern;
    try {
      pattern = Pattern.compile(route.pattern());
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "Invalid route pattern '" + route.pattern() + "': " + e.getDescription() + ".", e);
    }
    List<Map.Entry<String, Integer>> named = new ArrayList<>(pattern.namedGroups().entrySet());
    named.sort(Map.Entry.comparingByValue());
    return new Compiled<>(route, pattern, List.copyOf(named));
  }

  /**
   * A successful match.
   *
   * @param target the matched route's target
   * @param pathArgs every capturing group in order, named ones included; an element is null when
   *     its group took no part in the match (as Tornado passes {@code None}), so an optional group
   *     {@code (\d+)?} can be told apart from an empty one
   * @param namedArgs named groups that took part in the match, in pattern order
   */
  public record Match<T>(T target, List<String> pathArgs, Map<String, String> namedArgs) {
    public Match {
      Objects.requireNonNull(target, "target");
      pathArgs = pathArgs.isEmpty() ? List.of() : Collections.unmodifiableList(new ArrayList<>(pathArgs));
      namedArgs = namedArgs.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(namedArgs));
    }
  }

  /** A named route's pattern, and the path it reverses to. */
  private record Named(String pattern, RoutePath path) {}

  /** A route with its compiled pattern and named groups sorted by group number. */
  private record Compiled<T>(
      Route<T> route, Pattern pattern, List<Map.Entry<String, Integer>> namedGroups) {}
}
