package io.squall.http.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Character classes of HTTP/1.1 (RFC 9110 §5.6.2 tokens, §5.5 field values) and the quoting of
 * untrusted text into error messages.
 *
 * <p>Stateless; safe from any thread.
 */
public final class HttpChars {
  public static final byte CR = '\r';
  public static final byte LF = '\n';
  public static final byte SP = ' ';
  public static final byte HTAB = '\t';

  /** Longest piece of untrusted text quoted into an error message. */
  private static final int MAX_QUOTED_CHARS = 64;
  /** tchar (RFC 9110 §5.6.2): {@code !#$%&'*+-.^_`|~}, DIGIT and ALPHA. */
  private static final boolean[] TCHAR = new boolean[128];

  static {
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
      TCHAR[c] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      TCHAR[c] = true;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      TCHAR[c] = true;
      TCHAR[c - 'a' + 'A'] = true;
    }
  }

  private HttpChars() {}

  /** Whether the char (or the unsigned value of a byte) may appear in a token. */
  public static boolean isTokenChar(int c) {
    return c >= 0 && c < 128 && TCHAR[c];
  }

  /** Whether the string is a non-empty token, as a method or a field name must be. */
  public static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isTokenChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Controls other than HTAB may not appear in a field value (RFC 9110 §5.5); nor in a target. */
  public static boolean isForbiddenControl(int c) {
    return (c < 0x20 && c != HTAB) || c == 0x7f;
  }

  /** Index of the first forbidden control character in the string, or -1. */
  public static int indexOfForbiddenControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (isForbiddenControl(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  /** HEXDIG: 0-9, A-F, a-f (RFC 5234 §B.1, case-insensitive as RFC 9112 §7.1 reads it). */
  public static boolean isHexDigit(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** Optional whitespace, OWS (RFC 9110 §5.6.3). */
  public static boolean isOws(int c) {
    return c == SP || c == HTAB;
  }

  /** The string without leading and trailing OWS. */
  public static String trimOws(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isOws(s.charAt(start))) {
      start++;
    }
    while (end > start && isOws(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  /** A character as it appears in messages: "0x0D". */
  public static String hex(int c) {
    return String.format("0x%02X", c);
  }

  /**
   * Untrusted text for an error message: in double quotes, controls and non-ASCII escaped as
   * {@code \xNN}, cut after 64 characters with "...", so a message can neither forge log lines nor
   * grow with the input.
   */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_QUOTED_CHARS) + 8).append('"');
    int n = Math.min(s.length(), MAX_QUOTED_CHARS);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
        b.append(c == '"' || c == '\\' ? "\\" + c : String.format("\\x%02X", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append(s.length() > n ? "...\"" : "\"").toString();
  }


  /**
   * {@code s} as UTF-8 with every byte %XX-escaped (upper-case hex, RFC 3986 §2.1) except ASCII
   * letters, digits and the characters of {@code keep}.
   */
  public static String percentEncode(String s, String keep) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || keep.indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(UPPER_HEX.charAt(c >> 4)).append(UPPER_HEX.charAt(c & 15));
      }
    }
    return out.toString();
  }

  private static final String UPPER_HEX = "0123456789ABCDEF";

  /**
   * The bytes {@code s} stands for, each %XX escape decoded ('+' a space when {@code plusIsSpace},
   * as in forms); null when an escape is malformed. The caller decides what the bytes must be.
   */
  public static byte[] percentDecode(String s, boolean plusIsSpace) {
    byte[] raw = s.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[raw.length];
    int n = 0;
    for (int i = 0; i < raw.length; i++) {
      byte b = raw[i];
      if (b == '+' && plusIsSpace) {
        out[n++] = ' ';
      } else if (b != '%') {
        out[n++] = b;
      } else {
        int high = i + 2 < raw.length ? Character.digit(raw[i + 1], 16) : -1;
        int low = high >= 0 ? Character.digit(raw[i + 2], 16) : -1;
        if (low < 0) {
          return null;
        }
        out[n++] = (byte) (high << 4 | low);
        i += 2;
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }
  /**
   * {@code bytes[0, length)} as UTF-8, or null when they are not UTF-8 (bad sequences, overlongs,
   * surrogates): what a client sent is refused, never silently turned into U+FFFD, so two different
   * byte strings can never read as the same text.
   */
  public static String utf8OrNull(byte[] bytes, int length) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, length)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /**
   * {@code url} with what a URI cannot hold as it is (non-ASCII, space) UTF-8 percent-encoded (RFC
   * 3986 §2.1), the rest as given: {@code /caf\u00e9} becomes {@code /caf%C3%A9}, not one Latin-1
   * byte. ASCII controls are left for {@code Headers} to refuse.
   */
  public static String asciiUri(String url) {
    StringBuilder out = null;
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c != ' ' && c < 0x80) { // ASCII controls are left for Headers to refuse
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(url.length() + 16).append(url, 0, i);
      }
      int end = Character.isHighSurrogate(c) && i + 1 < url.length() ? i + 2 : i + 1;
      for (byte b : url.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
        out.append('%').append(UPPER_HEX.charAt((b >> 4) & 0xf)).append(UPPER_HEX.charAt(b & 0xf));
      }
      i = end - 1;
    }
    return out == null ? url : out.toString();
  }
}
