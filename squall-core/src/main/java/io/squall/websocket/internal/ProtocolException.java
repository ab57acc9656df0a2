package io.squall.websocket.internal;

import io.squall.websocket.CloseCode;
import java.util.Objects;

/**
 * A violation of the WebSocket protocol by the peer, with the close code to answer it with: the one
 * funnel for protocol errors. The connection catches it, sends a close frame with {@link
 * #closeCode()} and {@link #getMessage()} as the reason, then closes TCP; it never drops the
 * connection silently. Messages are short and exact, with the value and the limit: "Control frames
 * must be final.", "Message of 10485761 bytes exceeds maxMessageSize 10485760."
 *
 * <p>Unchecked, so that it can cross {@link FrameCallback} methods and a future inflater without
 * widening their signatures; {@link FrameReader#read} still declares it.
 */
public final class ProtocolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient CloseCode closeCode;

  public ProtocolException(CloseCode closeCode, String message) {
    super(Objects.requireNonNull(message, "message"));
    this.closeCode = Objects.requireNonNull(closeCode, "closeCode");
  }

  /** The code to send in the close frame: 1002, 1007, 1009, ... */
  public CloseCode closeCode() {
    return closeCode;
  }

  @Override
  public String toString() {
    return "ProtocolException(" + closeCode.code() + "): " + getMessage();
  }
}
