package io.squall.http.internal;

import io.squall.http.Headers;
import io.squall.http.HttpException;
import io.squall.http.HttpStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * A request body sent gzip-encoded, decoded before its handler sees it (Tornado's {@code
 * decompress_request}): the decoded body must fit the same {@code maxBodyBytes} as any body, so a
 * small bomb cannot unfold into the heap; {@code Content-Encoding} goes, {@code
 * X-Consumed-Content-Encoding: gzip} says it was there, and a {@code Content-Length} gives the
 * decoded length. Other codings, or several, pass through as sent (Tornado too). A body taken as a
 * stream is not decoded.
 *
 * <p>Stateless; safe from any thread.
 */
public final class RequestDecoding {
  private RequestDecoding() {}

  /**
   * {@code body} decoded if {@code headers} say gzip, the headers rewritten to match; else {@code body}.
   *
   * @throws HttpException 400 for a body that is not gzip, 413 for one past {@code maxBodyBytes} once decoded
   */
  public static byte[] gunzip(Headers headers, byte[] body, long maxBodyBytes) {
    String coding = headers.get("Content-Encoding");
    if (coding == null || headers.getAll("Content-Encoding").size() > 1) {
      return body;
    }
    String c = coding.trim().toLowerCase(Locale.ROOT);
    if (!c.equals("gzip") && !c.equals("x-gzip")) {
      return body;
    }
    byte[] decoded = inflate(body, maxBodyBytes);
    headers.remove("Content-Encoding").set("X-Consumed-Content-Encoding", "gzip");
    if (headers.contains("Content-Length")) {
      headers.set("Content-Length", Integer.toString(decoded.length));
    }
    return decoded;
  }

  private static byte[] inflate(byte[] body, long maxBodyBytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(256, body.length * 4));
    byte[] buffer = new byte[16 * 1024];
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body), buffer.length)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        if (out.size() + (long) n > maxBodyBytes) {
          throw new HttpException(HttpStatus.PAYLOAD_TOO_LARGE,
              "Request body exceeds maxBodyBytes " + maxBodyBytes + " once decompressed.");
        }
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new HttpException(HttpStatus.BAD_REQUEST, "Malformed gzip request body: " + e.getMessage() + ".");
    }
    return out.toByteArray();
  }
}
