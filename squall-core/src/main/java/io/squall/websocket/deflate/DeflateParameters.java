package io.squall.websocket.deflate;

import java.util.HashSet;
import java.util.Set;

/**
 * The parameters of one permessage-deflate offer or response (RFC 7692 §7.1).
 *
 * @param serverMaxWindowBits 8..15, or 0 when absent
 * @param clientMaxWindowBits 8..15; {@link #WITHOUT_VALUE} when an offer names it without a value;
 *     0 when absent
 */
public record DeflateParameters(
    boolean serverNoContextTakeover, boolean clientNoContextTakeover, int serverMaxWindowBits, int clientMaxWindowBits) {
  public static final String NAME = "permessage-deflate";
  public static final int WITHOUT_VALUE = -1;

  /**
   * The parameters of a permessage-deflate element, or null when RFC 7692 §7.1 says to decline it
   * (an offer) or fail the connection (a response): an unknown parameter, one given twice, or a
   * value that is missing or out of range.
   */
  public static DeflateParameters of(Extension e, boolean offer) {
    Set<String> seen = new HashSet<>();
    boolean serverReset = false;
    boolean clientReset = false;
    int serverBits = 0;
    int clientBits = 0;
    for (Extension.Param p : e.params()) {
      if (!seen.add(p.name())) {
        return null;
      }
      switch (p.name()) {
        case "server_no_context_takeover" -> {
          if (p.value() != null) {
            return null;
          }
          serverReset = true;
        }
        case "client_no_context_takeover" -> {
          if (p.value() != null) {
            return null;
          }
          clientReset = true;
        }
        case "server_max_window_bits" -> {
          serverBits = windowBits(p.value());
          if (serverBits == 0) {
            return null;
          }
        }
        case "client_max_window_bits" -> {
          clientBits = p.value() == null && offer ? WITHOUT_VALUE : windowBits(p.value());
          if (clientBits == 0) {
            return null;
          }
        }
        default -> {
          return null;
        }
      }
    }
    return new DeflateParameters(serverReset, clientReset, serverBits, clientBits);
  }

  /** 8..15 written without leading zeros (RFC 7692 §7.1.2.1), else 0. */
  private static int windowBits(String value) {
    if (value == null || !value.matches("[1-9][0-9]?")) {
      return 0;
    }
    int bits = Integer.parseInt(value);
    return bits >= 8 && bits <= 15 ? bits : 0;
  }

  /** The header value that states these parameters. */
  public String toHeader() {
    StringBuilder b = new StringBuilder(NAME);
    if (serverNoContextTakeover) {
      b.append("; server_no_context_takeover");
    }
    if (clientNoContextTakeover) {
      b.append("; client_no_context_takeover");
    }
    if (serverMaxWindowBits > 0) {
      b.append("; server_max_window_bits=").append(serverMaxWindowBits);
    }
    if (clientMaxWindowBits == WITHOUT_VALUE) {
      b.append("; client_max_window_bits");
    } else if (clientMaxWindowBits > 0) {
      b.append("; client_max_window_bits=").append(clientMaxWindowBits);
    }
    return b.toString();
  }
}
