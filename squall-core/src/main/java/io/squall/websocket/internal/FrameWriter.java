package io.squall.websocket.internal;

import static io.squall.websocket.internal.WebSocketProtocol.FLAG_FIN;
import static io.squall.websocket.internal.WebSocketProtocol.FLAG_MASK;
import static io.squall.websocket.internal.WebSocketProtocol.LENGTH_16;
import static io.squall.websocket.internal.WebSocketProtocol.LENGTH_64;
import static io.squall.websocket.internal.WebSocketProtocol.MASK_RSV;
import static io.squall.websocket.internal.WebSocketProtocol.MAX_CONTROL_PAYLOAD;
import static io.squall.websocket.internal.WebSocketProtocol.MAX_HEADER_LENGTH;
import static io.squall.websocket.internal.WebSocketProtocol.OPCODE_CLOSE;
import static io.squall.websocket.internal.WebSocketProtocol.OPCODE_TEXT;

import io.squall.websocket.CloseCode;
import java.nio.ByteBuffer;
import java.util.function.IntFunction;

/**
 * Turns messages into frame bytes (RFC 6455 §5.2): each method returns a heap buffer holding the
 * header and the payload, masked when asked, flipped and ready to write: a new one, or one from the
 * allocator given (a loop's lent buffers, for the frames of messages that go to one socket). A
 * server's frames are unmasked, so one new buffer can be shared read-only by every receiver of a
 * broadcast. Stateless, so safe from any thread (an allocator may not be).
 *
 * <p>Arguments are checked (opcodes, control frame rules, close codes) with {@link
 * IllegalArgumentException}: a bad frame here is a bug in the caller, not in the peer.
 */
public final class FrameWriter {
  /** The longest close reason in UTF-8 bytes: 125 payload bytes minus the 2-byte code. */
  public static final int MAX_CLOSE_REASON_BYTES = MAX_CONTROL_PAYLOAD - 2;
  /** U+FFFD, which replaces a lone surrogate in a text message (as browsers' WebSocket.send does). */
  private static final int REPLACEMENT_CHARACTER = 0xFFFD;

  private FrameWriter() {}

  /** Header bytes for a payload: 2, 4 or 10, plus 4 for the masking key (RFC 6455 §5.2). */
  public static int headerLength(long payloadLength, boolean masked) {
    if (payloadLength < 0) {
      throw new IllegalArgumentException("Payload length must not be negative, got " + payloadLength + ".");
    }
    int length = payloadLength < LENGTH_16 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
    return masked ? length + 4 : length;
  }

  /**
   * One frame carrying {@code payload}'s remaining bytes; the payload buffer is left unchanged.
   *
   * @param rsv reserved bits, a combination of {@code FLAG_RSV1/2/3} (0 without extensions)
   * @param maskKey the 4 key bytes, big-endian; ignored when {@code mask} is false
   */
  public static ByteBuffer encode(
      int opcode, ByteBuffer payload, boolean fin, int rsv, boolean mask, int maskKey) {
    return encode(opcode, payload, fin, rsv, mask, maskKey, ByteBuffer::allocate);
  }

  /**
   * As {@link #encode(int, ByteBuffer, boolean, int, boolean, int)}, into a buffer from {@code
   * allocator}, which returns one of exactly the size asked (position 0, limit that size), such as
   * a loop's {@link io.squall.ioloop.EventLoop#bufferLender()}.
   */
  public static ByteBuffer encode(int opcode, ByteBuffer payload, boolean fin, int rsv, boolean mask, int maskKey,
      IntFunction<ByteBuffer> allocator) {
    int length = payload.remaining();
    ByteBuffer out = startFrame(opcode, length, fin, rsv, mask, maskKey, allocator);
    int start = out.position();
    out.put(start, payload, payload.position(), length);
    return finish(out, start, mask, maskKey);
  }

  /**
   * A final text frame holding {@code text} in UTF-8, encoded once straight into the frame. Lone
   * surrogates, which UTF-8 cannot carry, become U+FFFD.
   */
  public static ByteBuffer encodeText(String text, boolean mask, int maskKey) {
    return encodeText(text, mask, maskKey, ByteBuffer::allocate);
  }

  /** As {@link #encodeText(String, boolean, int)}, into a heap buffer from {@code allocator} (see {@link #encode}). */
  public static ByteBuffer encodeText(String text, boolean mask, int maskKey, IntFunction<ByteBuffer> allocator) {
    long length = utf8Length(text, text.length());
    ByteBuffer out = startFrame(OPCODE_TEXT, length, true, 0, mask, maskKey, allocator);
    int start = out.position();
    if (length == text.length()) {
      encodeAscii(text, out.array(), out.arrayOffset() + start);
    } else {
      encodeUtf8(text, text.length(), out.array(), out.arrayOffset() + start);
    }
    return finish(out, start, mask, maskKey);
  }

  /**
   * A close frame with a status code and a reason cut, on a code point boundary, to the 123 bytes
   * that fit a control frame. {@code NO_STATUS} (1005) gives an empty payload: the reply to a close
   * frame that carried no code (RFC 6455 §5.5.1).
   *
   * @throws IllegalArgumentException when the code may not be sent ({@link
   *     CloseCode#isValidOnWire(int)}), or with 1005 and a reason
   */
  public static ByteBuffer encodeClose(int code, String reason, boolean mask, int maskKey) {
    String text = reason == null ? "" : reason;
    if (code == CloseCode.NO_STATUS.code()) {
      if (!text.isEmpty()) {
        throw new IllegalArgumentException("A close frame without a code cannot carry a reason.");
      }
      return encode(OPCODE_CLOSE, ByteBuffer.allocate(0), true, 0, mask, maskKey);
    }
    if (!CloseCode.isValidOnWire(code)) {
      // RFC 6455 §7.4.1: 1005, 1006 and 1015 MUST NOT be sent; §7.4.2: nor undefined ranges
      throw new IllegalArgumentException("Close code " + code + " cannot be sent.");
    }
    int chars = fittingChars(text, MAX_CLOSE_REASON_BYTES);
    int length = 2 + (int) utf8Length(text, chars);
    ByteBuffer out = startFrame(OPCODE_CLOSE, length, true, 0, mask, maskKey, ByteBuffer::allocate);
    int start = out.position();
    out.putShort(start, (short) code);
    encodeUtf8(text, chars, out.array(), out.arrayOffset() + start + 2);
    return finish(out, start, mask, maskKey);
  }

  /**
   * The header alone of an unmasked frame whose payload of {@code length} bytes is sent separately
   * (a server's large binary message, written without being copied); flipped, ready to write.
   */
  public static ByteBuffer header(int opcode, long length, boolean fin, int rsv) {
    return startFrame(opcode, length, fin, rsv, false, 0, false, ByteBuffer::allocate).flip();
  }

  /** Checks the frame, allocates it and writes its header; position is left at the payload. */
  private static ByteBuffer startFrame(
      int opcode, long length, boolean fin, int rsv, boolean mask, int maskKey, IntFunction<ByteBuffer> allocator) {
    return startFrame(opcode, length, fin, rsv, mask, maskKey, true, allocator);
  }

  private static ByteBuffer startFrame(int opcode, long length, boolean fin, int rsv, boolean mask, int maskKey,
      boolean withPayload, IntFunction<ByteBuffer> allocator) {
    switch (opcode) {
      case 0x0, 0x1, 0x2 -> {}
      case 0x8, 0x9, 0xA -> {
        if (!fin) {
          throw new IllegalArgumentException("Control frames must be final."); // RFC 6455 §5.5
        }
        if (length > MAX_CONTROL_PAYLOAD) {
          // RFC 6455 §5.5: control frames MUST have a payload of 125 bytes or less
          throw new IllegalArgumentException("Control frame payload of " + length + " bytes exceeds 125.");
        }
      }
      default -> throw new IllegalArgumentException("Reserved opcode " + opcode + "."); // RFC 6455 §5.2
    }
    if ((rsv & ~MASK_RSV) != 0) {
      throw new IllegalArgumentException(
          "rsv must only hold FLAG_RSV1/2/3, got 0x" + Integer.toHexString(rsv) + ".");
    }
    if (length > Integer.MAX_VALUE - MAX_HEADER_LENGTH - 8) {
      throw new IllegalArgumentException(
          "Frame payload of " + length + " bytes is too large for one buffer.");
    }
    ByteBuffer out = allocator.apply(headerLength(length, mask) + (withPayload ? (int) length : 0));
    out.put((byte) ((fin ? FLAG_FIN : 0) | rsv | opcode));
    int maskBit = mask ? FLAG_MASK : 0;
    if (length < LENGTH_16) {
      out.put((byte) (maskBit | length));
    } else if (length <= 0xFFFF) {
      out.put((byte) (maskBit | LENGTH_16)).putShort((short) length);
    } else {
      out.put((byte) (maskBit | LENGTH_64)).putLong(length);
    }
    if (mask) {
      out.putInt(maskKey);
    }
    return out;
  }

  /** Masks the payload that starts at {@code start} and flips the frame for writing. */
  private static ByteBuffer finish(ByteBuffer out, int start, boolean mask, int maskKey) {
    if (mask) {
      WebSocketProtocol.mask(out, start, out.limit(), maskKey, 0); // RFC 6455 §5.3
    }
    return out.position(0);
  }

  /** UTF-8 bytes of {@code s[0..end)}, a lone surrogate counting as U+FFFD (3 bytes). */
  static long utf8Length(CharSequence s, int end) {
    long length = 0;
    for (int i = 0; i < end; ) {
      int size = utf8Size(s, i);
      length += size;
      i += size == 4 ? 2 : 1;
    }
    return length;
  }

  /** How many leading chars of {@code s} fit in {@code maxBytes} of UTF-8, whole code points only. */
  static int fittingChars(CharSequence s, int maxBytes) {
    int bytes = 0;
    int i = 0;
    while (i < s.length()) {
      int size = utf8Size(s, i);
      if (bytes + size > maxBytes) {
        break;
      }
      bytes += size;
      i += size == 4 ? 2 : 1;
    }
    return i;
  }

  /** UTF-8 size of the code point at {@code i}; 4 means a surrogate pair (two chars). */
  private static int utf8Size(CharSequence s, int i) {
    char c = s.charAt(i);
    if (c < 0x80) {
      return 1;
    } else if (c < 0x800) {
      return 2;
    } else if (Character.isHighSurrogate(c)
        && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
      return 4;
    }
    return 3;
  }

  /** Copies the low byte of each char: for ASCII text that is UTF-8, at arraycopy speed. */
  @SuppressWarnings("deprecation") // deprecated for lossy use; lossless here, as every char is ASCII
  private static void encodeAscii(String s, byte[] dst, int at) {
    s.getBytes(0, s.length(), dst, at);
  }

  private static void encodeUtf8(CharSequence s, int end, byte[] dst, int at) {
    for (int i = 0; i < end; i++) {
      int c = s.charAt(i);
      if (c < 0x80) {
        dst[at++] = (byte) c;
      } else if (c < 0x800) {
        dst[at++] = (byte) (0xC0 | c >> 6);
        dst[at++] = (byte) (0x80 | c & 0x3F);
      } else {
        if (Character.isSurrogate((char) c)) {
          boolean pair = utf8Size(s, i) == 4;
          c = pair ? Character.toCodePoint((char) c, s.charAt(++i)) : REPLACEMENT_CHARACTER;
        }
        if (c >= 0x10000) {
          dst[at++] = (byte) (0xF0 | c >> 18);
          dst[at++] = (byte) (0x80 | c >> 12 & 0x3F);
        } else {
          dst[at++] = (byte) (0xE0 | c >> 12);
        }
        dst[at++] = (byte) (0x80 | c >> 6 & 0x3F);
        dst[at++] = (byte) (0x80 | c & 0x3F);
      }
    }
  }
}
