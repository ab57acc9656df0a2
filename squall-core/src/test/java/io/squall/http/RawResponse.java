package io.squall.http;

import java.nio.charset.StandardCharsets;

/**
 * One response as it came over the wire: its head verbatim, the parsed status and headers, and the
 * body with any chunked framing removed.
 */
public record RawResponse(String head, String statusLine, int status, Headers headers, byte[] body) {
  static RawResponse parseHead(String head) {
    String[] lines = head.split("\r\n");
    String statusLine = lines[0];
    if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
      throw new IllegalArgumentException("Not an HTTP/1.1 status line: " + statusLine);
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    Headers headers = new Headers();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("Bad header line: " + lines[i]);
      }
      headers.add(lines[i].substring(0, colon), lines[i].substring(colon + 1).trim());
    }
    return new RawResponse(head, statusLine, status, headers, new byte[0]);
  }

  RawResponse withBody(byte[] bytes) {
    return new RawResponse(head, statusLine, status, headers, bytes);
  }

  public String header(String name) {
    return headers.get(name);
  }

  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return head + text();
  }
}
