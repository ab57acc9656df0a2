package io.squall.web;

import io.squall.http.Headers;
import io.squall.http.HttpStatus;
import io.squall.http.internal.HttpDates;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The header logic behind conditional requests, {@link StaticFiles}'s and a handler's own: {@code
 * Range} (RFC 9110 §14.2) and the preconditions of RFC 9110 §13: {@code If-Match}, {@code
 * If-Unmodified-Since}, {@code If-None-Match}, {@code If-Modified-Since} and {@code If-Range}, in
 * dates of all three HTTP forms.
 *
 * <p>Thread rule: stateless; safe from any thread ({@link #answerNotModified} on its handler's loop).
 */
final class ConditionalGet {
  private ConditionalGet() {}

  static RangeResult parseRange(String header, long size) {
    if (size < 0) {
      throw new IllegalArgumentException("Representation size must not be negative, got " + size + ".");
    }
    // RFC 9110 §14.2: a server MAY ignore Range; we ignore anything but one well-formed byte range.
    if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "bytes=", 0, 6)) {
      return new RangeResult.Full();
    }
    String spec = header.substring(6).trim();
    int dash = spec.indexOf('-');
    if (spec.indexOf(',') >= 0 || dash < 0) {
      return new RangeResult.Full();
    }
    String first = spec.substring(0, dash).trim();
    String last = spec.substring(dash + 1).trim();
    if (first.isEmpty()) { // suffix-range "-n": the last n bytes
      long suffix = parseDigits(last);
      if (suffix < 0) {
        return new RangeResult.Full();
      }
      if (size == 0) { // RFC 9110 §14.1.3: nothing to slice; the whole (empty) body will do
        return suffix == 0 ? new RangeResult.Unsatisfiable() : new RangeResult.Full();
      }
      // RFC 9110 §14.1.1: a suffix-range is satisfiable only with a non-zero suffix-length
      return suffix == 0
          ? new RangeResult.Unsatisfiable()
          : new RangeResult.Partial(Math.max(0, size - suffix), size - 1);
    }
    long start = parseDigits(first);
    long end = last.isEmpty() ? Long.MAX_VALUE : parseDigits(last);
    if (start < 0 || end < 0 || end < start) { // §14.1.1: last-pos < first-pos is invalid: ignore
      return new RangeResult.Full();
    }
    if (start >= size) { // §14.1.1: first-pos must be below the length to be satisfiable
      return new RangeResult.Unsatisfiable();
    }
    return new RangeResult.Partial(start, Math.min(end, size - 1));
  }

  /**
   * Tornado's {@code check_etag_header} at a handler's finish: a 200 to GET or HEAD sent whole gets
   * its ETag (the handler's own, else {@link RequestHandler#computeEtag}) and turns into a 304
   * without representation headers when {@code If-None-Match} lists it (weak comparison, RFC 9110
   * §13.1.2); true then, and the body is not to be sent.
   */
  static boolean answerNotModified(ResponseContext handler, byte[] body) {
    String method = handler.request().method();
    if (handler.getStatus() != HttpStatus.OK || !(method.equals("GET") || method.equals("HEAD"))) {
      return false;
    }
    Headers headers = handler.responseHeaders();
    String etag = headers.get("ETag");
    if (etag == null && (etag = handler.computeEtag(body)) != null) {
      headers.set("ETag", etag);
    }
    if (!notModified(handler.request().header("If-None-Match"), etag, null, null)) {
      return false;
    }
    handler.setStatus(HttpStatus.NOT_MODIFIED);
    headers.remove("Content-Type").remove("Content-Encoding").remove("Content-Language");
    return true;
  }

  static boolean notModified(
      String ifNoneMatch, String etag, String ifModifiedSince, Instant lastModified) {
    // RFC 9110 §13.1.3: If-Modified-Since is ignored when If-None-Match is present
    if (ifNoneMatch != null && !ifNoneMatch.isBlank()) {
      return etag != null && listHas(ifNoneMatch.trim(), etag, false);
    }
    if (ifModifiedSince == null || lastModified == null) {
      return false;
    }
    Instant since = HttpDates.parse(ifModifiedSince);
    // HTTP dates have whole seconds; a file modified 0.4 s after the date it was served with is not newer
    return since != null && !lastModified.truncatedTo(ChronoUnit.SECONDS).isAfter(since);
  }

  /**
   * RFC 9110 §13.2.2 steps 1 and 2, for a representation that exists: If-Match fails unless it is
   * {@code *} or lists the ETag (strong comparison, §13.1.1); without If-Match, If-Unmodified-Since
   * fails when the representation changed after that date (an unparseable date is ignored,
   * §13.1.4).
   */
  static boolean preconditionFailed(String ifMatch, String etag, String ifUnmodifiedSince, Instant lastModified) {
    if (ifMatch != null && !ifMatch.isBlank()) {
      String list = ifMatch.trim();
      return !list.equals("*") && (etag == null || !listHas(list, etag, true));
    }
    if (ifUnmodifiedSince == null || lastModified == null) {
      return false;
    }
    Instant since = HttpDates.parse(ifUnmodifiedSince);
    return since != null && lastModified.truncatedTo(ChronoUnit.SECONDS).isAfter(since);
  }

  /**
   * RFC 9110 §13.1.5: whether a Range applies under If-Range: always without it; with an entity
   * tag, when it strongly matches the ETag (a weak tag never does); with a date, when it is exactly
   * the Last-Modified time. Otherwise the whole representation is sent.
   */
  static boolean rangeApplies(String ifRange, String etag, Instant lastModified) {
    if (ifRange == null) {
      return true;
    }
    String value = ifRange.trim();
    if (value.startsWith("\"") || value.startsWith("W/")) {
      return etag != null && !etag.startsWith("W/") && value.equals(etag);
    }
    Instant date = HttpDates.parse(value);
    return date != null && lastModified != null && date.equals(lastModified.truncatedTo(ChronoUnit.SECONDS));
  }

  /**
   * Whether a list of entity tags (§8.8.3) holds {@code etag}: {@code *} holds any; a weak
   * comparison ignores {@code W/} on both sides, a strong one requires both tags strong (§8.8.3.2).
   * A malformed list holds nothing.
   */
  private static boolean listHas(String header, String etag, boolean strong) {
    if (header.equals("*")) {
      return true;
    }
    if (strong && etag.startsWith("W/")) {
      return false;
    }
    String wanted = opaqueTag(etag);
    int i = 0;
    while (i < header.length()) {
      char c = header.charAt(i);
      if (c == ' ' || c == '\t' || c == ',') {
        i++;
        continue;
      }
      boolean weak = header.startsWith("W/", i);
      if (weak) {
        i += 2;
      }
      if (i >= header.length() || header.charAt(i) != '"') {
        return false;
      }
      int close = header.indexOf('"', i + 1);
      if (close < 0) {
        return false;
      }
      if (!(strong && weak) && header.substring(i, close + 1).equals(wanted)) {
        return true;
      }
      i = close + 1;
    }
    return false;
  }

  /** The quoted part of an entity tag, without any weakness prefix. */
  private static String opaqueTag(String etag) {
    return etag.startsWith("W/") ? etag.substring(2) : etag;
  }

  /** 1 to 18 ASCII digits, else -1; longer numbers saturate to Long.MAX_VALUE (huge positions). */
  private static long parseDigits(String text) {
    if (text.isEmpty()) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = i < 18 ? value * 10 + (c - '0') : Long.MAX_VALUE;
    }
    return value;
  }
}
