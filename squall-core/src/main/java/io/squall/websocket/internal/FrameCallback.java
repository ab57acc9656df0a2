package io.squall.websocket.internal;

import java.nio.ByteBuffer;

/**
 * What a {@link FrameReader} reports: whole messages and control frames, already unmasked and
 * checked. A payload is the buffer's bytes from position to limit, and is valid only during the
 * call: it may be a window on the event loop's shared read buffer. Read it or copy it; do not keep
 * it or change its limit (moving its position is fine). A method may throw {@link
 * ProtocolException} (say, 1003 for a message type the handler refuses): it propagates out of
 * {@link FrameReader#read}, which then ignores all further input.
 *
 * <p>Thread rule: called on the connection's loop, from inside {@link FrameReader#read}.
 */
public interface FrameCallback {
  /**
   * A complete data message: reassembled from its fragments, unmasked, within maxMessageSize, and
   * for text valid UTF-8 (unless compressed: see {@link FrameReader#messageCompressed()}).
   *
   * @return true to go on reading; false to make the reader stop right after this message, leaving
   *     the rest of its input unconsumed (the handler is busy with an asynchronous message)
   */
  boolean onMessage(boolean text, ByteBuffer payload);

  /** A ping; the connection answers it with a pong carrying the same payload (RFC 6455 §5.5.2). */
  void onPingFrame(ByteBuffer payload);

  /** A pong, solicited or not (RFC 6455 §5.5.3). */
  void onPongFrame(ByteBuffer payload);

  /**
   * The peer's close frame. The code is valid on the wire, or 1005 ({@code NO_STATUS}) when the
   * frame had no payload, and the reason is then empty. The reader ignores all input after it.
   */
  void onCloseFrame(int code, String reason);
}
