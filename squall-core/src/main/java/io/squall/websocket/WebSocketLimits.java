package io.squall.websocket;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits that protect a server from one connection: how large a message may be, how many bytes
 * may wait to be sent and for how long, and how long a close handshake may take. Immutable, so safe from any thread.
 *
 * <p>Change one value with the {@code with...} methods: {@code
 * WebSocketLimits.defaults().withMaxMessageSize(64 * 1024)}.
 *
 * @param maxMessageSize largest incoming message in bytes, summed over its fragments (and, with
 *     compression, after inflation). Default {@value #DEFAULT_MAX_MESSAGE_SIZE} (10 MiB), Tornado's
 *     {@code websocket_max_message_size}: large enough for any chat or JSON payload, small enough
 *     that a peer cannot make the server buffer unbounded data. Past it the connection is closed
 *     with 1009 ({@link CloseCode#MESSAGE_TOO_BIG}) as soon as a frame header announces the excess,
 *     before the payload arrives. At most {@value #MAX_MESSAGE_SIZE_CEILING}, the largest Java array.
 * @param maxOutboundBytes largest number of bytes queued for sending on one connection. Default
 *     {@value #DEFAULT_MAX_OUTBOUND_BYTES} (16 MiB): a few large messages or many small ones can be in
 *     flight while a healthy peer catches up. Past it the peer is a slow consumer and the connection
 *     is closed with 1008 ({@link CloseCode#POLICY_VIOLATION}) "slow consumer" rather than let the
 *     queue grow without bound.
 * @param closeTimeout how long to wait for the peer's close frame after sending ours. Default 5 s,
 *     as Tornado: long enough for a round trip on a slow mobile link. Past it the TCP connection is
 *     closed without waiting further.
 * @param sendTimeout how long bytes may wait to be sent while the peer reads none of them. Default
 *     {@link #DEFAULT_SEND_TIMEOUT} (60 s, nginx's {@code send_timeout}). Past it the peer is taken
 *     for gone (a phone out of coverage, a tab frozen in the background: no FIN, no reset) and the
 *     connection is dropped, {@code onClose} running with no close code (1006), rather than hold
 *     its socket and up to {@code maxOutboundBytes} for as long as TCP keeps trying (Tornado waits
 *     forever). A peer that reads, however slowly, is never cut off; a socket with nothing to send
 *     is not concerned (keepalive pings find those). Zero: no limit.
 */
public record WebSocketLimits(long maxMessageSize, long maxOutboundBytes, Duration closeTimeout, Duration sendTimeout) {
  /** 10 MiB, as Tornado's {@code websocket_max_message_size}. */
  public static final long DEFAULT_MAX_MESSAGE_SIZE = 10L * 1024 * 1024;
  /** 16 MiB of queued outbound bytes per connection. */
  public static final long DEFAULT_MAX_OUTBOUND_BYTES = 16L * 1024 * 1024;
  /** 5 seconds, as Tornado's close handshake wait. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
  /** 60 seconds with bytes to send and none read, as nginx's {@code send_timeout}. */
  public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(60);
  /** A message is reassembled in one array, so it cannot exceed the largest array the JVM allows. */
  public static final long MAX_MESSAGE_SIZE_CEILING = Integer.MAX_VALUE - 8;

  private static final WebSocketLimits DEFAULTS =
      new WebSocketLimits(DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_MAX_OUTBOUND_BYTES, DEFAULT_CLOSE_TIMEOUT, DEFAULT_SEND_TIMEOUT);

  /**
   * @throws IllegalArgumentException when a size is not positive, the message size exceeds {@link
   *     #MAX_MESSAGE_SIZE_CEILING}, the close timeout is zero or negative, or the send timeout negative
   * @throws NullPointerException when a timeout is null
   */
  public WebSocketLimits {
    if (maxMessageSize <= 0) {
      throw new IllegalArgumentException("maxMessageSize must be positive, got " + maxMessageSize + ".");
    }
    if (maxMessageSize > MAX_MESSAGE_SIZE_CEILING) {
      throw new IllegalArgumentException("maxMessageSize " + maxMessageSize
          + " exceeds the largest array, " + MAX_MESSAGE_SIZE_CEILING + ".");
    }
    if (maxOutboundBytes <= 0) {
      throw new IllegalArgumentException(
          "maxOutboundBytes must be positive, got " + maxOutboundBytes + ".");
    }
    Objects.requireNonNull(closeTimeout, "closeTimeout");
    if (closeTimeout.isNegative() || closeTimeout.isZero()) {
      throw new IllegalArgumentException("closeTimeout must be positive, got " + closeTimeout + ".");
    }
    Objects.requireNonNull(sendTimeout, "sendTimeout");
    if (sendTimeout.isNegative()) {
      throw new IllegalArgumentException("sendTimeout must be zero (no limit) or positive, got " + sendTimeout + ".");
    }
  }

  /** The three limits of earlier versions, with the default send timeout. */
  public WebSocketLimits(long maxMessageSize, long maxOutboundBytes, Duration closeTimeout) {
    this(maxMessageSize, maxOutboundBytes, closeTimeout, DEFAULT_SEND_TIMEOUT);
  }

  /** 10 MiB messages, 16 MiB outbound, 5 s close timeout, 60 s send timeout. */
  public static WebSocketLimits defaults() {
    return DEFAULTS;
  }

  public WebSocketLimits withMaxMessageSize(long maxMessageSize) {
    if (maxMessageSize == this.maxMessageSize) {
      return this; // limits are read per connection: unchanged ones share one record
    }
    return new WebSocketLimits(maxMessageSize, maxOutboundBytes, closeTimeout, sendTimeout);
  }

  public WebSocketLimits withMaxOutboundBytes(long maxOutboundBytes) {
    if (maxOutboundBytes == this.maxOutboundBytes) {
      return this;
    }
    return new WebSocketLimits(maxMessageSize, maxOutboundBytes, closeTimeout, sendTimeout);
  }

  public WebSocketLimits withCloseTimeout(Duration closeTimeout) {
    if (this.closeTimeout.equals(closeTimeout)) {
      return this;
    }
    return new WebSocketLimits(maxMessageSize, maxOutboundBytes, closeTimeout, sendTimeout);
  }

  public WebSocketLimits withSendTimeout(Duration sendTimeout) {
    if (this.sendTimeout.equals(sendTimeout)) {
      return this;
    }
    return new WebSocketLimits(maxMessageSize, maxOutboundBytes, closeTimeout, sendTimeout);
  }
}
