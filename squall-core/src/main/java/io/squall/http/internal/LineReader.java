package io.squall.http.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Collects one CRLF- or LF-terminated line from a stream of buffers into its own growable array,
 * so no reference to a caller's buffer outlives a call. Enforces a length limit while the line is
 * still arriving, so an endless line fails as soon as it passes the limit.
 *
 * <p>Confined to the connection's loop, like the parser that owns it.
 */
final class LineReader {
  /** {@link #read} result: the line end has not arrived yet. */
  static final int INCOMPLETE = -1;
  /** {@link #read} result: the line is longer than the limit. */
  static final int TOO_LONG = -2;

  private static final int INITIAL_CAPACITY = 256;
  /** A buffer grown past this by a long line is dropped by {@link #clear()}, not kept by an idle connection. */
  private static final int RETAINED_CAPACITY = 1024;

  private byte[] bytes = new byte[INITIAL_CAPACITY];
  /** Bytes of the current line collected so far, a trailing CR included until the LF shows it is the line end. */
  private int length;
  private boolean endedWithCr;
  /** Bytes of the line seen when {@link #read} returned {@link #TOO_LONG}. */
  private int tooLongAt;

  /**
   * Consumes bytes up to and including the next LF. Returns the line's length without its line
   * end, {@link #INCOMPLETE} when every byte of {@code in} was consumed without reaching the end,
   * or {@link #TOO_LONG} as soon as the line holds more than {@code maxLength} bytes (one more is
   * let through when it is a CR, which may turn out to be the line end).
   */
  int read(ByteBuffer in, int maxLength) {
    int start = in.position();
    int limit = in.limit();
    for (int i = start; i < limit; i++) {
      byte b = in.get(i);
      if (b == HttpChars.LF) {
        append(in, start, i - start);
        in.position(i + 1);
        endedWithCr = length > 0 && bytes[length - 1] == HttpChars.CR;
        if (endedWithCr) {
          length--;
        }
        int lineLength = length;
        length = 0;
        return lineLength;
      }
      int seen = length + i - start + 1;
      if (seen > maxLength + 1 || (seen == maxLength + 1 && b != HttpChars.CR)) {
        tooLongAt = seen;
        return TOO_LONG;
      }
    }
    append(in, start, limit - start);
    in.position(limit);
    return INCOMPLETE;
  }

  /** Whether the line last returned by {@link #read} ended with CR LF rather than a bare LF. */
  boolean endedWithCr() {
    return endedWithCr;
  }

  /** How many bytes of the line had arrived when it was found too long: the limit plus one or two. */
  int tooLongAt() {
    return tooLongAt;
  }

  /** The unsigned byte at {@code index} of the line last returned by {@link #read}. */
  int at(int index) {
    return bytes[index] & 0xff;
  }

  /** Index of the first {@code b} in {@code [from, to)} of the last line, or -1. */
  int indexOf(byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /** Bytes {@code [from, to)} of the last line as ISO-8859-1 text, each byte one char. */
  String string(int from, int to) {
    return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
  }

  /** Like {@link #string}, but one shared instance for text that repeats from request to request. */
  String sharedString(int from, int to) {
    return SharedStrings.latin1(bytes, from, to);
  }

  /** Forgets any partial line and drops a buffer grown by an unusually long one. */
  void clear() {
    length = 0;
    endedWithCr = false;
    if (bytes.length > RETAINED_CAPACITY) {
      bytes = new byte[INITIAL_CAPACITY];
    }
  }

  private void append(ByteBuffer in, int from, int count) {
    if (length + count > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(length + count, bytes.length * 2));
    }
    in.get(from, bytes, length, count);
    length += count;
  }
}
