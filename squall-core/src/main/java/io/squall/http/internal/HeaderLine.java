package io.squall.http.internal;

import io.squall.http.Headers;
import io.squall.http.HttpException;
import io.squall.http.HttpStatus;

/**
 * Parses one header field line, {@code field-name ":" OWS field-value OWS} (RFC 9112 §5), into
 * {@link Headers}.
 *
 * <p>Stateless; safe from any thread.
 */
final class HeaderLine {
  private HeaderLine() {}

  /** Adds the field in the first {@code n} bytes of the line in {@code lines}, or throws a 400. */
  static void parse(LineReader lines, int n, Headers headers) {
    // RFC 9112 §5.2: obsolete line folding MUST be rejected (or replaced); §2.2: so must whitespace
    // between the request line and the first field.
    if (HttpChars.isOws(lines.at(0))) {
      throw badRequest("Header line starts with whitespace (obsolete line folding).");
    }
    int colon = lines.indexOf((byte) ':', 0, n);
    if (colon < 0) {
      throw badRequest("Header line without colon " + HttpChars.quote(lines.string(0, n)) + ".");
    }
    if (colon == 0) {
      throw badRequest("Empty header name.");
    }
    // RFC 9112 §5.1: whitespace between name and colon MUST be a 400; it has been used to smuggle.
    if (HttpChars.isOws(lines.at(colon - 1))) {
      throw badRequest("Whitespace between header name and colon in " + HttpChars.quote(lines.string(0, colon)) + ".");
    }
    for (int i = 0; i < colon; i++) {
      if (!HttpChars.isTokenChar(lines.at(i))) {
        throw badRequest("Header name " + HttpChars.quote(lines.string(0, colon)) + " is not a token.");
      }
    }
    String name = lines.sharedString(0, colon);
    int start = colon + 1;
    int end = n;
    while (start < end && HttpChars.isOws(lines.at(start))) {
      start++;
    }
    while (end > start && HttpChars.isOws(lines.at(end - 1))) {
      end--;
    }
    // RFC 9110 §5.5: field values hold no control characters but HTAB.
    for (int i = start; i < end; i++) {
      if (HttpChars.isForbiddenControl(lines.at(i))) {
        throw badRequest("Invalid character " + HttpChars.hex(lines.at(i)) + " in value of header " + name + ".");
      }
    }
    headers.add(name, lines.sharedString(start, end));
  }

  private static HttpException badRequest(String message) {
    return new HttpException(HttpStatus.BAD_REQUEST, message);
  }
}
