package io.squall.http.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * HTTP dates (RFC 9110 §5.6.7): the {@code Date} header value, formatted at most once per second,
 * and the parsing of dates a client sends. Safe from any thread.
 */
public final class HttpDates {
  private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
  /** The obsolete RFC 850 form after its weekday, {@code 06-Nov-94 08:49:37 GMT}; the two-digit year is read as 20yy first. */
  private static final DateTimeFormatter RFC_850 = DateTimeFormatter.ofPattern("dd-MMM-yy HH:mm:ss 'GMT'", Locale.US);
  /** ANSI C's asctime() form, {@code Sun Nov  6 08:49:37 1994}, the day padded with a space. */
  private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);
  private record Cached(long second, String value) {}
  private static volatile Cached cached = new Cached(-1, "");

  private HttpDates() {}

  public static String now() {
    long second = System.currentTimeMillis() / 1000;
    Cached c = cached;
    if (c.second != second) {
      c = new Cached(second, format(Instant.ofEpochSecond(second)));
      cached = c;
    }
    return c.value;
  }

  public static String format(Instant instant) {
    return RFC_1123.format(instant.atOffset(ZoneOffset.UTC));
  }

  /**
   * A date in any of the three forms a recipient MUST accept (RFC 9110 §5.6.7): IMF-fixdate, RFC
   * 850 (a two-digit year more than 50 years ahead is the most recent past year with those digits)
   * and asctime, all in UTC; null when the text is none of them or names the wrong weekday.
   */
  public static Instant parse(String text) {
    if (text == null) {
      return null;
    }
    String t = text.trim();
    try {
      return ZonedDateTime.parse(t, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeException notImfFixdate) {
      // try the obsolete forms
    }
    int comma = t.indexOf(", ");
    if (comma > 0) {
      try {
        // The weekday is checked by hand: it belongs to the year after the century is chosen.
        LocalDateTime date = LocalDateTime.parse(t.substring(comma + 2), RFC_850);
        if (date.getYear() > LocalDateTime.now(ZoneOffset.UTC).getYear() + 50) {
          date = date.minusYears(100);
        }
        String weekday = date.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US);
        return weekday.equals(t.substring(0, comma)) ? date.toInstant(ZoneOffset.UTC) : null;
      } catch (DateTimeException notRfc850) {
        // try asctime
      }
    }
    try {
      return LocalDateTime.parse(t, ASCTIME).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException notAsctime) {
      return null;
    }
  }
}
