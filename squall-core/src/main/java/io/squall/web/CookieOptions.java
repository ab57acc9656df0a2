package io.squall.web;

import java.time.Duration;

/**
 * Attributes of a {@code Set-Cookie}. Defaults: path "/", no domain, session cookie, not Secure,
 * HttpOnly, SameSite=Lax — the safe choice for session cookies.
 */
public record CookieOptions(String path, String domain, Duration maxAge, boolean secure, boolean httpOnly, String sameSite) {
  public static CookieOptions defaults() {
    return new CookieOptions("/", null, null, false, true, "Lax");
  }

  public CookieOptions withPath(String p) {
    return new CookieOptions(p, domain, maxAge, secure, httpOnly, sameSite);
  }

  public CookieOptions withDomain(String d) {
    return new CookieOptions(path, d, maxAge, secure, httpOnly, sameSite);
  }

  public CookieOptions withMaxAge(Duration m) {
    return new CookieOptions(path, domain, m, secure, httpOnly, sameSite);
  }

  public CookieOptions withSecure(boolean s) {
    return new CookieOptions(path, domain, maxAge, s, httpOnly, sameSite);
  }

  public CookieOptions withHttpOnly(boolean h) {
    return new CookieOptions(path, domain, maxAge, secure, h, sameSite);
  }

  public CookieOptions withSameSite(String s) {
    return new CookieOptions(path, domain, maxAge, secure, httpOnly, s);
  }

  /** The {@code Set-Cookie} value; names, values and attributes that could inject are refused. */
  String format(String name, String value) {
    requireSafe("name", name, true);
    requireSafe("value", value, false);
    StringBuilder sb = new StringBuilder(name).append('=').append(value);
    if (path != null) {
      requireSafe("path", path, false);
      sb.append("; Path=").append(path);
    }
    if (domain != null) {
      requireSafe("domain", domain, false);
      sb.append("; Domain=").append(domain);
    }
    if (maxAge != null) {
      long seconds = Math.max(0, maxAge.toSeconds());
      sb.append("; Max-Age=").append(seconds);
      sb.append("; Expires=").append(io.squall.http.internal.HttpDates.format(java.time.Instant.now().plusSeconds(seconds)));
    }
    if (secure) {
      sb.append("; Secure");
    }
    if (httpOnly) {
      sb.append("; HttpOnly");
    }
    if (sameSite != null) {
      requireSafe("sameSite", sameSite, true);
      sb.append("; SameSite=").append(sameSite);
    }
    return sb.toString();
  }

  private static void requireSafe(String what, String s, boolean token) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean bad = c < 0x21 || c == 0x7f || c == ';' || c == ',' || c == '"' || c == '\\' || c > 0x7e
          || (token && (c == '=' || c == '(' || c == ')' || c == '<' || c == '>' || c == '@' || c == ':'
              || c == '/' || c == '[' || c == ']' || c == '?' || c == '{' || c == '}'));
      if (bad && !(what.equals("path") && c == '/')) {
        throw new IllegalArgumentException(
            "Invalid cookie " + what + " '" + shown(s) + "': character " + shown(c) + " is not allowed.");
      }
    }
    if (s.isEmpty() && token) {
      throw new IllegalArgumentException("Cookie " + what + " must not be empty.");
    }
  }

  /** Untrusted text for a message: controls and non-ASCII as {@code \xNN}, so no log line can be forged. */
  private static String shown(String s) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      out.append(isPrintable(c) ? String.valueOf(c) : String.format("\\x%02X", (int) c));
    }
    return out.toString();
  }

  private static String shown(char c) {
    return isPrintable(c) ? "'" + c + "'" : String.format("0x%02X", (int) c);
  }

  private static boolean isPrintable(char c) {
    return c >= 0x20 && c < 0x7f;
  }
}
