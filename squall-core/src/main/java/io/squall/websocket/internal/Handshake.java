package io.squall.websocket.internal;

import io.squall.http.Headers;
import io.squall.http.HttpException;
import io.squall.http.HttpRequest;
import io.squall.http.HttpStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * Server side of the opening handshake (RFC 6455 §4.2): validates the upgrade request in Tornado's
 * order and builds the 101 headers. Stateless; safe from any thread.
 */
public final class Handshake {
  public static final String BAD_UPGRADE = "Can \"Upgrade\" only to \"WebSocket\".";
  public static final String BAD_CONNECTION = "\"Connection\" must be \"Upgrade\".";
  public static final String BAD_ORIGIN = "Cross origin websockets not allowed";
  public static final String BAD_HEADERS = "Missing/Invalid WebSocket headers";
  public static final String BAD_VERSION = "A WebSocket opens over HTTP/1.1, not HTTP/1.0.";

  private Handshake() {}

  /**
   * RFC 6455 §4.2.1 items 1, 3 and 4: a GET over HTTP/1.1 (a server MUST ignore Upgrade in an
   * HTTP/1.0 request, RFC 9110 §7.8, so there it is a plain GET of a socket: 400), an Upgrade header naming
   * websocket, a Connection header with the upgrade token.
   */
  public static void checkUpgrade(HttpRequest request) {
    if (request.version().equals("HTTP/1.0")) {
      throw new HttpException(HttpStatus.BAD_REQUEST, BAD_VERSION);
    }
    if (!request.method().equals("GET")) {
      // HEAD reaches here as GET does (RequestHandler.head); only a GET may open a socket.
      throw new HttpException(HttpStatus.BAD_REQUEST, "A WebSocket opens with GET, not " + request.method() + ".");
    }
    if (!request.headers().containsToken("Upgrade", "websocket")) {
      throw new HttpException(HttpStatus.BAD_REQUEST, BAD_UPGRADE);
    }
    if (!request.headers().containsToken("Connection", "upgrade")) {
      throw new HttpException(HttpStatus.BAD_REQUEST, BAD_CONNECTION);
    }
  }

  /** RFC 6455 §4.2.1 items 5 and 6, and §4.4 for the version: 426 naming version 13. */
  public static String checkKeyAndVersion(HttpRequest request) {
    // One field with one value: "13" then "8" as two fields is no clearer than "13, 8".
    List<String> versions = request.headers().getAll("Sec-WebSocket-Version");
    String version = versions.size() == 1 ? versions.getFirst() : null;
    if (version == null || !version.trim().equals("13")) {
      throw new VersionException();
    }
    String key = request.header("Sec-WebSocket-Key");
    if (key == null || request.headers().getAll("Sec-WebSocket-Key").size() != 1
        || !WebSocketProtocol.isValidClientKey(key.trim()) || request.host().isEmpty()) {
      throw new HttpException(HttpStatus.BAD_REQUEST, BAD_HEADERS);
    }
    return key.trim();
  }

  /** The Origin header (or the pre-RFC Sec-WebSocket-Origin when Origin is absent), or null. */
  public static String origin(HttpRequest request) {
    String origin = request.header("Origin");
    return origin != null ? origin : request.header("Sec-WebSocket-Origin");
  }

  /** Offered subprotocols, from every Sec-WebSocket-Protocol header, comma-split and trimmed. */
  public static List<String> offeredSubprotocols(HttpRequest request) {
    List<String> out = new ArrayList<>();
    for (String v : request.headers().getAll("Sec-WebSocket-Protocol")) {
      for (String p : v.split(",")) {
        String t = p.trim();
        if (!t.isEmpty()) {
          out.add(t);
        }
      }
    }
    return out;
  }

  /**
   * Drops the handshake's own request fields once the 101 is decided: Connection, Upgrade and every
   * Sec-WebSocket-* field. They are answered by then (the results are the socket's subprotocol and
   * compression), and an open socket keeps its request for its whole life: the key alone, unique
   * to each socket, costs 64 bytes of heap, a browser's extension offer as much again.
   */
  public static void releaseHandshakeHeaders(HttpRequest request) {
    request.headers().removeIf(Handshake::isHandshakeOnly);
  }

  static boolean isHandshakeOnly(String name) {
    return name.regionMatches(true, 0, "Sec-WebSocket-", 0, 14) || name.equalsIgnoreCase("Connection")
        || name.equalsIgnoreCase("Upgrade");
  }

  /** Adds the 101 headers to those the handler set (cookies, custom headers). */
  public static Headers responseHeaders(Headers handlerHeaders, String key, String subprotocol) {
    handlerHeaders.remove("Content-Type").remove("Content-Length").remove("Transfer-Encoding");
    handlerHeaders.set("Upgrade", "websocket");
    handlerHeaders.set("Connection", "Upgrade");
    handlerHeaders.set("Sec-WebSocket-Accept", WebSocketProtocol.acceptKey(key));
    if (subprotocol != null) {
      handlerHeaders.set("Sec-WebSocket-Protocol", subprotocol);
    }
    return handlerHeaders;
  }

  /** 426 Upgrade Required with {@code Sec-WebSocket-Version: 13}. */
  public static final class VersionException extends HttpException {
    public VersionException() {
      super(HttpStatus.UPGRADE_REQUIRED, "Unsupported WebSocket version; this server speaks version 13.");
    }
  }
}
