package io.squall.http;

import io.squall.http.internal.HttpChars;
import io.squall.http.internal.RequestTargets;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One parsed HTTP request: request line, headers, body, the peer, and the client address and
 * scheme as seen through trusted proxies. The body is the whole body, buffered, unless its handler
 * took it as a stream ({@link #isBodyStreamed()}).
 *
 * <p>Immutable once built, except for lazily decoded views; confined to its connection's loop
 * (safe to read from a handler's own thread once handed over).
 */
public final class HttpRequest {
  private static final byte[] EMPTY_BODY = new byte[0];
  private final String method;
  private final String uri;
  private final String version;
  private final Headers headers;
  /** The buffered body; null when the handler takes it as a stream. */
  private final byte[] body;
  private final InetSocketAddress peer;
  private final String remoteIp;
  private final String scheme;
  /**
   * Arguments and cookies, decoded when first asked for; one field for the three, since a kept
   * request (an open WebSocket's) usually never asks.
   */
  private Decoded decoded;

  private static final class Decoded {
    Map<String, List<String>> queryArguments;
    Map<String, List<String>> bodyArguments;
    Map<String, List<UploadedFile>> files;
    Map<String, String> cookies;
  }

  private Decoded decoded() {
    Decoded d = decoded;
    if (d == null) {
      decoded = d = new Decoded();
    }
    return d;
  }

  /** A request with {@code body} buffered, or, when {@code body} is null, streamed to its handler. */
  public HttpRequest(
      String method, String uri, String version, Headers headers, byte[] body,
      InetSocketAddress peer, String remoteIp, String scheme) {
    this.method = method; // the parser passes shared constants: one "GET" for every request kept alive
    this.uri = uri;
    this.version = version;
    this.headers = headers;
    headers.trimToSize();
    this.body = body;
    this.peer = peer;
    this.remoteIp = remoteIp;
    this.scheme = scheme;
  }

  /** RFC 9112 §3.2.2: a server accepts the absolute form ({@code http://host/p?q}); routes see {@code /p?q}. */
  static String originForm(String target) {
    return RequestTargets.originForm(target);
  }

  public String method() {
    return method;
  }

  /** The request target as sent, path and query. */
  public String uri() {
    return uri;
  }

  /**
   * The path part of the target, still percent-encoded. Cut from the target when asked (the usual
   * target, without a query, is returned as is): a kept request holds no copy of its parts.
   */
  public String path() {
    String origin = originForm(uri);
    int q = origin.indexOf('?');
    return q < 0 ? origin : origin.substring(0, q);
  }

  /** The raw query string, without '?', or "". */
  public String query() {
    String origin = originForm(uri);
    int q = origin.indexOf('?');
    return q < 0 ? "" : origin.substring(q + 1);
  }

  public String version() {
    return version;
  }

  public Headers headers() {
    return headers;
  }

  public String header(String name) {
    return headers.get(name);
  }

  /** The body, empty when there is none or when it is streamed to the handler ({@link #isBodyStreamed()}). */
  public byte[] body() {
    return body == null ? EMPTY_BODY : body;
  }

  /**
   * Whether the body goes to the handler as it arrives ({@link HttpHandler#streamsBody}) instead of
   * being in {@link #body()}: {@link #bodyArguments()} and {@link #files()} are then empty.
   */
  public boolean isBodyStreamed() {
    return body == null;
  }

  /** The TCP peer: the proxy when behind one. */
  public InetSocketAddress peerAddress() {
    return peer;
  }

  /** The client's address: the peer's, or the one a trusted proxy reported. */
  public String remoteIp() {
    return remoteIp;
  }

  /** "http" or "https": the connection's, or the one a trusted proxy reported. */
  public String protocol() {
    return scheme;
  }

  /**
   * The host the request is for, with its port if one was sent: the authority of an absolute-form
   * target (RFC 9112 §3.2.2: the Host header is then ignored), else the Host header, else "" (an
   * HTTP/1.0 request without one).
   */
  public String host() {
    String authority = RequestTargets.authority(uri);
    if (authority != null) {
      return authority;
    }
    String h = headers.get("Host");
    return h == null ? "" : h;
  }

  /** Query arguments, decoded, in order; values of repeated names are kept in order. */
  public Map<String, List<String>> queryArguments() {
    Decoded d = decoded();
    if (d.queryArguments == null) {
      d.queryArguments = parseForm(query());
    }
    return d.queryArguments;
  }

  /** Arguments from an {@code application/x-www-form-urlencoded} or {@code multipart/form-data} body (its fields, not its files); empty for other bodies. */
  public Map<String, List<String>> bodyArguments() {
    Decoded d = decoded();
    if (d.bodyArguments == null) {
      decodeBody(d);
    }
    return d.bodyArguments;
  }

  /**
   * Files of a {@code multipart/form-data} body by form field, in order (Tornado's
   * {@code request.files}); empty for any other body. A malformed multipart body is a 400.
   */
  public Map<String, List<UploadedFile>> files() {
    Decoded d = decoded();
    if (d.bodyArguments == null) {
      decodeBody(d);
    }
    return d.files;
  }

  private void decodeBody(Decoded d) {
    String type = headers.get("Content-Type");
    String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
    d.files = Map.of();
    if (body == null) {
      d.bodyArguments = Map.of();
    } else if (lower.startsWith("application/x-www-form-urlencoded")) {
      String text = HttpChars.utf8OrNull(body, body.length);
      if (text == null) {
        throw new HttpException(HttpStatus.BAD_REQUEST, "Form body is not UTF-8.");
      }
      d.bodyArguments = parseForm(text);
    } else if (lower.startsWith("multipart/form-data")) {
      MultipartForm.Parsed parsed = MultipartForm.parse(body, type);
      d.files = parsed.files();
      d.bodyArguments = parsed.fields();
    } else {
      d.bodyArguments = Map.of();
    }
  }

  /** Cookies from every Cookie header; the first value wins for a repeated name. */
  public Map<String, String> cookies() {
    Decoded d = decoded();
    if (d.cookies == null) {
      Map<String, String> m = new LinkedHashMap<>();
      for (String header : headers.getAll("Cookie")) {
        for (String pair : header.split(";")) {
          int eq = pair.indexOf('=');
          if (eq <= 0) {
            continue;
          }
          String name = pair.substring(0, eq).trim();
          String value = pair.substring(eq + 1).trim();
          if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
          }
          m.putIfAbsent(name, value);
        }
      }
      d.cookies = Collections.unmodifiableMap(m);
    }
    return d.cookies;
  }

  /** Parses {@code a=1&b=2&a=3}; malformed percent escapes are an error of the client (400). */
  static Map<String, List<String>> parseForm(String s) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    if (s.isEmpty()) {
      return m;
    }
    for (String pair : s.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      m.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
    }
    m.replaceAll((k, v) -> List.copyOf(v));
    return Collections.unmodifiableMap(m);
  }

  /**
   * One form-urlencoded component: '+' is a space and %XX a byte, and the bytes must be UTF-8.
   * A bad escape or bytes that are not UTF-8 are the client's error (400), as Tornado's "Invalid
   * unicode" is; U+FFFD in their place would let {@code %ff} and {@code %fe} read as one value.
   */
  private static String decode(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s;
    }
    byte[] bytes = HttpChars.percentDecode(s, true);
    if (bytes == null) {
      throw new HttpException(HttpStatus.BAD_REQUEST, "Malformed percent-encoding in '" + s + "'.");
    }
    String text = HttpChars.utf8OrNull(bytes, bytes.length);
    if (text == null) {
      throw new HttpException(HttpStatus.BAD_REQUEST, "Invalid UTF-8 in '" + s + "'.");
    }
    return text;
  }

  @Override
  public String toString() {
    return method + " " + uri + " (" + remoteIp + ")";
  }
}
