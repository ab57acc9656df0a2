package io.squall.websocket.internal;

import java.util.List;
import java.util.Locale;

/**
 * Decides whether a browser's Origin may open a socket: the request's own host, or an entry of the
 * {@code allowed_origins} setting — an exact origin ({@code https://app.example:8443}), a host
 * pattern ({@code *.example.com}, subdomains only), or {@code *} (everyone, an explicit opt-in).
 * Immutable; safe from any thread.
 */
public final class OriginPolicy {
  private final List<String> allowed;

  public OriginPolicy(List<String> allowed) {
    this.allowed = allowed.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
  }

  /** Same origin: the Origin's host[:port] equals the Host header, compared without case. */
  public static boolean sameHost(String origin, String host) {
    String netloc = netloc(origin);
    return netloc != null && !netloc.isEmpty() && netloc.equalsIgnoreCase(host.trim());
  }

  public boolean allows(String origin, String host) {
    if (sameHost(origin, host)) {
      return true;
    }
    String o = origin.trim().toLowerCase(Locale.ROOT);
    String originHost = hostOnly(o);
    for (String a : allowed) {
      if (a.equals("*") || a.equals(o)) {
        return true;
      }
      if (a.startsWith("*.") && originHost != null && originHost.endsWith(a.substring(1))) {
        return true;
      }
    }
    return false;
  }

  /**
   * host[:port] of an origin ({@code scheme://host[:port]}, RFC 6454 §7), or null when it is not one
   * ("null", userinfo, garbage). Parsed by hand: {@code java.net.URI} gives no host for names with
   * an underscore ({@code chat_web}, as Docker Compose names services), which browsers send.
   */
  static String netloc(String origin) {
    String o = origin.trim();
    int sep = o.indexOf("://");
    if (sep <= 0 || !isScheme(o, sep)) {
      return null;
    }
    int end = sep + 3;
    while (end < o.length() && "/?#".indexOf(o.charAt(end)) < 0) {
      end++;
    }
    String authority = o.substring(sep + 3, end);
    int portColon = authority.startsWith("[") ? authority.indexOf(']') + 1 : authority.indexOf(':');
    if (portColon <= 0) {
      portColon = authority.startsWith("[") ? -1 : authority.length();
    }
    if (portColon < 0 || !isHost(authority, portColon)) {
      return null;
    }
    String port = portColon < authority.length() ? authority.substring(portColon) : "";
    if (!port.isEmpty() && (port.charAt(0) != ':' || !port.substring(1).chars().allMatch(c -> c >= '0' && c <= '9'))) {
      return null;
    }
    return port.length() <= 1 ? authority.substring(0, portColon) : authority;
  }

  private static String hostOnly(String origin) {
    String netloc = netloc(origin);
    if (netloc == null || netloc.startsWith("[")) {
      return netloc == null ? null : netloc.substring(0, netloc.indexOf(']') + 1);
    }
    int colon = netloc.indexOf(':');
    return colon < 0 ? netloc : netloc.substring(0, colon);
  }

  /** RFC 3986 §3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ). */
  private static boolean isScheme(String s, int end) {
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      boolean alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (!alpha && (i == 0 || !((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))) {
        return false;
      }
    }
    return true;
  }

  /** A DNS-like name (letters, digits, '-', '.', '_') or a bracketed IPv6 literal, in {@code [0, end)}. */
  private static boolean isHost(String s, int end) {
    if (end == 0) {
      return false;
    }
    boolean bracketed = s.charAt(0) == '[';
    if (bracketed && (end < 3 || s.charAt(end - 1) != ']')) {
      return false;
    }
    for (int i = bracketed ? 1 : 0; i < (bracketed ? end - 1 : end); i++) {
      char c = s.charAt(i);
      boolean ok = bracketed
          ? (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.'
          : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '.' || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
