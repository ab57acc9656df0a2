package io.squall.http.internal;

import io.squall.http.Headers;
import io.squall.http.HttpException;
import io.squall.http.HttpStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The checks a complete request head must pass before its body is read: Host, the framing headers
 * that request smuggling plays on, and the connection options.
 *
 * <p>Stateless; safe from any thread.
 */
final class HeadRules {
  static final String HTTP_1_0 = "HTTP/1.0";
  static final String HTTP_1_1 = "HTTP/1.1";
  /** The largest body a Java array can hold. */
  static final int MAX_BUFFERED_BODY_BYTES = Integer.MAX_VALUE - 8;

  private HeadRules() {}

  /**
   * RFC 9112 §3.2: an HTTP/1.1 request MUST carry exactly one Host, and its value must be a host
   * with an optional port; none, several, or an invalid value is a 400.
   */
  static void checkHost(String version, Headers headers) {
    List<String> hosts = headers.getAll("Host");
    if (hosts.isEmpty() && version.equals(HTTP_1_1)) {
      throw new HttpException(HttpStatus.BAD_REQUEST, "Missing Host header.");
    }
    if (hosts.size() > 1) {
      throw new HttpException(HttpStatus.BAD_REQUEST, "Request has " + hosts.size() + " Host headers; one is allowed.");
    }
    if (!hosts.isEmpty() && !RequestTargets.isValidHost(hosts.getFirst())) {
      throw new HttpException(HttpStatus.BAD_REQUEST, "Invalid Host " + HttpChars.quote(hosts.getFirst()) + ".");
    }
  }

  /**
   * The body framing the head declares, or an exception for framing that is ambiguous, or for a
   * Content-Length no long holds (413 naming {@code maxBodyBytes}, the server's limit: no limit
   * could admit it). Whether a length fits this request's limit is checked when its body starts:
   * a handler that takes the body as a stream may set another limit first.
   */
  static BodyFraming framing(String version, Headers headers, long maxBodyBytes) {
    boolean hasLength = headers.contains("Content-Length");
    if (!headers.contains("Transfer-Encoding")) {
      return hasLength ? new BodyFraming.Fixed(contentLength(headers, maxBodyBytes)) : BodyFraming.NONE;
    }
    // RFC 9112 §6.1: a sender MUST NOT send both; a request with both smuggles one of two bodies.
    if (hasLength) {
      throw new HttpException(HttpStatus.BAD_REQUEST, "Both Content-Length and Transfer-Encoding are present.");
    }
    // RFC 9112 §6.1: Transfer-Encoding in HTTP/1.0 means faulty framing.
    if (version.equals(HTTP_1_0)) {
      throw new HttpException(HttpStatus.BAD_REQUEST, "Transfer-Encoding in an HTTP/1.0 request.");
    }
    checkTransferCodings(String.join(", ", headers.getAll("Transfer-Encoding")));
    return new BodyFraming.Chunked();
  }

  /** RFC 9112 §9.3: HTTP/1.1 persists unless "close"; HTTP/1.0 only with "keep-alive". */
  static boolean keepAlive(String version, Headers headers) {
    if (headers.containsToken("Connection", "close")) {
      return false;
    }
    return version.equals(HTTP_1_1) || headers.containsToken("Connection", "keep-alive");
  }

  /** RFC 9110 §10.1.1: a server MUST ignore 100-continue in an HTTP/1.0 request. */
  static boolean expectsContinue(String version, Headers headers) {
    return version.equals(HTTP_1_1) && headers.containsToken("Expect", "100-continue");
  }

  /** The one length all Content-Length values agree on (RFC 9110 §8.6); it must fit a long. */
  private static long contentLength(Headers headers, long maxBodyBytes) {
    String digits = null;
    for (String value : headers.getAll("Content-Length")) {
      for (String element : value.split(",", -1)) {
        String candidate = canonicalDigits(HttpChars.trimOws(element), value);
        if (digits != null && !digits.equals(candidate)) {
          throw new HttpException(HttpStatus.BAD_REQUEST,
              "Conflicting Content-Length values " + abbreviated(digits) + " and " + abbreviated(candidate) + ".");
        }
        digits = candidate;
      }
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) { // all digits, so past Long.MAX_VALUE and any limit
      throw bodyTooLarge(digits, maxBodyBytes);
    }
  }

  /** The decimal without leading zeros, or a 400 when it is not 1*DIGIT (RFC 9110 §8.6). */
  private static String canonicalDigits(String element, String value) {
    if (element.isEmpty()) {
      throw invalidContentLength(value);
    }
    int firstNonZero = -1;
    for (int i = 0; i < element.length(); i++) {
      char c = element.charAt(i);
      if (c < '0' || c > '9') {
        throw invalidContentLength(value);
      }
      if (c != '0' && firstNonZero < 0) {
        firstNonZero = i;
      }
    }
    return firstNonZero < 0 ? "0" : element.substring(firstNonZero);
  }

  /**
   * RFC 9112 §6.3: chunked MUST be the final coding, or the body's end cannot be found (400); it may
   * be applied once only (RFC 9112 §7); no other coding is implemented (501, RFC 9112 §6.1). Empty
   * list elements are skipped (RFC 9110 §5.6.1).
   */
  private static void checkTransferCodings(String list) {
    List<String> codings = new ArrayList<>(2);
    for (String element : list.split(",", -1)) {
      int semicolon = element.indexOf(';');
      String name = HttpChars.trimOws(semicolon < 0 ? element : element.substring(0, semicolon));
      if (!name.isEmpty()) {
        codings.add(name.toLowerCase(Locale.ROOT));
      }
    }
    if (codings.isEmpty() || !codings.getLast().equals("chunked")) {
      throw new HttpException(
          HttpStatus.BAD_REQUEST, "Transfer-Encoding " + HttpChars.quote(list) + " does not end with chunked.");
    }
    for (String name : codings.subList(0, codings.size() - 1)) {
      if (name.equals("chunked")) {
        throw new HttpException(
            HttpStatus.BAD_REQUEST, "Transfer-Encoding " + HttpChars.quote(list) + " applies chunked twice.");
      }
      throw new HttpException(
          HttpStatus.NOT_IMPLEMENTED, "Transfer coding " + HttpChars.quote(name) + " is not implemented.");
    }
  }

  /**
   * Checks a body's size, known up front or announced chunk by chunk, before any of it is read: it
   * must fit maxBodyBytes and, when {@code buffered}, a Java array.
   */
  static void checkBodySize(long length, long maxBodyBytes, boolean buffered) {
    if (length > maxBodyBytes) {
      throw bodyTooLarge(length, maxBodyBytes);
    }
    if (buffered && length > MAX_BUFFERED_BODY_BYTES) {
      throw bufferedBodyTooLarge(length);
    }
  }

  static HttpException bodyTooLarge(Object length, long maxBodyBytes) {
    return new HttpException(HttpStatus.PAYLOAD_TOO_LARGE,
        "Body of " + abbreviated(length) + " bytes exceeds maxBodyBytes " + maxBodyBytes + ".");
  }

  static HttpException bufferedBodyTooLarge(Object length) {
    return new HttpException(HttpStatus.PAYLOAD_TOO_LARGE,
        "Body of " + abbreviated(length) + " bytes exceeds the largest buffered body, "
            + MAX_BUFFERED_BODY_BYTES + " bytes.");
  }

  /** A number for a message, cut after 24 digits: a client may send thousands. */
  private static String abbreviated(Object number) {
    String digits = String.valueOf(number);
    return digits.length() <= 24 ? digits : digits.substring(0, 24) + "...";
  }

  private static HttpException invalidContentLength(String value) {
    return new HttpException(HttpStatus.BAD_REQUEST, "Invalid Content-Length " + HttpChars.quote(value) + ".");
  }
}
