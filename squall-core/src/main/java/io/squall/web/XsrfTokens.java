package io.squall.web;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Makes and checks XSRF tokens the way Tornado does: one random token per browser, carried by the
 * {@code _xsrf} cookie and embedded in every page, both in the masked version-2 form
 *
 * <pre>
 * 2|&lt;hex mask&gt;|&lt;hex masked token&gt;|&lt;timestamp&gt;
 * </pre>
 *
 * where the masked token is the token XOR a fresh 4-byte random mask, repeated. The form value thus
 * changes on every page while the token stays the same, so compression side channels (BREACH)
 * cannot recover it. A submitted form or {@code X-XSRFToken} header matches when it decodes to the
 * same token bytes as the cookie. Tornado's version-1 form (bare hex) is not accepted.
 *
 * <p>Thread rule: safe from any thread (the only state is a thread-safe {@link SecureRandom}).
 */
public final class XsrfTokens {
  /** Bytes in a new token: 128 bits, as Tornado's {@code os.urandom(16)}. */
  public static final int TOKEN_BYTES = 16;
  /** Longest token {@link #encode} and {@link #decode} accept; bounds work done on hostile input. */
  static final int MAX_TOKEN_BYTES = 64;
  private static final int MASK_BYTES = 4;
  private static final HexFormat HEX = HexFormat.of();

  private final SecureRandom random = new SecureRandom();

  public XsrfTokens() {}

  /** A new random token of {@value #TOKEN_BYTES} bytes. */
  public byte[] newTokenBytes() {
    byte[] token = new byte[TOKEN_BYTES];
    random.nextBytes(token);
    return token;
  }

  /** The masked version-2 form of {@code token}; a different string on every call. */
  public String encode(byte[] token) {
    Objects.requireNonNull(token, "token");
    if (token.length == 0 || token.length > MAX_TOKEN_BYTES) {
      throw new IllegalArgumentException(
          "XSRF token must be 1 to " + MAX_TOKEN_BYTES + " bytes, got " + token.length + ".");
    }
    byte[] mask = new byte[MASK_BYTES];
    random.nextBytes(mask);
    return "2|" + HEX.formatHex(mask) + "|" + HEX.formatHex(applyMask(mask, token)) + "|"
        + Instant.now().getEpochSecond();
  }

  /**
   * The raw token inside a cookie value or submitted argument in version-2 form, or null when the
   * value is null or malformed (wrong field count, bad hex, mask not 4 bytes, empty or oversized
   * token, non-numeric timestamp).
   */
  public byte[] decode(String cookieOrArgument) {
    if (cookieOrArgument == null) {
      return null;
    }
    String[] parts = cookieOrArgument.split("\\|", -1);
    if (parts.length != 4 || !parts[0].equals("2") || !isDigits(parts[3])) {
      return null;
    }
    byte[] mask = parseHex(parts[1]);
    byte[] masked = parseHex(parts[2]);
    if (mask == null || mask.length != MASK_BYTES
        || masked == null || masked.length == 0 || masked.length > MAX_TOKEN_BYTES) {
      return null;
    }
    return applyMask(mask, masked);
  }

  /**
   * True when both values decode and carry the same token, compared in constant time. False when
   * either is missing or malformed: a request without a valid cookie never passes.
   */
  public boolean matches(String cookieValue, String submittedValue) {
    byte[] expected = decode(cookieValue);
    byte[] submitted = decode(submittedValue);
    return expected != null && submitted != null && MessageDigest.isEqual(expected, submitted);
  }

  /** XOR with the mask repeated, as the WebSocket frame mask (RFC 6455 §5.3); its own inverse. */
  private static byte[] applyMask(byte[] mask, byte[] data) {
    byte[] out = new byte[data.length];
    for (int i = 0; i < data.length; i++) {
      out[i] = (byte) (data[i] ^ mask[i % mask.length]);
    }
    return out;
  }

  private static byte[] parseHex(String hex) {
    if (hex.length() > 2 * MAX_TOKEN_BYTES) {
      return null;
    }
    try {
      return HEX.parseHex(hex);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean isDigits(String s) {
    if (s.isEmpty() || s.length() > 18) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
