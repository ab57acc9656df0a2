package io.squall.websocket.internal;

import static io.squall.websocket.internal.FrameHeader.protocolError;
import static io.squall.websocket.internal.WebSocketProtocol.OPCODE_CLOSE;
import static io.squall.websocket.internal.WebSocketProtocol.OPCODE_CONTINUATION;
import static io.squall.websocket.internal.WebSocketProtocol.OPCODE_PING;
import static io.squall.websocket.internal.WebSocketProtocol.OPCODE_PONG;
import static io.squall.websocket.internal.WebSocketProtocol.OPCODE_TEXT;

import io.squall.websocket.CloseCode;
import io.squall.websocket.WebSocketLimits;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Turns bytes from the wire into {@link FrameCallback} calls: a resumable state machine for the
 * framing of RFC 6455 §5 with the UTF-8 and close-code rules of §7 and §8.
 *
 * <p>{@link #read} consumes what it can of each buffer the socket fills. Between calls it keeps its
 * state, a partial header (at most 14 bytes) and the payload of an unfinished message or control
 * frame, never a reference to the buffer: that is the loop's shared read buffer. A whole message
 * found in one buffer is unmasked in place and handed over as a window on it, with no copy.
 *
 * <p>Every violation throws {@link ProtocolException} with the close code to send (1002, 1007 or
 * 1009), as early as the bytes allow: a header when its first two bytes arrive (see {@link
 * FrameHeader}), a message size when the length does, UTF-8 byte by byte, across fragments. The
 * reader then ignores all input, as it does after a close frame.
 *
 * <p>Thread rule: confined to its connection's loop.
 */
public final class FrameReader {
  private static final int READ_HEADER = 0;
  private static final int READ_PAYLOAD = 1;
  /** After a close frame or a protocol error: input is ignored. */
  private static final int DONE = 2;

  private final FrameCallback callback;
  private final boolean expectMasked;
  private final long maxMessageSize;

  // Everything below is touched only by the connection's loop.
  private final FrameHeader header;
  private int state = READ_HEADER;
  private boolean closeReceived;
  /** Payload bytes of the current frame not read yet. */
  private long payloadRemaining;
  // The data message being read.
  private boolean messageStarted;
  private boolean messageText;
  private boolean messageCompressed;
  /** Sum of the payload lengths announced by the message's frames so far. */
  private long messageLength;
  // Made on first use: an idle connection holds none of them.
  private Utf8Validator utf8;
  private PayloadBuffer messageBuffer;
  private PayloadBuffer controlBuffer;
  /** True while a message reassembled in {@link #messageBuffer} is being delivered. */
  private boolean deliveringBuffered;

  /**
   * @param expectMasked true on a server, false on a client (RFC 6455 §5.1)
   * @param maxMessageSize largest message, summed over its fragments; larger gives 1009
   */
  public FrameReader(FrameCallback callback, boolean expectMasked, long maxMessageSize) {
    this.callback = Objects.requireNonNull(callback, "callback");
    if (maxMessageSize <= 0 || maxMessageSize > WebSocketLimits.MAX_MESSAGE_SIZE_CEILING) {
      throw new IllegalArgumentException("maxMessageSize must be in 1.."
          + WebSocketLimits.MAX_MESSAGE_SIZE_CEILING + ", got " + maxMessageSize + ".");
    }
    this.expectMasked = expectMasked;
    this.maxMessageSize = maxMessageSize;
    this.header = new FrameHeader(expectMasked);
  }

  /**
   * Allows RSV1 on the first frame of a data message: set once permessage-deflate is negotiated.
   * When false (the default), any reserved bit gives 1002.
   */
  public void setRsv1Allowed(boolean allowed) {
    header.setRsv1Allowed(allowed);
  }

  /** Whether a close frame arrived; all input after it is ignored. */
  public boolean closeReceived() {
    return closeReceived;
  }

  /**
   * During {@link FrameCallback#onMessage}: whether the message's first frame had RSV1 set (RFC
   * 7692 §6), so its payload is compressed; its text, if any, is then not yet UTF-8 validated.
   */
  public boolean messageCompressed() {
    return messageCompressed;
  }

  /**
   * During {@link FrameCallback#onMessage}, the array that holds the whole message being delivered,
   * given away to the caller when the message was reassembled into an array of exactly its size;
   * null otherwise (the message lies in the read buffer, or the array is larger, or was taken).
   */
  public byte[] takeMessageArray() {
    return deliveringBuffered ? messageBuffer.detachIfExact() : null;
  }

  /** Bytes of memory held for unfinished messages and control frames; 0 between messages. */
  public int bufferedBytes() {
    return (messageBuffer == null ? 0 : messageBuffer.capacity()) + (controlBuffer == null ? 0 : controlBuffer.capacity());
  }

  /**
   * Consumes bytes from {@code in} (its position advances), calling back for each message and
   * control frame. Returns when {@code in} is used up or, right after a message, when {@link
   * FrameCallback#onMessage} returned false: then the caller keeps the rest and calls again later.
   * Masked payloads are unmasked in place, so {@code in} must be writable.
   *
   * @throws ProtocolException when the peer broke the protocol; all later input is ignored
   */
  public void read(ByteBuffer in) throws ProtocolException {
    try {
      while (state != DONE) {
        if (state == READ_HEADER) {
          if (!header.read(in, messageStarted)) {
            return;
          }
          startFrame();
        }
        if (!(WebSocketProtocol.isControl(header.opcode()) ? readControl(in) : readData(in))) {
          return;
        }
      }
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
    in.position(in.limit()); // RFC 6455 §5.5.1: no data is read after a close frame
  }

  private void startFrame() {
    long length = header.payloadLength();
    payloadRemaining = length;
    state = READ_PAYLOAD;
    int opcode = header.opcode();
    if (WebSocketProtocol.isControl(opcode)) {
      return;
    }
    if (opcode != OPCODE_CONTINUATION) {
      messageStarted = true;
      messageText = opcode == OPCODE_TEXT;
      messageCompressed = header.rsv1();
      messageLength = 0;
      if (messageText) {
        if (utf8 == null) {
          utf8 = new Utf8Validator();
        }
        utf8.reset();
      }
    }
    if (length > maxMessageSize - messageLength) {
      // RFC 6455 §10.4: limit the size of messages, before buffering their payload
      throw new ProtocolException(CloseCode.MESSAGE_TOO_BIG, "Message of "
          + Long.toUnsignedString(messageLength + length) + " bytes exceeds maxMessageSize "
          + maxMessageSize + ".");
    }
    messageLength += length;
  }

  /** Reads a data frame's payload; false when input ran out or the callback asked to pause. */
  private boolean readData(ByteBuffer in) {
    int from = in.position();
    int to = from + (int) Math.min(payloadRemaining, in.remaining());
    unmask(in, from, to);
    if (messageText && !messageCompressed && !utf8.update(in, from, to)) {
      // RFC 6455 §8.1: fail as soon as the bytes cannot be UTF-8, not at the end of the message
      throw invalidPayload("Invalid UTF-8 in text message.");
    }
    payloadRemaining -= to - from;
    boolean fin = header.fin();
    if (payloadRemaining == 0 && fin && (messageBuffer == null || messageBuffer.size() == 0)) {
      endMessage(); // the whole message lies in `in`: hand it over without a copy
      return deliver(header.opcode(), in, from, to);
    }
    if (messageBuffer == null) {
      messageBuffer = new PayloadBuffer();
    }
    messageBuffer.append(in, from, to, messageLength, fin);
    in.position(to);
    if (payloadRemaining > 0) {
      return false;
    }
    state = READ_HEADER;
    if (!fin) {
      return true;
    }
    endMessage();
    try {
      ByteBuffer payload = messageBuffer.view();
      deliveringBuffered = true;
      return deliver(header.opcode(), payload, 0, payload.limit());
    } finally {
      deliveringBuffered = false;
      messageBuffer.release();
    }
  }

  private void endMessage() {
    if (messageText && !messageCompressed && !utf8.isComplete()) {
      throw invalidPayload("Text message ends inside a UTF-8 sequence."); // RFC 6455 §8.1
    }
    state = READ_HEADER;
    messageStarted = false;
  }

  /** Reads a control frame's payload; false when input ran out. */
  private boolean readControl(ByteBuffer in) {
    int from = in.position();
    int to = from + (int) Math.min(payloadRemaining, in.remaining());
    unmask(in, from, to);
    payloadRemaining -= to - from;
    if (payloadRemaining == 0 && (controlBuffer == null || controlBuffer.size() == 0)) {
      state = READ_HEADER;
      control(in, from, to);
      return true;
    }
    if (controlBuffer == null) {
      controlBuffer = new PayloadBuffer();
    }
    controlBuffer.append(in, from, to, header.payloadLength(), true);
    in.position(to);
    if (payloadRemaining > 0) {
      return false;
    }
    state = READ_HEADER;
    try {
      ByteBuffer payload = controlBuffer.view();
      control(payload, 0, payload.limit());
    } finally {
      controlBuffer.release();
    }
    return true;
  }

  private void control(ByteBuffer buf, int from, int to) {
    if (header.opcode() == OPCODE_CLOSE) {
      close(buf, from, to);
    } else {
      deliver(header.opcode(), buf, from, to);
    }
  }

  private void close(ByteBuffer buf, int from, int to) {
    int code = CloseCode.NO_STATUS.code();
    String reason = "";
    if (to - from == 1) {
      // RFC 6455 §5.5.1: a body MUST start with a 2-byte status code
      throw protocolError("Close frame payload of 1 byte is too short for a status code.");
    }
    if (to - from >= 2) {
      code = (int) FrameHeader.bigEndian(buf, from, 2);
      if (!CloseCode.isValidOnWire(code)) {
        throw protocolError("Invalid close code " + code + "."); // RFC 6455 §7.4.1, §7.4.2
      }
      if (!Utf8Validator.isValid(buf, from + 2, to)) {
        throw invalidPayload("Close reason is not valid UTF-8."); // RFC 6455 §5.5.1, §8.1
      }
      byte[] bytes = new byte[to - from - 2];
      buf.get(from + 2, bytes);
      reason = new String(bytes, StandardCharsets.UTF_8);
    }
    buf.position(to);
    closeReceived = true;
    stop();
    callback.onCloseFrame(code, reason);
  }

  /** Calls back with {@code buf[from..to)} as the payload window, then leaves buf at {@code to}. */
  private boolean deliver(int opcode, ByteBuffer buf, int from, int to) {
    int limit = buf.limit();
    buf.limit(to).position(from);
    try {
      switch (opcode) {
        case OPCODE_PING -> callback.onPingFrame(buf);
        case OPCODE_PONG -> callback.onPongFrame(buf);
        default -> {
          return callback.onMessage(messageText, buf);
        }
      }
      return true;
    } finally {
      buf.limit(limit).position(to);
    }
  }

  private void unmask(ByteBuffer in, int from, int to) {
    if (expectMasked && to > from) {
      int done = (int) ((header.payloadLength() - payloadRemaining) & 3);
      WebSocketProtocol.mask(in, from, to, header.maskKey(), done);
    }
  }

  private static ProtocolException invalidPayload(String message) {
    return new ProtocolException(CloseCode.INVALID_PAYLOAD, message);
  }

  private void stop() {
    state = DONE;
    header.reset();
    if (messageBuffer != null) {
      messageBuffer.release();
    }
    if (controlBuffer != null) {
      controlBuffer.release();
    }
  }
}
