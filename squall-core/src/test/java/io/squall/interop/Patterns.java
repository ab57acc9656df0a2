package io.squall.interop;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The deterministic payloads every interop client sends, built the same way in Java, Python and
 * JavaScript (see {@code interop/patterns.py} and {@code interop/ws_client.js}), so a report's
 * SHA-256 can be checked against what the message should have been.
 */
final class Patterns {
  /** 17 bytes of UTF-8 with 1-, 2-, 3- and 4-byte code points, so text crosses every width. */
  static final String TEXT_UNIT = "squall é€\uD83C\uDF2A|";
  static final int TEXT_UNIT_BYTES = 17;

  private Patterns() {}

  /** Text of exactly {@code bytes} UTF-8 bytes: whole units, then '.' up to the size. */
  static String text(int bytes) {
    int units = bytes / TEXT_UNIT_BYTES;
    return TEXT_UNIT.repeat(units) + ".".repeat(bytes - units * TEXT_UNIT_BYTES);
  }

  /** Byte i is {@code i % 251}: a prime period, so no 4-byte mask lines up with it. */
  static byte[] binary(int bytes) {
    byte[] b = new byte[bytes];
    for (int i = 0; i < bytes; i++) {
      b[i] = (byte) (i % 251);
    }
    return b;
  }

  /** The ping payload: 125 bytes (the most a control frame holds), 0xff down to 0x83. */
  static byte[] pingPayload() {
    byte[] b = new byte[125];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (255 - i);
    }
    return b;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static String sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }
}
