package io.squall.web;

import java.time.Duration;
import java.util.Locale;

/**
 * What the application does with each finished request (Tornado's {@code log_function} setting):
 * by default {@link #standard()}, one line on the {@code io.squall.access} logger. Set another
 * with {@link Settings#LOG_FUNCTION}, to count requests, send them to metrics, or keep quiet.
 *
 * <p>Called on the request's loop once its answer is finished (a streamed file: once its last
 * byte is written), or when its connection is upgraded (status 101); it must not block.
 */
@FunctionalInterface
public interface RequestLog {
  void log(RequestHandler handler);

  /**
   * Tornado's access log, one line per request on the {@code io.squall.access} logger: {@code 200
   * GET /path?q=1 (203.0.113.9) 1.25ms}, at INFO below 400, WARN for 4xx, ERROR for 5xx. The
   * address is the client's as {@code X-Real-IP} gives it from a trusted proxy.
   */
  static RequestLog standard() {
    return AccessLog.INSTANCE;
  }

  /** The line {@link #standard()} writes. */
  static String line(int status, String method, String uri, String remoteIp, Duration time) {
    return String.format(Locale.ROOT, "%d %s %s (%s) %.2fms", status, method, uri, remoteIp, time.toNanos() / 1e6);
  }
}
