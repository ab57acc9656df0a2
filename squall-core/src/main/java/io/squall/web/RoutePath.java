package io.squall.web;

import io.squall.http.internal.HttpChars;
import java.util.ArrayList;
import java.util.List;

/**
 * The path a route's regex stands for, with a hole for each capturing group: what {@link
 * Router#reverse} fills in, as Tornado's {@code URLSpec.reverse}. {@code "/story/([0-9]+)"} is
 * {@code "/story/"} followed by the argument.
 *
 * <p>A regex can be reversed when everything outside its groups is literal text: plain characters,
 * escaped ones ({@code \.} is '.', {@code \/} is '/'), {@code \Q...\E} quotes, and a leading
 * {@code ^} or trailing {@code $} (dropped: matching is anchored anyway); and when its groups are
 * capturing ones, positional or named, with no group inside. Anything else ({@code /a.b}, {@code
 * /(\d+)?}, {@code /((?:a|b))}, {@code /(?:x)}) is found once, when the route is registered, and
 * kept as the reason {@link #fill} fails with.
 *
 * <p>Thread rule: immutable; safe from any thread.
 */
final class RoutePath {
  /**
   * What an argument keeps as it is: the unreserved characters of RFC 3986 §2.3, as Tornado's
   * {@code url_escape(plus=False)}; everything else is escaped, '/' too, so that an argument fills
   * exactly its group and decodes back to itself.
   */
  private static final String SEGMENT_SAFE = "-._~";
  /** Regex syntax that outside a group makes the regex stand for more than one path. */
  private static final String SYNTAX = ".[]{}*+?|^$)";

  private final String regex;
  /** The literal text before, between and after the groups (one more than groups); null when irreversible. */
  private final List<String> literals;
  /** Why the regex cannot be reversed; null when it can. */
  private final String problem;

  private RoutePath(String regex, List<String> literals, String problem) {
    this.regex = regex;
    this.literals = literals;
    this.problem = problem;
  }

  /** Reads {@code regex}, which must compile; never throws: an irreversible regex fails in {@link #fill}. */
  static RoutePath parse(String regex) {
    try {
      return new RoutePath(regex, List.copyOf(new Parser(regex).literals()), null);
    } catch (Irreversible e) {
      return new RoutePath(regex, null, e.getMessage());
    }
  }

  /**
   * The path with group {@code i} replaced by {@code String.valueOf(args[i])}, percent-encoded as a
   * path segment; {@code name} is the route's, for messages.
   *
   * @throws IllegalArgumentException when the regex cannot be reversed, the number of arguments is
   *     not the number of groups, or an argument is null
   */
  String fill(String name, Object... args) {
    if (problem != null) {
      throw new IllegalArgumentException(
          "Cannot reverse url regex '" + regex + "' of route '" + name + "': " + problem + ".");
    }
    int groups = literals.size() - 1;
    if (args.length != groups) {
      throw new IllegalArgumentException("Route '" + name + "' takes " + groups
          + (groups == 1 ? " argument" : " arguments") + ", got " + args.length + ".");
    }
    StringBuilder path = new StringBuilder(literals.get(0));
    for (int i = 0; i < groups; i++) {
      if (args[i] == null) {
        throw new IllegalArgumentException("Argument " + (i + 1) + " of route '" + name + "' is null.");
      }
      path.append(encodeSegment(String.valueOf(args[i]))).append(literals.get(i + 1));
    }
    return path.toString();
  }

  /** {@code s} as one path segment: UTF-8, every byte but the unreserved ones %XX-escaped. */
  static String encodeSegment(String s) {
    return HttpChars.percentEncode(s, SEGMENT_SAFE);
  }

  /** Why a regex cannot be reversed; control flow inside {@link #parse} only, so no stack trace. */
  private static final class Irreversible extends RuntimeException {
    Irreversible(String reason) {
      super(reason, null, false, false);
    }
  }

  /** Reads the regex once, left to right, stopping at the first thing that is not literal text or a simple group. */
  private static final class Parser {
    private final String regex;
    private int pos;

    Parser(String regex) {
      this.regex = regex;
    }

    List<String> literals() {
      List<String> literals = new ArrayList<>();
      StringBuilder literal = new StringBuilder();
      int end = regex.length();
      pos = regex.startsWith("^") ? 1 : 0;
      while (pos < end) {
        char c = regex.charAt(pos);
        if (c == '\\') {
          literal.append(escaped());
        } else if (c == '(') {
          group();
          literals.add(literal.toString());
          literal.setLength(0);
        } else if (c == '$' && pos == end - 1) {
          pos++;
        } else if (SYNTAX.indexOf(c) >= 0) {
          throw new Irreversible("'" + c + "' outside a group");
        } else {
          literal.append(c);
          pos++;
        }
      }
      literals.add(literal.toString());
      return literals;
    }

    /** The text an escape outside a group stands for: {@code \.} is ".", {@code \Q...\E} what it quotes. */
    private String escaped() {
      char e = regex.charAt(pos + 1); // a regex that compiles never ends with a lone backslash
      if (e == 'Q') {
        int close = regex.indexOf("\\E", pos + 2);
        String quoted = regex.substring(pos + 2, close < 0 ? regex.length() : close);
        pos = close < 0 ? regex.length() : close + 2;
        return quoted;
      }
      if (isAsciiLetterOrDigit(e)) { // \d, \w, \b, \1...: a class, an anchor or a back reference
        throw new Irreversible("'\\" + e + "' outside a group");
      }
      pos += 2;
      return String.valueOf(e);
    }

    /** Skips a capturing group, positional or named; refuses any other kind, and groups inside it. */
    private void group() {
      int open = pos++;
      if (at('?')) {
        boolean named = regex.startsWith("?<", pos) && pos + 2 < regex.length() && isAsciiLetter(regex.charAt(pos + 2));
        if (!named) { // (?:  (?=  (?<=  (?i)...
          int shown = Math.min(regex.length(), open + (regex.startsWith("?<", pos) ? 4 : 3));
          throw new Irreversible("'" + regex.substring(open, shown) + "' is not a capturing group");
        }
        pos = regex.indexOf('>', pos) + 1;
      }
      while (pos < regex.length()) {
        char c = regex.charAt(pos);
        if (c == '\\') {
          skipEscape();
        } else if (c == '[') {
          skipClass();
        } else if (c == '(') {
          throw new Irreversible("a group inside a group");
        } else {
          pos++;
          if (c == ')') {
            return;
          }
        }
      }
    }

    private void skipEscape() {
      if (regex.startsWith("\\Q", pos)) {
        int close = regex.indexOf("\\E", pos + 2);
        pos = close < 0 ? regex.length() : close + 2;
      } else {
        pos += 2;
      }
    }

    /** Skips a character class, nested ones included; a ']' first in a class is a literal, as Java reads it. */
    private void skipClass() {
      int depth = 0;
      while (pos < regex.length()) {
        char c = regex.charAt(pos);
        if (c == '\\') {
          skipEscape();
          continue;
        }
        pos++;
        if (c == '[') {
          depth++;
          if (at('^')) {
            pos++;
          }
          if (at(']')) {
            pos++;
          }
        } else if (c == ']' && --depth == 0) {
          return;
        }
      }
    }

    private boolean at(char c) {
      return pos < regex.length() && regex.charAt(pos) == c;
    }

    private static boolean isAsciiLetter(char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAsciiLetterOrDigit(char c) {
      return isAsciiLetter(c) || (c >= '0' && c <= '9');
    }
  }
}
