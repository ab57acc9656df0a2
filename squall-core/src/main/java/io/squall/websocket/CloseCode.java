package io.squall.websocket;

/**
 * A WebSocket close status code with its default reason (RFC 6455 §7.4 and the IANA "WebSocket
 * Close Code Number Registry").
 *
 * <p>The well-known codes are constants; {@link #of} returns them for their numbers and a new value
 * for any other code, such as the application codes 3000–4999. Two values with the same number are
 * equal. Immutable, so safe from any thread.
 */
public final class CloseCode {
  /** 1000: the purpose of the connection has been fulfilled. */
  public static final CloseCode NORMAL = new CloseCode(1000, "Normal closure");
  /** 1001: the endpoint is going away (server shutting down, browser leaving the page). */
  public static final CloseCode GOING_AWAY = new CloseCode(1001, "Going away");
  /** 1002: the peer broke the protocol; sent by the codec for every framing error. */
  public static final CloseCode PROTOCOL_ERROR = new CloseCode(1002, "Protocol error");
  /** 1003: a data type the endpoint cannot accept (e.g. binary to a text-only handler). */
  public static final CloseCode UNSUPPORTED_DATA = new CloseCode(1003, "Unsupported data");
  /** 1005: reported when a close frame carried no code. Never sent on the wire. */
  public static final CloseCode NO_STATUS = new CloseCode(1005, "No status received");
  /** 1006: reported when the connection ended without a close frame. Never sent on the wire. */
  public static final CloseCode ABNORMAL = new CloseCode(1006, "Abnormal closure");
  /** 1007: message data inconsistent with its type, such as invalid UTF-8 in a text message. */
  public static final CloseCode INVALID_PAYLOAD = new CloseCode(1007, "Invalid payload data");
  /** 1008: a message violates the endpoint's policy; also used to drop a slow consumer. */
  public static final CloseCode POLICY_VIOLATION = new CloseCode(1008, "Policy violation");
  /** 1009: a message is larger than the endpoint accepts (see {@link WebSocketLimits}). */
  public static final CloseCode MESSAGE_TOO_BIG = new CloseCode(1009, "Message too big");
  /** 1010: sent by a client when the server did not negotiate an extension it requires. */
  public static final CloseCode MANDATORY_EXTENSION = new CloseCode(1010, "Mandatory extension");
  /** 1011: the server met an unexpected condition (an exception in a handler). */
  public static final CloseCode INTERNAL_ERROR = new CloseCode(1011, "Internal error");
  /** 1012: the service is restarting; the client may reconnect. */
  public static final CloseCode SERVICE_RESTART = new CloseCode(1012, "Service restart");
  /** 1013: temporary overload; the client should reconnect later. */
  public static final CloseCode TRY_AGAIN_LATER = new CloseCode(1013, "Try again later");
  /** 1014: a gateway or proxy received an invalid response from the upstream server. */
  public static final CloseCode BAD_GATEWAY = new CloseCode(1014, "Bad gateway");

  /** The constants for 1000..1014, indexed by {@code code - 1000}; null for unassigned numbers. */
  private static final CloseCode[] KNOWN = new CloseCode[15];

  static {
    for (CloseCode c : new CloseCode[] {NORMAL, GOING_AWAY, PROTOCOL_ERROR, UNSUPPORTED_DATA,
        NO_STATUS, ABNORMAL, INVALID_PAYLOAD, POLICY_VIOLATION, MESSAGE_TOO_BIG,
        MANDATORY_EXTENSION, INTERNAL_ERROR, SERVICE_RESTART, TRY_AGAIN_LATER, BAD_GATEWAY}) {
      KNOWN[c.code - 1000] = c;
    }
  }

  private final int code;
  private final String defaultReason;

  private CloseCode(int code, String defaultReason) {
    this.code = code;
    this.defaultReason = defaultReason;
  }

  /**
   * The constant for a well-known code, or a new value with an empty default reason for any other
   * code in 1000–4999 (the ranges RFC 6455 §7.4.2 defines).
   *
   * @throws IllegalArgumentException for a code below 1000 or above 4999
   */
  public static CloseCode of(int code) {
    if (code < 1000 || code > 4999) {
      throw new IllegalArgumentException("Close code " + code + " is outside 1000-4999.");
    }
    CloseCode known = code < 1000 + KNOWN.length ? KNOWN[code - 1000] : null;
    return known != null ? known : new CloseCode(code, "");
  }

  /**
   * Whether an endpoint may send this code in a close frame, and so whether a received one is
   * legal. Valid: 1000–1003, 1007–1014 (IANA registry) and 3000–4999 (libraries, frameworks and
   * applications). Invalid: below 1000 (unused), 1004 (reserved), 1005, 1006 and 1015 (reserved
   * for reporting, never sent), 1016–2999 (reserved for future RFCs) and 5000 and above (undefined).
   */
  public static boolean isValidOnWire(int code) {
    // RFC 6455 §7.4.1, §7.4.2: 1005, 1006 and 1015 MUST NOT be set as a status code in a close frame
    return (code >= 1000 && code <= 1003)
        || (code >= 1007 && code <= 1014)
        || (code >= 3000 && code <= 4999);
  }

  /** The numeric status code. */
  public int code() {
    return code;
  }

  /** A short English reason for the well-known codes ("Message too big"); empty for others. */
  public String defaultReason() {
    return defaultReason;
  }

  /** Whether this code may be sent in a close frame ({@link #isValidOnWire(int)}). */
  public boolean isValidOnWire() {
    return isValidOnWire(code);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CloseCode other && other.code == code;
  }

  @Override
  public int hashCode() {
    return code;
  }

  /** "1009 Message too big", or just the number when there is no default reason. */
  @Override
  public String toString() {
    return defaultReason.isEmpty() ? Integer.toString(code) : code + " " + defaultReason;
  }
}
