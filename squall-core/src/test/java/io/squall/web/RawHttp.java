package io.squall.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * Sends exactly the request bytes it is given over a fresh socket and returns every byte that
 * comes back until the server closes, for what a real client would normalise away ({@code ../}
 * in a path) or hide (chunk framing, a HEAD body, an aborted response).
 */
final class RawHttp {
  private static final int TIMEOUT_MILLIS = 5_000;
  private static final int MAX_BYTES = 1 << 20;

  private RawHttp() {}

  /** A {@code Connection: close} request for {@code target}; returns the whole answer (ISO-8859-1). */
  static String request(Application app, String method, String target) throws IOException {
    return exchange(app, method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  }

  /** Writes {@code request} as ISO-8859-1 and reads until end of stream, a reset, or 1 MiB. */
  static String exchange(Application app, String request) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", app.port()), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n; received.size() < MAX_BYTES && (n = in.read(buffer)) >= 0; ) {
          received.write(buffer, 0, n);
        }
      } catch (SocketException reset) {
        // An aborted response ends in a reset: what arrived before it is the answer.
      }
      return received.toString(StandardCharsets.ISO_8859_1);
    }
  }

  /** The status line and headers of a raw answer, without the blank line. */
  static String head(String response) {
    int end = response.indexOf("\r\n\r\n");
    return end < 0 ? response : response.substring(0, end);
  }

  /** Everything after the blank line that ends the head. */
  static String body(String response) {
    int end = response.indexOf("\r\n\r\n");
    return end < 0 ? "" : response.substring(end + 4);
  }
}
