package io.squall.web;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The header logic behind {@link StaticFiles#parseRange} and {@link StaticFiles#notModified}:
 * {@code Range} (RFC 9110 §14.2) and {@code If-None-Match} / {@code If-Modified-Since} (RFC 9110
 * §13.1.2, §13.1.3).
 *
 * <p>Thread rule: stateless; safe from any thread.
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

  static boolean notModified(
      String ifNoneMatch, String etag, String ifModifiedSince, Instant lastModified) {
    // RFC 9110 §13.1.3: If-Modified-Since is ignored when If-None-Match is present
    if (ifNoneMatch != null && !ifNoneMatch.isBlank()) {
      return etag != null && noneMatchHits(ifNoneMatch.trim(), etag);
    }
    if (ifModifiedSince == null || lastModified == null) {
      return false;
    }
    Instant since = parseHttpDate(ifModifiedSince.trim());
    // HTTP dates have whole seconds; a file modified 0.4 s after the date it was served with is not newer
    return since != null && !lastModified.truncatedTo(ChronoUnit.SECONDS).isAfter(since);
  }

  /** RFC 9110 §13.1.2: "*" matches any current representation; tags compare weakly. */
  private static boolean noneMatchHits(String header, String etag) {
    if (header.equals("*")) {
      return true;
    }
    String wanted = opaqueTag(etag);
    int i = 0;
    while (i < header.length()) {
      char c = header.charAt(i);
      if (c == ' ' || c == '\t' || c == ',') {
        i++;
        continue;
      }
      if (header.startsWith("W/", i)) {
        i += 2;
      }
      if (i >= header.length() || header.charAt(i) != '"') {
        return false; // malformed list: no match, so the full response is sent
      }
      int close = header.indexOf('"', i + 1);
      if (close < 0) {
        return false;
      }
      if (header.substring(i, close + 1).equals(wanted)) {
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

  /** IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT"; null when it does not parse. */
  private static Instant parseHttpDate(String text) {
    try {
      return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)
          .toInstant();
    } catch (DateTimeException e) {
      return null;
    }
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
