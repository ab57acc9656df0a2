package io.squall.http.internal;

import io.squall.http.HttpException;
import io.squall.http.HttpStatus;

/**
 * A parsed request line, {@code method SP request-target SP HTTP-version} (RFC 9112 §3).
 *
 * <p>Immutable; safe from any thread.
 *
 * @param method one of the implemented methods, as a shared constant
 * @param target the request-target as sent, bytes read as ISO-8859-1
 * @param version {@code "HTTP/1.1"} or {@code "HTTP/1.0"}, as a shared constant
 */
record RequestLine(String method, String target, String version) {
  /**
   * The methods a handler can implement (RFC 9110 §9 and RFC 5789); any other token is a 501 (RFC
   * 9110 §9.1), TRACE and CONNECT included: an origin server has no use for a proxy's tunnel, and
   * echoing a request back (TRACE) is a cross-site tracing risk no route may opt into.
   */
  private static final String[] METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"};
  private static final int VERSION_LENGTH = "HTTP/x.y".length();

  /**
   * Parses the first {@code n} bytes of the line in {@code lines}. Syntax errors are a 400; then a
   * well-formed version other than 1.x is a 505, a well-formed unknown method a 501, and a target
   * of a form an origin server does not take a 400.
   */
  static RequestLine parse(LineReader lines, int n) {
    // RFC 9112 §3: single SPs; the target cannot hold one, so the first and last SP split the line.
    int firstSp = lines.indexOf(HttpChars.SP, 0, n);
    int lastSp = lastIndexOfSp(lines, n);
    if (firstSp < 0 || firstSp == lastSp) {
      throw badRequest("Malformed request line " + HttpChars.quote(lines.string(0, n)) + ".");
    }
    for (int i = 0; i < firstSp; i++) {
      if (!HttpChars.isTokenChar(lines.at(i))) {
        throw badRequest("Method " + HttpChars.quote(lines.string(0, firstSp)) + " is not a token.");
      }
    }
    if (firstSp == 0) {
      throw badRequest("Method \"\" is not a token.");
    }
    if (lastSp == firstSp + 1) {
      throw badRequest("Empty request target.");
    }
    for (int i = firstSp + 1; i < lastSp; i++) {
      int c = lines.at(i);
      if (c == HttpChars.SP || HttpChars.isForbiddenControl(c) || c == HttpChars.HTAB) {
        throw badRequest("Invalid character " + HttpChars.hex(c) + " in request target.");
      }
    }
    String version = version(lines, lastSp + 1, n);
    String method = knownMethod(lines, firstSp);
    String target = lines.sharedString(firstSp + 1, lastSp);
    checkTargetForm(method, target);
    return new RequestLine(method, target, version);
  }

  /**
   * RFC 9112 §3.2: an origin server takes the origin form ({@code /path?query}), the absolute form
   * with an http or https scheme in any case and no userinfo (RFC 9110 §4.2.4), and {@code *} for
   * OPTIONS only; anything else (a relative path, an authority, another scheme) is a 400.
   */
  private static void checkTargetForm(String method, String target) {
    if (target.charAt(0) == '/') {
      return;
    }
    if (target.equals("*")) {
      if (method.equals("OPTIONS")) {
        return;
      }
      throw badRequest("The target \"*\" is for OPTIONS only.");
    }
    int authority = RequestTargets.authorityStart(target);
    if (authority < 0) {
      throw badRequest("Invalid request target " + HttpChars.quote(target)
          + ": neither a path (/...) nor an http or https URI.");
    }
    String host = RequestTargets.authority(target);
    if (host.indexOf('@') >= 0) {
      throw badRequest("Request target " + HttpChars.quote(target) + " carries userinfo.");
    }
    if (host.isEmpty() || !RequestTargets.isValidHost(host)) {
      throw badRequest("Invalid host in request target " + HttpChars.quote(target) + ".");
    }
  }

  /**
   * RFC 9112 §2.3: HTTP-version = "HTTP" "/" DIGIT "." DIGIT, case-sensitive. HTTP/1.0 is itself;
   * a later 1.x is served as HTTP/1.1, the highest minor version we have (RFC 9110 §2.5: a
   * recipient treats a higher minor version as its own); any other major version is a 505.
   */
  private static String version(LineReader lines, int from, int to) {
    boolean wellFormed = to - from == VERSION_LENGTH
        && matches(lines, from, "HTTP/")
        && isDigit(lines.at(from + 5))
        && lines.at(from + 6) == '.'
        && isDigit(lines.at(from + 7));
    if (!wellFormed) {
      throw badRequest("Malformed HTTP version " + HttpChars.quote(lines.string(from, to)) + ".");
    }
    if (matches(lines, from, HeadRules.HTTP_1_0)) {
      return HeadRules.HTTP_1_0;
    }
    if (lines.at(from + 5) == '1') {
      return HeadRules.HTTP_1_1;
    }
    throw new HttpException(
        HttpStatus.HTTP_VERSION_NOT_SUPPORTED, "HTTP version " + lines.string(from, to) + " is not supported.");
  }

  /** The shared constant for the method in {@code [0, length)}; methods are case-sensitive (RFC 9110 §9.1). */
  private static String knownMethod(LineReader lines, int length) {
    for (String method : METHODS) {
      if (method.length() == length && matches(lines, 0, method)) {
        return method;
      }
    }
    throw new HttpException(
        HttpStatus.NOT_IMPLEMENTED, "Method " + HttpChars.quote(lines.string(0, length)) + " is not implemented.");
  }

  private static boolean matches(LineReader lines, int from, String ascii) {
    for (int i = 0; i < ascii.length(); i++) {
      if (lines.at(from + i) != ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int lastIndexOfSp(LineReader lines, int n) {
    for (int i = n - 1; i >= 0; i--) {
      if (lines.at(i) == HttpChars.SP) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static HttpException badRequest(String message) {
    return new HttpException(HttpStatus.BAD_REQUEST, message);
  }
}
