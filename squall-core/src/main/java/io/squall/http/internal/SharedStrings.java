package io.squall.http.internal;

import java.nio.charset.StandardCharsets;

/**
 * Hands out one shared {@code String} for text that repeats from request to request (the path, the
 * Host, the Origin, the User-Agent, the client's address), instead of a fresh copy per request. An
 * open WebSocket keeps its handshake request for its whole life, so with ten thousand browsers on a
 * page the copies would add up to megabytes of identical text.
 *
 * <p>A fixed, direct-mapped table: a slot holds the last string that hashed to it, so text that
 * never repeats (a Sec-WebSocket-Key) only replaces a slot, and the table never grows. Texts longer
 * than {@link #MAX_LENGTH} are not shared. Safe from any thread without locks: a slot holds an
 * immutable {@code String}, and a racing reader sees either the old one or the new one, both right.
 */
public final class SharedStrings {
  static final int SLOTS = 1024;
  static final int MAX_LENGTH = 192;
  private static final String[] TABLE = new String[SLOTS];

  private SharedStrings() {}

  /** Bytes {@code [from, to)} as ISO-8859-1 text (each byte one char), shared when seen before. */
  public static String latin1(byte[] bytes, int from, int to) {
    int length = to - from;
    if (length > MAX_LENGTH) {
      return new String(bytes, from, length, StandardCharsets.ISO_8859_1);
    }
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + (bytes[i] & 0xff);
    }
    int slot = spread(h);
    String cached = TABLE[slot];
    if (cached != null && sameText(cached, bytes, from, length)) {
      return cached;
    }
    String s = new String(bytes, from, length, StandardCharsets.ISO_8859_1);
    TABLE[slot] = s;
    return s;
  }

  /** The shared string equal to {@code s} when one is cached, else {@code s}, cached from now on. */
  public static String of(String s) {
    if (s.length() > MAX_LENGTH) {
      return s;
    }
    int slot = spread(s.hashCode());
    String cached = TABLE[slot];
    if (s.equals(cached)) {
      return cached;
    }
    TABLE[slot] = s;
    return s;
  }

  /** The Latin-1 hash above equals {@link String#hashCode()}, so both entries share one slot per text. */
  private static int spread(int h) {
    return (h ^ (h >>> 16)) & (SLOTS - 1);
  }

  private static boolean sameText(String s, byte[] bytes, int from, int length) {
    if (s.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (s.charAt(i) != (bytes[from + i] & 0xff)) {
        return false;
      }
    }
    return true;
  }
}
