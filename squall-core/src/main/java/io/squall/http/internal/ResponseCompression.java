package io.squall.http.internal;

import io.squall.http.Headers;
import io.squall.http.HttpStatus;
import java.util.Locale;
import java.util.Set;

/**
 * Which responses a server that compresses (Tornado's {@code compress_response}) sends gzip-encoded,
 * and the headers that says: a body of a textual type (Tornado's list, plus {@code +json} / {@code
 * +xml} types and WebAssembly), at least {@value #MIN_LENGTH} bytes when its length is known, not
 * already encoded, not a range, to a client whose {@code Accept-Encoding} takes gzip. Such a
 * response also says {@code Vary: Accept-Encoding} whatever the client asked, so a cache never hands
 * the gzip form to a client that cannot read it; its strong {@code ETag} becomes weak, as nginx
 * makes it, since the bytes are not the identity form's (so {@code If-None-Match} still matches it
 * and a range request never pairs a gzip validator with identity bytes).
 *
 * <p>Stateless; safe from any thread.
 */
public final class ResponseCompression {
  /** Below this, gzip's 18 bytes of framing and a deflate block save too little: Tornado's MIN_LENGTH. */
  public static final int MIN_LENGTH = 1024;
  private static final Set<String> TYPES = Set.of("application/javascript", "application/x-javascript",
      "application/ecmascript", "application/json", "application/xml", "application/atom+xml",
      "application/rss+xml", "application/xhtml+xml", "application/wasm", "image/svg+xml");

  private ResponseCompression() {}

  /**
   * Decides for one response with these {@code headers} and a body of {@code length} bytes (-1:
   * not known yet) and rewrites the headers to match; true when the body is to be gzip-encoded.
   */
  public static boolean decide(String acceptEncoding, int status, Headers headers, long length) {
    // RFC 9110 §15.4.5: a 304 carries the Vary its 200 would; it names no type to tell by.
    boolean notModified = status == HttpStatus.NOT_MODIFIED;
    if (!notModified && !varies(status, headers)) {
      return false;
    }
    if (!headers.containsToken("Vary", "Accept-Encoding") && !headers.containsToken("Vary", "*")) {
      headers.add("Vary", "Accept-Encoding");
    }
    if (notModified) {
      return false;
    }
    if (!accepts(acceptEncoding) || (length >= 0 && length < MIN_LENGTH)) {
      return false;
    }
    headers.set("Content-Encoding", "gzip");
    String etag = headers.get("ETag");
    if (etag != null && etag.startsWith("\"")) {
      headers.set("ETag", "W/" + etag);
    }
    return true;
  }

  /** Whether this response's body would be gzip-encoded for a client that takes gzip. */
  private static boolean varies(int status, Headers headers) {
    boolean hasBody = status >= 200 && status != HttpStatus.NO_CONTENT && status != HttpStatus.NOT_MODIFIED;
    // A 206's Content-Range counts identity bytes (RFC 9110 §14.4): its body stays as it is.
    return hasBody && status != HttpStatus.PARTIAL_CONTENT && !headers.contains("Content-Range")
        && !headers.contains("Content-Encoding") && compressibleType(headers.get("Content-Type"));
  }

  /** {@code text/*}, the listed types, and any {@code +json} / {@code +xml} type; parameters ignored. */
  static boolean compressibleType(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semi = contentType.indexOf(';');
    String type = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    return type.startsWith("text/") || TYPES.contains(type) || type.endsWith("+json") || type.endsWith("+xml");
  }

  /**
   * Whether {@code Accept-Encoding} (RFC 9110 §12.5.3) takes gzip: {@code gzip} or {@code x-gzip}
   * with a non-zero weight, or {@code *} with one when gzip is not named. No header: identity only,
   * as browsers always send one and Tornado, nginx and curl without --compressed read it so.
   */
  static boolean accepts(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    Boolean gzip = null;
    boolean any = false;
    for (String element : acceptEncoding.split(",")) {
      int semi = element.indexOf(';');
      String coding = (semi < 0 ? element : element.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
      boolean wanted = semi < 0 || weight(element.substring(semi + 1)) > 0;
      if (coding.equals("gzip") || coding.equals("x-gzip")) {
        gzip = gzip == Boolean.TRUE || wanted;
      } else if (coding.equals("*")) {
        any = wanted;
      }
    }
    return gzip != null ? gzip : any;
  }

  /** The {@code q} parameter of one element's parameters (1 when absent, 0 when malformed). */
  private static double weight(String params) {
    for (String param : params.split(";")) {
      String p = param.trim();
      if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
        String value = p.substring(2).trim();
        // RFC 9110 §12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
        if (!value.matches("0(\\.\\d{0,3})?|1(\\.0{0,3})?")) {
          return 0;
        }
        return Double.parseDouble(value);
      }
    }
    return 1;
  }
}
