package io.squall.http.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The {@code Date} header value, formatted at most once per second. Safe from any thread. */
public final class HttpDates {
  private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
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
}
