package io.squall.websocket.internal;

import io.squall.http.Headers;
import io.squall.http.HttpStatus;
import io.squall.net.ConnectionHandler;
import io.squall.net.TcpConnection;
import io.squall.websocket.WebSocketConnectException;
import io.squall.websocket.deflate.DeflateNegotiation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Client side of the opening handshake (RFC 6455 §4.1): sends the upgrade request, reads the
 * response head and checks it, then hands the connection to the WebSocket session. Confined to
 * the connection's loop.
 */
public final class ClientHandshake implements ConnectionHandler {
  /** A response head larger than this is refused: no legitimate 101 comes near it. */
  static final int MAX_RESPONSE_HEAD = 64 * 1024;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What the handshake needs to know, and whom it tells. */
  public interface Listener {
    /** The 101 was valid; returns the session that takes over the connection. */
    WebSocketSession upgraded(String subprotocol, Headers responseHeaders);

    void failed(Throwable cause);
  }

  private final String requestHead;
  private final String expectedAccept;
  private final List<String> offered;
  /** The Sec-WebSocket-Extensions offered, or null for none. */
  private final String extensionsOffer;
  private final Listener listener;
  private final ByteArrayOutputStream head = new ByteArrayOutputStream(512);
  private boolean done;
  /** The last four bytes received, to spot the blank line that ends the head. */
  private int tail;

  /** {@code extensionsOffer}: the Sec-WebSocket-Extensions value to offer, or null for none. */
  public ClientHandshake(String hostHeader, String target, String origin, List<String> subprotocols,
      String extensionsOffer, Map<String, List<String>> extraHeaders, Listener listener) {
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    String key = Base64.getEncoder().encodeToString(nonce);
    this.expectedAccept = WebSocketProtocol.acceptKey(key);
    this.offered = subprotocols;
    this.extensionsOffer = extensionsOffer;
    this.listener = listener;
    StringBuilder sb = new StringBuilder(256)
        .append("GET ").append(target).append(" HTTP/1.1\r\n")
        .append("Host: ").append(hostHeader).append("\r\n")
        .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
        .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
        .append("Sec-WebSocket-Version: 13\r\n");
    if (origin != null) {
      sb.append("Origin: ").append(origin).append("\r\n");
    }
    if (!subprotocols.isEmpty()) {
      sb.append("Sec-WebSocket-Protocol: ").append(String.join(", ", subprotocols)).append("\r\n");
    }
    if (extensionsOffer != null) {
      sb.append("Sec-WebSocket-Extensions: ").append(extensionsOffer).append("\r\n");
    }
    Headers extra = new Headers(); // validates names and values: no header injection
    extraHeaders.forEach((name, values) -> values.forEach(v -> extra.add(name, v)));
    extra.forEach((n, v) -> sb.append(n).append(": ").append(v).append("\r\n"));
    this.requestHead = sb.append("\r\n").toString();
  }

  @Override
  public void onAttach(TcpConnection c) {
    c.write(ByteBuffer.wrap(requestHead.getBytes(StandardCharsets.ISO_8859_1)), null);
  }

  @Override
  public void onData(TcpConnection c, ByteBuffer in) {
    while (in.hasRemaining() && !done) {
      byte b = in.get();
      head.write(b);
      tail = (tail << 8) | (b & 0xff);
      int n = head.size();
      // The empty line after the fields: CRLF or a bare LF after a line ended by CRLF or bare LF
      // (RFC 9112 §2.2 lets a recipient take a bare LF as a line end): LF LF, LF CR LF, CRLF CRLF.
      if ((tail & 0xffff) == 0x0a0a || (tail & 0xffffff) == 0x0a0d0a) {
        done = true;
        finish(c, in);
        return;
      }
      if (n > MAX_RESPONSE_HEAD) {
        fail(c, new WebSocketConnectException(-1, "Handshake response head exceeds " + MAX_RESPONSE_HEAD + " bytes."));
        return;
      }
    }
  }

  private void finish(TcpConnection c, ByteBuffer rest) {
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r?\n");
    String[] status = lines[0].split(" ", 3);
    int code;
    try {
      // RFC 9112 §4: status-code = 3DIGIT ("+101" is no status); a 101 exists from HTTP/1.1 on
      boolean threeDigits = status.length >= 2 && status[1].length() == 3 && status[1].chars().allMatch(ch -> ch >= '0' && ch <= '9');
      code = threeDigits && status[0].matches("HTTP/1\\.\\d") ? Integer.parseInt(status[1]) : -1;
    } catch (NumberFormatException e) {
      code = -1;
    }
    if (code < 0) {
      fail(c, new WebSocketConnectException(-1, "Not an HTTP response: '" + lines[0] + "'."));
      return;
    }
    if (code == HttpStatus.SWITCHING_PROTOCOLS && status[0].equals("HTTP/1.0")) {
      fail(c, new WebSocketConnectException(code, "Handshake answered 101 in HTTP/1.0, which has no protocol switch (RFC 9110 §15.2.2)."));
      return;
    }
    Headers headers = new Headers();
    String malformed = parseFields(lines, headers);
    if (code != HttpStatus.SWITCHING_PROTOCOLS) {
      fail(c, new WebSocketConnectException(code, refusal(lines[0].substring(9).trim(), code, headers)));
      return;
    }
    if (malformed != null) {
      fail(c, new WebSocketConnectException(code, malformed));
      return;
    }
    String problem = check(headers);
    if (problem != null) {
      fail(c, new WebSocketConnectException(code, problem));
      return;
    }
    WebSocketSession session = listener.upgraded(headers.get("Sec-WebSocket-Protocol"), headers);
    c.setHandler(session);
    if (rest.hasRemaining() && c.isOpen()) {
      session.onData(c, rest);
    }
  }

  /**
   * Adds the head's field lines to {@code headers}; returns why one is malformed, or null. A line
   * without a colon, or a folded one (obs-fold, RFC 9112 §5.2, which a client may refuse), is no
   * field the client can read: skipping it would hide, say, a Sec-WebSocket-Protocol it then never
   * checks.
   */
  private static String parseFields(String[] lines, Headers headers) {
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      int colon = line.indexOf(':');
      if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
        return "Malformed handshake header line: '" + line + "'.";
      }
      try {
        headers.add(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
      } catch (IllegalArgumentException e) {
        return "Malformed handshake header: " + e.getMessage();
      }
    }
    return null;
  }

  /**
   * Why a status other than 101 fails the handshake; a redirect names its target. The client does
   * not follow it: browsers fail a WebSocket on a redirect (WHATWG Fetch, "establish a WebSocket
   * connection"), and so does Tornado's websocket_connect (it sets follow_redirects=False), since
   * a redirect may hand the credentials in the request to another host.
   */
  private static String refusal(String status, int code, Headers headers) {
    String location = code / 100 == 3 ? headers.get("Location") : null;
    return "Expected 101 Switching Protocols, got " + status
        + (location == null ? "." : ", redirecting to '" + location + "' (WebSocket clients follow no redirects).");
  }

  /**
   * RFC 6455 §4.1, the client's checks of the 101; null when it is acceptable. Upgrade,
   * Sec-WebSocket-Accept and Sec-WebSocket-Protocol each carry one value: a second field (or a
   * list, which is what repeated fields mean, RFC 9110 §5.3) is not the answer the client asked
   * for, so it fails like a wrong value.
   */
  private String check(Headers h) {
    List<String> upgrade = h.getAll("Upgrade");
    if (upgrade.size() != 1 || !upgrade.getFirst().trim().equalsIgnoreCase("websocket")) {
      return "Handshake response lacks 'Upgrade: websocket' (got " + upgrade + ").";
    }
    if (!h.containsToken("Connection", "upgrade")) {
      return "Handshake response lacks 'Connection: Upgrade'.";
    }
    for (String single : new String[] {"Sec-WebSocket-Accept", "Sec-WebSocket-Protocol"}) {
      if (h.getAll(single).size() > 1) {
        return "Handshake response repeats " + single + ": " + h.getAll(single) + ".";
      }
    }
    String accept = h.get("Sec-WebSocket-Accept");
    if (accept == null || !accept.trim().equals(expectedAccept)) {
      return "Sec-WebSocket-Accept is '" + accept + "', expected '" + expectedAccept + "'.";
    }
    String protocol = h.get("Sec-WebSocket-Protocol");
    if (protocol != null && !offered.contains(protocol.trim())) {
      return "Server selected subprotocol '" + protocol + "', which was not offered " + offered + ".";
    }
    if (h.contains("Sec-WebSocket-Extensions")) {
      if (extensionsOffer == null) {
        return "Server selected extensions '" + h.get("Sec-WebSocket-Extensions") + "', none were offered.";
      }
      try {
        DeflateNegotiation.checkResponse(h.getAll("Sec-WebSocket-Extensions")); // RFC 7692 §7.1
      } catch (IllegalArgumentException e) {
        return e.getMessage();
      }
    }
    return null;
  }

  private void fail(TcpConnection c, IOException e) {
    done = true;
    listener.failed(e);
    c.abort(e);
  }

  @Override
  public void onClosed(TcpConnection c, Throwable cause) {
    if (!done) {
      done = true;
      listener.failed(cause != null ? cause : new WebSocketConnectException(-1, "Connection closed during the handshake."));
    }
  }
}
