package io.squall.http.internal;

import java.nio.charset.StandardCharsets;

/**
 * Hands out one shared {@code String} for text that repeats from request to request (the path, the
 * Host, the Origin, the User-Agent, the client's address), instead of a fresh copy per request. An
 * open WebSocket keeps its handshake request for its whole life, so with ten thousand browsers on a
 * page the copies would add up to megabytes of identical text.
 *
 * <p>A fixed table that never grows, of {@link #BUCKETS} buckets of two slots: two texts that hash
 * to one bucket (a few of two hundred client addresses do) are both kept. A text takes an empty
 * slot at once, but pushes out another text only once it has been seen before (a doorkeeper of
 * hashes remembers texts seen once): values that never repeat (each connection's
 * Sec-WebSocket-Key, a session cookie) then do not push out the ones that do (the address of a
 * client that comes back, the Host). The newest text goes first in its bucket and the older one
 * second; the second one is the one pushed out. Texts longer than {@link #MAX_LENGTH} are not
 * shared.
 *
 * <p>Safe from any thread without locks: a slot holds an immutable {@code String}, and a racing
 * reader sees an old one or a new one, both right (a race may at worst keep a text twice or drop
 * one, which costs a copy, never a wrong text); a race on the doorkeeper's ints at worst forgets a
 * sighting.
 */
public final class SharedStrings {
  static final int BUCKETS = 1024;
  static final int MAX_LENGTH = 192;
  /** Bucket {@code b} is slots {@code 2b} and {@code 2b + 1}. */
  private static final String[] TABLE = new String[BUCKETS * 2];
  /** Hashes of texts seen once and not kept; indexed by a second spread of the hash. */
  private static final int[] SEEN = new int[BUCKETS * 4];
  private static final int SEEN_BITS = Integer.numberOfTrailingZeros(BUCKETS * 4);

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
    int first = firstSlot(h);
    String a = TABLE[first];
    if (a != null && sameText(a, bytes, from, length)) {
      return a;
    }
    String b = TABLE[first + 1];
    if (b != null && sameText(b, bytes, from, length)) {
      return b;
    }
    return admit(h, first, a, b, new String(bytes, from, length, StandardCharsets.ISO_8859_1));
  }

  /** The shared string equal to {@code s} when one is cached, else {@code s}, cached from now on. */
  public static String of(String s) {
    if (s.length() > MAX_LENGTH) {
      return s;
    }
    int h = s.hashCode();
    int first = firstSlot(h);
    String a = TABLE[first];
    if (s.equals(a)) {
      return a;
    }
    String b = TABLE[first + 1];
    if (s.equals(b)) {
      return b;
    }
    return admit(h, first, a, b, s);
  }

  /**
   * Keeps {@code s} (hash {@code h}) in the bucket starting at {@code first}, which held {@code a}
   * then {@code b}: in an empty slot, or first with {@code a} moved second when {@code s} was seen
   * before. Returns {@code s}.
   */
  private static String admit(int h, int first, String a, String b, String s) {
    if (a == null) {
      TABLE[first] = s;
    } else if (b == null) {
      TABLE[first + 1] = s;
    } else {
      int seen = (h * 0x9E3779B9) >>> (32 - SEEN_BITS);
      if (SEEN[seen] == h) {
        SEEN[seen] = 0; // kept now: pushed out later, it must be seen twice again to come back
        TABLE[first + 1] = a;
        TABLE[first] = s;
      } else {
        SEEN[seen] = h;
      }
    }
    return s;
  }

  /** Whether {@code text} is kept now, as this very instance; changes nothing. For tests. */
  static boolean holds(String text) {
    int first = firstSlot(text.hashCode());
    return TABLE[first] == text || TABLE[first + 1] == text;
  }

  /** The bucket {@code text} goes to. For tests. */
  static int bucketOf(String text) {
    return firstSlot(text.hashCode()) / 2;
  }

  /** The Latin-1 hash above equals {@link String#hashCode()}, so both entries share one bucket per text. */
  private static int firstSlot(int h) {
    return ((h ^ (h >>> 16)) & (BUCKETS - 1)) * 2;
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
