package io.squall.http.internal;

import io.squall.http.Headers;
import io.squall.http.HttpExchange;
import io.squall.http.HttpStatus;
import io.squall.net.TcpConnection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The plain-text answers the HTTP server gives by itself: to a request it refuses before any
 * handler runs (written here, raw), and to a handler that failed (through its exchange).
 *
 * <p>Stateless; the connection is used on its loop.
 */
final class ErrorAnswers {
  private ErrorAnswers() {}

  static Headers plainHeaders() {
    return new Headers().set("Content-Type", "text/plain; charset=UTF-8");
  }

  /** {@code "413 Content Too Large: <message>\n"}, UTF-8. */
  static byte[] body(int status, String message) {
    return (status + " " + HttpStatus.reasonPhrase(status) + ": " + message + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** Writes a complete answer with {@code Connection: close}, then closes once it has left. */
  static void sendAndClose(TcpConnection connection, int status, String message) {
    Headers h = plainHeaders().set("Connection", "close");
    byte[] body = body(status, message);
    h.set("Content-Length", Integer.toString(body.length));
    StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(HttpStatus.reasonPhrase(status)).append("\r\n");
    h.set("Date", HttpDates.now()).set("Server", HttpExchange.SERVER_NAME);
    h.forEach((n, v) -> sb.append(n).append(": ").append(v).append("\r\n"));
    sb.append("\r\n");
    connection.write(ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.ISO_8859_1)), null);
    connection.write(ByteBuffer.wrap(body), null);
    connection.close();
  }
}
