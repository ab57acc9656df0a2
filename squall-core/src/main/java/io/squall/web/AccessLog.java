package io.squall.web;

import io.squall.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link RequestLog#standard()}: Tornado's access log on the {@code io.squall.access} logger. Stateless; safe from any thread. */
final class AccessLog implements RequestLog {
  static final AccessLog INSTANCE = new AccessLog();
  private static final Logger ACCESS = LoggerFactory.getLogger("io.squall.access");

  private AccessLog() {}

  @Override
  public void log(RequestHandler h) {
    int status = h.getStatus();
    boolean enabled = status < HttpStatus.BAD_REQUEST ? ACCESS.isInfoEnabled()
        : status < HttpStatus.INTERNAL_SERVER_ERROR ? ACCESS.isWarnEnabled() : ACCESS.isErrorEnabled();
    if (!enabled) {
      return;
    }
    String line = RequestLog.line(status, h.request().method(), h.request().uri(), h.request().remoteIp(), h.requestTime());
    if (status < HttpStatus.BAD_REQUEST) {
      ACCESS.info(line);
    } else if (status < HttpStatus.INTERNAL_SERVER_ERROR) {
      ACCESS.warn(line);
    } else {
      ACCESS.error(line);
    }
  }
}
