package io.squall.websocket.deflate;

import io.squall.websocket.WebSocketCompression;
import java.util.List;
import java.util.Optional;

/**
 * Agreeing on permessage-deflate (RFC 7692 §5, §7.1), for the server (choosing among the offers)
 * and for the client (checking the server's answer).
 *
 * <p>Where Tornado answers a 500 to an offer it cannot use (a window of 8 bits, an unknown
 * parameter) and ignores valueless parameters, this declines just that offer and goes on to the
 * next: the connection then opens, compressed or not, as the RFC asks.
 *
 * <p>Thread rule: stateless; safe from any thread.
 */
public final class DeflateNegotiation {
  /** The JDK's {@code Deflater} always writes with a 32 KiB window (15 bits); it cannot promise a smaller one. */
  static final int JDK_WINDOW_BITS = 15;

  private DeflateNegotiation() {}

  /**
   * The server's answer to the client's offers: the first permessage-deflate offer it can honour,
   * or empty (no compression). Without context takeover in {@code config} the answer also states
   * {@code server_no_context_takeover} (RFC 7692 §7.1.1.1); {@code client_no_context_takeover} is
   * in it when the client offered it, and a client that keeps its context gets a socket's own
   * decompressor once it sends a compressed message.
   */
  public static Optional<DeflateParameters> accept(List<Extension> offers, WebSocketCompression config) {
    if (!config.enabled()) {
      return Optional.empty();
    }
    for (Extension e : offers) {
      if (!e.name().equals(DeflateParameters.NAME)) {
        continue;
      }
      DeflateParameters offer = DeflateParameters.of(e, true);
      if (offer == null || (offer.serverMaxWindowBits() != 0 && offer.serverMaxWindowBits() < JDK_WINDOW_BITS)) {
        continue; // RFC 7692 §7.1: decline this offer; a later one may do
      }
      boolean fresh = !config.contextTakeover();
      // client_no_context_takeover only when offered: RFC 7692 §7.1.1.2 lets a server ask for it
      // unoffered, but Tornado's client (6.2 to 6.5) reads only parameters with a value, never
      // sees it, keeps its context, and its second similar message would end in 1007.
      return Optional.of(new DeflateParameters(offer.serverNoContextTakeover() || fresh,
          offer.clientNoContextTakeover(), offer.serverMaxWindowBits(), 0));
    }
    return Optional.empty();
  }

  /** What the client offers: no window limit of its own (it could not honour one). */
  public static String offer(WebSocketCompression config) {
    boolean fresh = !config.contextTakeover();
    return new DeflateParameters(fresh, fresh, 0, 0).toHeader();
  }

  /**
   * Checks the server's {@code Sec-WebSocket-Extensions} answer to {@link #offer}: empty when the
   * server declined (no header), the agreed parameters otherwise.
   *
   * @throws IllegalArgumentException with the reason the client must fail the connection (RFC 7692 §7.1)
   */
  public static Optional<DeflateParameters> checkResponse(List<String> headerValues) {
    List<Extension> answered = Extension.parseAll(headerValues);
    if (answered.isEmpty()) {
      return Optional.empty();
    }
    if (answered.size() > 1 || !answered.get(0).name().equals(DeflateParameters.NAME)) {
      throw new IllegalArgumentException("Server selected extensions that were not offered: " + String.join(", ", headerValues));
    }
    DeflateParameters p = DeflateParameters.of(answered.get(0), false);
    if (p == null || p.clientMaxWindowBits() != 0) {
      throw new IllegalArgumentException("Invalid permessage-deflate response: " + String.join(", ", headerValues));
    }
    return Optional.of(p);
  }
}
