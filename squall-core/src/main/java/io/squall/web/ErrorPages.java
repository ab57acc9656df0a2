package io.squall.web;

import io.squall.http.Headers;
import io.squall.http.HttpStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Set;

/** Tornado-style minimal HTML error pages; the message and trace are escaped as element text (<, >, &). */
final class ErrorPages {
  /** Headers an error response keeps from before the error (lower case): the ones that describe the error itself, and cookies. */
  private static final Set<String> ERROR_HEADERS = Set.of(
      "allow", "content-range", "www-authenticate", "retry-after", "sec-websocket-version", "set-cookie", "connection");

  private ErrorPages() {}

  /**
   * As Tornado's clear() in send_error: the headers set for the failed answer (caching, Location,
   * ETag, Content-Disposition...) must not dress the error page; what an error says about itself
   * (Allow, Content-Range of a 416, WWW-Authenticate...) and cookies stay.
   */
  static void clearHeaders(Headers headers) {
    headers.removeIf(name -> !ERROR_HEADERS.contains(name.toLowerCase(Locale.ROOT)));
  }

  static void write(ResponseContext h, int status, String message, Throwable trace) {
    String reason = HttpStatus.reasonPhrase(status);
    StringBuilder sb = new StringBuilder(256)
        .append("<html><title>").append(status).append(": ").append(reason).append("</title><body>")
        .append(status).append(": ").append(reason);
    if (message != null && !message.isEmpty() && !message.equals(reason)) {
      sb.append("<p>").append(escape(message)).append("</p>");
    }
    if (trace != null) {
      StringWriter sw = new StringWriter();
      trace.printStackTrace(new PrintWriter(sw));
      sb.append("<pre>").append(escape(sw.toString())).append("</pre>");
    }
    sb.append("</body></html>");
    h.setHeader("Content-Type", "text/html; charset=UTF-8");
    h.write(sb.toString());
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
