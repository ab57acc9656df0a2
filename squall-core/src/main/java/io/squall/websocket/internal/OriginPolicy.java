package io.squall.websocket.internal;

import java.net.URI;
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

  /** host[:port] of an origin, or null when it is not a URL with a host ("null", garbage). */
  static String netloc(String origin) {
    try {
      URI u = new URI(origin.trim());
      String host = u.getHost();
      if (host == null) {
        return null;
      }
      return u.getPort() < 0 ? host : host + ":" + u.getPort();
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }

  private static String hostOnly(String origin) {
    try {
      return new URI(origin).getHost();
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }
}
