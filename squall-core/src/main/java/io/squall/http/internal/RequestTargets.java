package io.squall.http.internal;

/**
 * The forms of a request target an origin server takes (RFC 9112 §3.2) and the syntax of the host
 * they name, in the target's absolute form or in the Host header (RFC 9112 §3.2, RFC 3986 §3.2).
 *
 * <p>Stateless; safe from any thread.
 */
public final class RequestTargets {
  /** reg-name characters besides ALPHA and DIGIT: unreserved and sub-delims (RFC 3986 §3.2.2); '%' starts pct-encoded. */
  private static final String REG_NAME_MARKS = "-._~!$&'()*+,;=";

  private RequestTargets() {}

  /**
   * Where the authority of an absolute-form target starts (after {@code http://} or
   * {@code https://}, the scheme in any case: RFC 3986 §3.1), or -1 when the target has no such
   * scheme.
   */
  public static int authorityStart(String target) {
    if (target.regionMatches(true, 0, "http://", 0, 7)) {
      return 7;
    }
    return target.regionMatches(true, 0, "https://", 0, 8) ? 8 : -1;
  }

  /** The authority of an absolute-form target ({@code host[:port]}, up to the path or query), or null for another form. */
  public static String authority(String target) {
    int start = authorityStart(target);
    if (start < 0) {
      return null;
    }
    int end = start;
    while (end < target.length() && target.charAt(end) != '/' && target.charAt(end) != '?' && target.charAt(end) != '#') {
      end++;
    }
    return target.substring(start, end);
  }

  /** The target as routes see it: the absolute form loses scheme and authority ({@code http://h/p?q} is {@code /p?q}, {@code http://h} is {@code /}). */
  public static String originForm(String target) {
    int start = authorityStart(target);
    if (start < 0) {
      return target;
    }
    int end = start + authority(target).length();
    if (end == target.length()) {
      return "/";
    }
    return target.charAt(end) == '/' ? target.substring(end) : "/" + target.substring(end);
  }

  /**
   * Whether {@code host} is {@code uri-host [":" port]} (RFC 9112 §3.2, RFC 3986 §3.2.2): an IP
   * literal in brackets, or a reg-name (which covers dotted quads), then an optional port of
   * digits. Empty is valid: a client sends an empty Host for a target without an authority.
   */
  public static boolean isValidHost(String host) {
    int portColon;
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      if (close < 0 || !isIpLiteralBody(host, 1, close)) {
        return false;
      }
      portColon = close + 1;
      if (portColon < host.length() && host.charAt(portColon) != ':') {
        return false;
      }
    } else {
      portColon = host.indexOf(':');
      if (portColon < 0) {
        portColon = host.length();
      }
      if (!isRegName(host, 0, portColon)) {
        return false;
      }
    }
    for (int i = portColon + 1; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** IPv6address or IPvFuture between the brackets: hex digits, ':' and '.', or "v" HEXDIG "." and unreserved / sub-delims / ':'. */
  private static boolean isIpLiteralBody(String s, int from, int to) {
    if (from == to) {
      return false;
    }
    boolean future = s.charAt(from) == 'v' || s.charAt(from) == 'V';
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      boolean ok = HttpChars.isHexDigit(c) || c == ':' || c == '.'
          || (future && (isAlphaNum(c) || REG_NAME_MARKS.indexOf(c) >= 0));
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean isRegName(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= to || !HttpChars.isHexDigit(s.charAt(i + 1)) || !HttpChars.isHexDigit(s.charAt(i + 2))) {
          return false;
        }
        i += 2;
      } else if (!isAlphaNum(c) && REG_NAME_MARKS.indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAlphaNum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
