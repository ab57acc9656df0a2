package io.squall.websocket.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/** Test vectors written as hex ("81 05 48 65 6c 6c 6f"), and back. */
final class Hex {
  private static final HexFormat HEX = HexFormat.of();

  private Hex() {}

  /** Bytes from hex; spaces and line breaks are ignored. */
  static byte[] bytes(String hex) {
    return HEX.parseHex(hex.replaceAll("\\s+", ""));
  }

  /** A heap buffer holding the bytes, position 0. */
  static ByteBuffer buffer(String hex) {
    return ByteBuffer.wrap(bytes(hex));
  }

  /** Lowercase hex without separators of the buffer's remaining bytes; the buffer is unchanged. */
  static String of(ByteBuffer buf) {
    byte[] bytes = new byte[buf.remaining()];
    buf.duplicate().get(bytes);
    return HEX.formatHex(bytes);
  }

  static String of(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  /** The parts one after another; each is a byte[] or a hex String. */
  static byte[] concat(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object part : parts) {
      out.writeBytes(part instanceof byte[] b ? b : bytes((String) part));
    }
    return out.toByteArray();
  }

  /** {@code n} bytes counting 0, 1, 2, ... (mod 256), easy to spot when misplaced. */
  static byte[] counting(int n) {
    byte[] bytes = new byte[n];
    for (int i = 0; i < n; i++) {
      bytes[i] = (byte) i;
    }
    return bytes;
  }
}
