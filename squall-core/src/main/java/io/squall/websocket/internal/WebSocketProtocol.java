package io.squall.websocket.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;

/**
 * The constants and small rules of RFC 6455: header bits, opcodes, the opening-handshake accept key
 * and masking. Stateless, so safe from any thread.
 *
 * <p>The base framing protocol (RFC 6455 §5.2):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-------+-+-------------+-------------------------------+
 * |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
 * |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
 * |N|V|V|V|       |S|             |   (if payload len==126/127)   |
 * | |1|2|3|       |K|             |                               |
 * +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
 * |     Extended payload length continued, if payload len == 127  |
 * + - - - - - - - - - - - - - - - +-------------------------------+
 * |                               |Masking-key, if MASK set to 1  |
 * +-------------------------------+-------------------------------+
 * | Masking-key (continued)       |          Payload Data         |
 * +-------------------------------- - - - - - - - - - - - - - - - +
 * :                     Payload Data continued ...                :
 * + - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - +
 * |                     Payload Data continued ...                |
 * +---------------------------------------------------------------+
 * </pre>
 *
 * A length of 0–125 is the payload length itself; 126 means the next 2 bytes hold it (unsigned);
 * 127 means the next 8 bytes hold it (most significant bit 0). All multi-byte values are big-endian.
 */
public final class WebSocketProtocol {
  /** Byte 0: this is the final fragment of a message. */
  public static final int FLAG_FIN = 0x80;
  /** Byte 0: reserved bit 1; permessage-deflate's "compressed" bit (RFC 7692 §6). */
  public static final int FLAG_RSV1 = 0x40;
  /** Byte 0: reserved bit 2; no extension defines it. */
  public static final int FLAG_RSV2 = 0x20;
  /** Byte 0: reserved bit 3; no extension defines it. */
  public static final int FLAG_RSV3 = 0x10;
  /** Byte 0: all three reserved bits. */
  public static final int MASK_RSV = FLAG_RSV1 | FLAG_RSV2 | FLAG_RSV3;
  /** Byte 0: the low nibble holds the opcode. */
  public static final int MASK_OPCODE = 0x0F;
  /** Byte 1: the payload is masked and a 4-byte masking key precedes it. */
  public static final int FLAG_MASK = 0x80;
  /** Byte 1: the low 7 bits hold the payload length or the 126/127 markers. */
  public static final int MASK_PAYLOAD_LENGTH = 0x7F;
  /** Payload length marker: a 16-bit length follows. */
  public static final int LENGTH_16 = 126;
  /** Payload length marker: a 64-bit length follows. */
  public static final int LENGTH_64 = 127;

  /** Continues the message started by a text or binary frame. */
  public static final int OPCODE_CONTINUATION = 0x0;
  /** First frame of a UTF-8 text message. */
  public static final int OPCODE_TEXT = 0x1;
  /** First frame of a binary message. */
  public static final int OPCODE_BINARY = 0x2;
  /** Starts the closing handshake; payload: optional 2-byte code and UTF-8 reason. */
  public static final int OPCODE_CLOSE = 0x8;
  /** Asks the peer for a pong carrying the same payload. */
  public static final int OPCODE_PING = 0x9;
  /** Answers a ping, or serves as a unidirectional heartbeat. */
  public static final int OPCODE_PONG = 0xA;

  /** Control frames carry at most 125 payload bytes (RFC 6455 §5.5). */
  public static final int MAX_CONTROL_PAYLOAD = 125;
  /** 2 header bytes, 8 extended length bytes and a 4-byte masking key. */
  public static final int MAX_HEADER_LENGTH = 14;
  /** Appended to Sec-WebSocket-Key before hashing (RFC 6455 §1.3). */
  public static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private WebSocketProtocol() {}

  /** Whether the opcode is a control frame's (close, ping, pong or a reserved control opcode). */
  public static boolean isControl(int opcode) {
    return (opcode & 0x8) != 0;
  }

  /** One SHA-1 per thread: looking the algorithm up costs more than hashing 60 bytes. */
  private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JDK provides SHA-1", e);
    }
  });

  /**
   * The Sec-WebSocket-Accept value for a Sec-WebSocket-Key (RFC 6455 §4.2.2): the base64 SHA-1 of
   * the key followed by {@link #GUID}. The RFC's sample key "dGhlIHNhbXBsZSBub25jZQ==" gives
   * "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=".
   */
  public static String acceptKey(String secWebSocketKey) {
    MessageDigest sha1 = SHA1.get(); // digest() resets it for the next handshake on this thread
    byte[] digest = sha1.digest((secWebSocketKey + GUID).getBytes(StandardCharsets.ISO_8859_1));
    return Base64.getEncoder().encodeToString(digest);
  }

  /**
   * Whether a Sec-WebSocket-Key is well formed: base64 (with padding) of exactly 16 bytes, so 24
   * characters (RFC 6455 §4.1, §11.3.1). The caller trims surrounding whitespace first.
   */
  public static boolean isValidClientKey(String key) {
    // RFC 6455 §4.2.1: a |Sec-WebSocket-Key| that, when decoded, is 16 bytes in length
    if (key == null || key.length() != 24) {
      return false;
    }
    try {
      return Base64.getDecoder().decode(key).length == 16;
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
  }

  /**
   * XORs {@code buf[from..to)} in place with the masking key (RFC 6455 §5.3): byte {@code i} is
   * XORed with key byte {@code (maskOffset + i - from) % 4}. Works on heap and direct buffers of any
   * byte order, eight bytes at a time; the buffer's position and limit are unchanged. Masking twice
   * with the same arguments restores the data.
   *
   * @param maskKey the four key bytes, big-endian (first key byte in the high bits)
   * @param maskOffset how many payload bytes were masked before {@code from}, modulo 4: the place
   *     in the key cycle to resume at after a partial read
   */
  public static void mask(ByteBuffer buf, int from, int to, int maskKey, int maskOffset) {
    Objects.checkFromToIndex(from, to, buf.limit());
    int key = Integer.rotateLeft(maskKey, (maskOffset & 3) * 8);
    long key8 = ((long) key << 32) | (key & 0xFFFF_FFFFL);
    if (buf.order() == ByteOrder.LITTLE_ENDIAN) {
      key8 = Long.reverseBytes(key8);
    }
    int i = from;
    for (int end8 = to - 7; i < end8; i += 8) {
      buf.putLong(i, buf.getLong(i) ^ key8);
    }
    // The long steps kept the key cycle aligned: the tail starts again at key byte 0.
    for (int k = 0; i < to; i++, k++) {
      buf.put(i, (byte) (buf.get(i) ^ (key >>> (24 - ((k & 3) << 3)))));
    }
  }
}
