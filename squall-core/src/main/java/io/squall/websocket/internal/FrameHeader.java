package io.squall.websocket.internal;

import static io.squall.websocket.internal.WebSocketProtocol.FLAG_FIN;
import static io.squall.websocket.internal.WebSocketProtocol.FLAG_MASK;
import static io.squall.websocket.internal.WebSocketProtocol.FLAG_RSV1;
import static io.squall.websocket.internal.WebSocketProtocol.LENGTH_16;
import static io.squall.websocket.internal.WebSocketProtocol.LENGTH_64;
import static io.squall.websocket.internal.WebSocketProtocol.MASK_OPCODE;
import static io.squall.websocket.internal.WebSocketProtocol.MASK_PAYLOAD_LENGTH;
import static io.squall.websocket.internal.WebSocketProtocol.MASK_RSV;
import static io.squall.websocket.internal.WebSocketProtocol.MAX_CONTROL_PAYLOAD;
import static io.squall.websocket.internal.WebSocketProtocol.MAX_HEADER_LENGTH;
import static io.squall.websocket.internal.WebSocketProtocol.OPCODE_BINARY;
import static io.squall.websocket.internal.WebSocketProtocol.OPCODE_CLOSE;
import static io.squall.websocket.internal.WebSocketProtocol.OPCODE_CONTINUATION;
import static io.squall.websocket.internal.WebSocketProtocol.OPCODE_PING;
import static io.squall.websocket.internal.WebSocketProtocol.OPCODE_PONG;
import static io.squall.websocket.internal.WebSocketProtocol.OPCODE_TEXT;

import io.squall.websocket.CloseCode;
import java.nio.ByteBuffer;

/**
 * Reads and checks one frame header at a time (RFC 6455 §5.2) for a {@link FrameReader}: from the
 * input buffer directly when the header is whole, else gathered across reads in a 14-byte array.
 * Everything the first two bytes can tell is checked as soon as they arrive.
 *
 * <p>Lengths not minimally encoded (5 in 16 bits) are accepted: §5.2's "the minimal number of bytes
 * MUST be used" binds the sender, and rejecting them protects nothing.
 *
 * <p>Thread rule: confined to its connection's loop.
 */
final class FrameHeader {
  /** True on a server (client frames are masked), false on a client. */
  private final boolean expectMasked;
  private boolean rsv1Allowed;
  /**
   * A header split across reads: bytes[0..fill). Allocated only while such a header is pending,
   * so an idle connection holds none.
   */
  private byte[] bytes;
  private ByteBuffer view;
  private int fill;
  // The last header read.
  private boolean fin;
  private boolean rsv1;
  private int opcode;
  private int maskKey;
  private long payloadLength;

  FrameHeader(boolean expectMasked) {
    this.expectMasked = expectMasked;
  }

  void setRsv1Allowed(boolean allowed) {
    rsv1Allowed = allowed;
  }

  boolean fin() {
    return fin;
  }

  /** RSV1, permessage-deflate's "compressed" bit; only ever set when allowed. */
  boolean rsv1() {
    return rsv1;
  }

  int opcode() {
    return opcode;
  }

  /** The 4 key bytes, big-endian; 0 when frames are unmasked. */
  int maskKey() {
    return maskKey;
  }

  long payloadLength() {
    return payloadLength;
  }

  /** Forgets a partial header. */
  void reset() {
    fill = 0;
    bytes = null;
    view = null;
  }

  /**
   * Consumes a header from {@code in}; false when {@code in} ran out first (the bytes read are
   * kept for the next call).
   *
   * @param inMessage whether a fragmented data message is in progress
   */
  boolean read(ByteBuffer in, boolean inMessage) {
    int pos = in.position();
    if (fill == 0 && in.remaining() >= 2) {
      int length = check(in.get(pos), in.get(pos + 1), inMessage);
      if (in.remaining() >= length) {
        decode(in, pos);
        in.position(pos + length);
        return true;
      }
    }
    if (bytes == null) {
      bytes = new byte[MAX_HEADER_LENGTH];
      view = ByteBuffer.wrap(bytes);
    }
    int length = fill >= 2 ? check(bytes[0], bytes[1], inMessage) : 2;
    while (fill < length) {
      if (!in.hasRemaining()) {
        return false;
      }
      int n = Math.min(length - fill, in.remaining());
      in.get(bytes, fill, n);
      fill += n;
      if (fill >= 2) {
        length = check(bytes[0], bytes[1], inMessage);
      }
    }
    fill = 0;
    decode(view, 0);
    bytes = null;
    view = null;
    return true;
  }

  /** Checks all that the first two bytes can tell; returns the header's full length. */
  private int check(byte b0, byte b1, boolean inMessage) {
    int op = b0 & MASK_OPCODE;
    int rsv = b0 & MASK_RSV;
    if (rsv != 0 && (rsv != FLAG_RSV1 || !rsv1Allowed)) {
      throw protocolError("Reserved bits must be 0."); // RFC 6455 §5.2
    }
    switch (op) {
      case OPCODE_CONTINUATION -> {
        if (!inMessage) {
          throw protocolError("Continuation frame without a message to continue."); // RFC 6455 §5.4
        }
        if (rsv != 0) {
          throw protocolError("RSV1 must be 0 on continuation frames."); // RFC 7692 §6.1
        }
      }
      case OPCODE_TEXT, OPCODE_BINARY -> {
        if (inMessage) {
          // RFC 6455 §5.4: the fragments of a message are not interleaved with another message
          throw protocolError("Expected a continuation frame, got opcode " + op + ".");
        }
      }
      case OPCODE_CLOSE, OPCODE_PING, OPCODE_PONG -> {
        if ((b0 & FLAG_FIN) == 0) {
          throw protocolError("Control frames must be final."); // RFC 6455 §5.5
        }
        if (rsv != 0) {
          throw protocolError("RSV1 must be 0 on control frames."); // RFC 7692 §6.1
        }
      }
      default -> throw protocolError("Reserved opcode " + op + "."); // RFC 6455 §5.2
    }
    boolean masked = (b1 & FLAG_MASK) != 0;
    if (masked != expectMasked) {
      // RFC 6455 §5.1: a client MUST mask every frame; a server MUST NOT mask any
      throw protocolError(masked ? "Server frames must not be masked." : "Client frames must be masked.");
    }
    int len7 = b1 & MASK_PAYLOAD_LENGTH;
    return 2 + (len7 == LENGTH_16 ? 2 : len7 == LENGTH_64 ? 8 : 0) + (masked ? 4 : 0);
  }

  /** Decodes a whole header whose first two bytes passed {@link #check}. */
  private void decode(ByteBuffer src, int at) {
    int b0 = src.get(at);
    int len7 = src.get(at + 1) & MASK_PAYLOAD_LENGTH;
    int i = at + 2;
    long length = len7;
    if (len7 == LENGTH_16) {
      length = bigEndian(src, i, 2);
      i += 2;
    } else if (len7 == LENGTH_64) {
      length = bigEndian(src, i, 8);
      i += 8;
      if (length < 0) {
        throw protocolError("Frame length must not have the most significant bit set."); // RFC 6455 §5.2
      }
    }
    fin = (b0 & FLAG_FIN) != 0;
    rsv1 = (b0 & FLAG_RSV1) != 0;
    opcode = b0 & MASK_OPCODE;
    maskKey = expectMasked ? (int) bigEndian(src, i, 4) : 0;
    payloadLength = length;
    if (WebSocketProtocol.isControl(opcode) && length > MAX_CONTROL_PAYLOAD) {
      throw protocolError("Control frame payload of " + length + " bytes exceeds 125."); // RFC 6455 §5.5
    }
  }

  /** Reads an unsigned big-endian number of up to 8 bytes, whatever the buffer's byte order. */
  static long bigEndian(ByteBuffer src, int at, int length) {
    long value = 0;
    for (int i = at; i < at + length; i++) {
      value = (value << 8) | (src.get(i) & 0xFF);
    }
    return value;
  }

  static ProtocolException protocolError(String message) {
    return new ProtocolException(CloseCode.PROTOCOL_ERROR, message);
  }
}
