package io.squall.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies cookie values with HMAC-SHA256 in Tornado's version-2 format, so a value set
 * by Tornado with the same secret verifies here and the other way round:
 *
 * <pre>
 * 2|1:0|10:1300000000|3:key|8:dmFsdWU=|3d4e60b9...e152
 * ^ ^   ^             ^     ^          ^ hex HMAC-SHA256 of everything before it
 * | |   |             |     `-- base64 of the UTF-8 value
 * | |   |             `-- cookie name, so a value signed for one cookie is refused for another
 * | |   `-- seconds since the epoch when signed
 * | `-- key version (always 0: one secret)
 * `-- format version
 * </pre>
 *
 * Every field is {@code <byte length>:<bytes>}, so no character inside a field can shift the parse.
 *
 * <p>Thread rule: immutable and safe from any thread; each call builds its own {@link Mac}.
 */
public final class SignedCookies {
  /** Tornado's default for {@code max_age_days}: a signed value older than 31 days is refused. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(31);
  /** How far a timestamp may lie ahead of our clock (clock skew between servers) before it is refused. */
  static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(1);

  private static final String ALGORITHM = "HmacSHA256";
  private static final HexFormat HEX = HexFormat.of();
  /** The four length-prefixed fields: key version, timestamp, name, value. */
  private static final int FIELD_COUNT = 4;
  /** Longest accepted length prefix; nine digits cannot overflow an int. */
  private static final int MAX_LENGTH_DIGITS = 9;

  private final SecretKeySpec key;

  public SignedCookies(String secret) {
    if (secret == null || secret.isBlank()) {
      throw new IllegalArgumentException("SignedCookies needs a non-blank secret (the cookie_secret setting).");
    }
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    newMac(); // fail now, not on the first request, if the JDK lacks HMAC-SHA256
  }

  /** Signs {@code value} for the cookie {@code name} with the current time. */
  public String sign(String name, String value) {
    return sign(name, value, Instant.now());
  }

  /** Signs {@code value} for the cookie {@code name} as of {@code now}. */
  public String sign(String name, String value, Instant now) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(now, "now");
    String encodedValue = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    String toSign = "2|" + field("0") + field(Long.toString(now.getEpochSecond())) + field(name)
        + field(encodedValue);
    byte[] toSignBytes = toSign.getBytes(StandardCharsets.UTF_8);
    return toSign + HEX.formatHex(hmac(toSignBytes, toSignBytes.length));
  }

  /** Returns the value signed for {@code name}, or null when it is not a valid, fresh signature. */
  public String verify(String name, String signedValue, Duration maxAge) {
    return verify(name, signedValue, maxAge, Instant.now());
  }

  /**
   * Returns the value signed for {@code name}, or null when {@code signedValue} is null, malformed,
   * tampered with, signed with another secret or for another name, older than {@code maxAge}, or
   * dated more than a minute after {@code now}.
   */
  public String verify(String name, String signedValue, Duration maxAge, Instant now) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(now, "now");
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException("maxAge must not be negative, got " + maxAge + ".");
    }
    if (signedValue == null || !signedValue.startsWith("2|")) {
      return null;
    }
    byte[] bytes = signedValue.getBytes(StandardCharsets.UTF_8);
    byte[][] fields = new byte[FIELD_COUNT][];
    int pos = 2;
    for (int i = 0; i < FIELD_COUNT; i++) {
      pos = consumeField(bytes, pos, fields, i);
      if (pos < 0) {
        return null;
      }
    }
    byte[] passedSignature = Arrays.copyOfRange(bytes, pos, bytes.length);
    byte[] expectedSignature = HEX.formatHex(hmac(bytes, pos)).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expectedSignature, passedSignature)) {
      return null;
    }
    if (!Arrays.equals(fields[2], name.getBytes(StandardCharsets.UTF_8))) {
      return null;
    }
    long timestamp = parseDigits(fields[1]);
    if (timestamp < 0
        || timestamp < now.getEpochSecond() - maxAge.getSeconds()
        || timestamp > now.getEpochSecond() + MAX_CLOCK_SKEW.getSeconds()) {
      return null;
    }
    return decodeValue(fields[3]);
  }

  /** {@code <utf-8 length>:<text>|}, Tornado's {@code format_field} plus the separator. */
  private static String field(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length + ":" + text + "|";
  }

  /**
   * Reads {@code <length>:<bytes>|} at {@code pos} into {@code fields[index]}; returns the position
   * after the separator, or -1 when the field is malformed.
   */
  private static int consumeField(byte[] bytes, int pos, byte[][] fields, int index) {
    int colon = pos;
    while (colon < bytes.length && bytes[colon] != ':') {
      colon++;
    }
    if (colon == bytes.length || colon - pos > MAX_LENGTH_DIGITS) {
      return -1;
    }
    long length = parseDigits(Arrays.copyOfRange(bytes, pos, colon));
    int start = colon + 1;
    if (length < 0 || length >= bytes.length - start || bytes[start + (int) length] != '|') {
      return -1;
    }
    fields[index] = Arrays.copyOfRange(bytes, start, start + (int) length);
    return start + (int) length + 1;
  }

  /** Parses 1 to 18 ASCII digits (no sign, no spaces); -1 for anything else. */
  private static long parseDigits(byte[] digits) {
    if (digits.length == 0 || digits.length > 18) {
      return -1;
    }
    long result = 0;
    for (byte b : digits) {
      if (b < '0' || b > '9') {
        return -1;
      }
      result = result * 10 + (b - '0');
    }
    return result;
  }

  private static String decodeValue(byte[] base64) {
    try {
      byte[] raw = Base64.getDecoder().decode(base64);
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(raw)).toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      return null;
    }
  }

  private byte[] hmac(byte[] bytes, int length) {
    Mac mac = newMac();
    mac.update(bytes, 0, length);
    return mac.doFinal();
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("This JDK cannot compute " + ALGORITHM + ".", e);
    }
  }
}
