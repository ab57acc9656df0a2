package io.squall.http;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses and prints IP address literals by hand, so that text from a header can never trigger a
 * DNS lookup ({@code InetAddress.getByName} resolves anything that is not a literal).
 *
 * <p>Accepted: IPv4 dotted quads ({@code 192.0.2.1}; no leading zeros, which some parsers read as
 * octal) and IPv6 in RFC 4291 §2.2 text form, with {@code ::} and a trailing dotted quad, optionally
 * in brackets. Refused: zone ids ({@code %eth0}), ports, host names. IPv4-mapped IPv6 addresses
 * ({@code ::ffff:192.0.2.1}) come out as their 4-byte IPv4 address, so one client has one spelling.
 *
 * <p>Thread rule: stateless; safe from any thread.
 */
final class IpLiteral {
  private static final int MAX_LENGTH = 47; // "[" + 45 (longest IPv6 text with a dotted quad) + "]"

  private IpLiteral() {}

  /** The 4 or 16 address bytes, or null when {@code text} is not an IP literal. */
  static byte[] parse(String text) {
    if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
      return null;
    }
    if (text.startsWith("[") && text.endsWith("]")) {
      text = text.substring(1, text.length() - 1);
    }
    return text.indexOf(':') >= 0 ? normalize(parseV6(text)) : parseV4(text);
  }

  /** Returns the 4 IPv4 bytes of an IPv4-mapped IPv6 address (RFC 4291 §2.5.5.2), else the input. */
  static byte[] normalize(byte[] address) {
    if (address == null || address.length != 16) {
      return address;
    }
    for (int i = 0; i < 10; i++) {
      if (address[i] != 0) {
        return address;
      }
    }
    if (address[10] != (byte) 0xff || address[11] != (byte) 0xff) {
      return address;
    }
    return new byte[] {address[12], address[13], address[14], address[15]};
  }

  /** Dotted quad, or the RFC 5952 canonical IPv6 text (lower case, longest zero run as {@code ::}). */
  static String format(byte[] address) {
    if (address.length == 4) {
      return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "."
          + (address[3] & 0xff);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1; // RFC 5952 §4.2.2: a single zero group is not shortened
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLength - 1;
        continue;
      }
      if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(groups[i]));
    }
    return sb.toString();
  }

  private static byte[] parseV4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      int value = parseDecimalOctet(parts[i]);
      if (value < 0) {
        return null;
      }
      out[i] = (byte) value;
    }
    return out;
  }

  private static int parseDecimalOctet(String part) {
    if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value <= 255 ? value : -1;
  }

  private static byte[] parseV6(String text) {
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return null; // at most one "::", and ":::" is refused too
    }
    List<Integer> head = gap < 0 ? groups(text, true) : groups(text.substring(0, gap), false);
    List<Integer> tail = gap < 0 ? List.of() : groups(text.substring(gap + 2), true);
    if (head == null || tail == null) {
      return null;
    }
    int given = head.size() + tail.size();
    if (gap < 0 ? given != 8 : given > 7) {
      return null;
    }
    byte[] out = new byte[16];
    putGroups(out, 0, head);
    putGroups(out, 8 - tail.size(), tail);
    return out;
  }

  /** 16-bit groups of a colon-separated part; a dotted quad may end the last part (two groups). */
  private static List<Integer> groups(String part, boolean last) {
    List<Integer> out = new ArrayList<>(8);
    if (part.isEmpty()) {
      return out;
    }
    String[] pieces = part.split(":", -1);
    for (int i = 0; i < pieces.length; i++) {
      String piece = pieces[i];
      if (last && i == pieces.length - 1 && piece.indexOf('.') >= 0) {
        byte[] v4 = parseV4(piece);
        if (v4 == null) {
          return null;
        }
        out.add(((v4[0] & 0xff) << 8) | (v4[1] & 0xff));
        out.add(((v4[2] & 0xff) << 8) | (v4[3] & 0xff));
      } else {
        int value = parseHexGroup(piece);
        if (value < 0) {
          return null;
        }
        out.add(value);
      }
    }
    return out.size() <= 8 ? out : null;
  }

  private static int parseHexGroup(String piece) {
    if (piece.isEmpty() || piece.length() > 4) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < piece.length(); i++) {
      char c = piece.charAt(i);
      int digit = c >= '0' && c <= '9' ? c - '0'
          : c >= 'a' && c <= 'f' ? c - 'a' + 10
          : c >= 'A' && c <= 'F' ? c - 'A' + 10
          : -1;
      if (digit < 0) {
        return -1;
      }
      value = (value << 4) | digit;
    }
    return value;
  }

  private static void putGroups(byte[] out, int groupIndex, List<Integer> groups) {
    for (int value : groups) {
      out[2 * groupIndex] = (byte) (value >>> 8);
      out[2 * groupIndex + 1] = (byte) value;
      groupIndex++;
    }
  }
}
