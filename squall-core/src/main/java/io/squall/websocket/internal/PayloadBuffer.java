package io.squall.websocket.internal;

import java.nio.ByteBuffer;

/**
 * A growable byte array holding the payload of a message or control frame that did not arrive in
 * one read. It holds nothing until bytes are appended, grows to at most {@link #GROWTH} times the
 * bytes that arrived and never past the size the headers announce, except that a message still
 * expecting fragments at least doubles its array when it grows (so a header announcing 10 MiB
 * costs 4 KiB until bytes arrive, while a 1 MiB message arriving in 64 KiB reads gets its whole
 * array at the first one, with no copy on growth), and
 * {@link #release()} gives the array back. A message that fills its array exactly can be handed
 * to the application as it is ({@link #detachIfExact()}).

 *
 * <p>Thread rule: confined to its connection's loop.
 */
final class PayloadBuffer {
  private static final byte[] EMPTY = new byte[0];
  /** First capacity when the expected size is larger: enough for a typical chat or JSON message. */
  private static final int INITIAL_CAPACITY = 4096;
  /** A growth makes room for this many times the bytes held (capped by the announced size). */
  static final int GROWTH = 16;
  /** The largest array a JVM reliably allocates. */
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  private byte[] array = EMPTY;
  private int size;
  /** A reusable window on {@link #array}; replaced when the array grows. */
  private ByteBuffer view;

  int size() {
    return size;
  }

  /** Bytes of memory held. */
  int capacity() {
    return array.length;
  }

  /**
   * Copies {@code src[from..to)} to the end (absolute indices; src's position is unchanged).
   *
   * @param expectedSize the size this buffer will reach when the frame or message is complete, as
   *     far as the headers tell so far
   * @param finalSize whether {@code expectedSize} is the whole: then growth never goes past it; if
   *     more fragments may follow, growth at least doubles the array, so a message in many small
   *     fragments costs copies in proportion to its size, not to its size times its fragments
   */
  void append(ByteBuffer src, int from, int to, long expectedSize, boolean finalSize) {
    int n = to - from;
    int required = size + n;
    if (required > array.length) {
      grow(required, expectedSize, finalSize);
    }
    src.get(from, array, size, n);
    size = required;
  }

  private void grow(int required, long expectedSize, boolean finalSize) {
    long room = Math.max(INITIAL_CAPACITY, (long) GROWTH * required);
    long target = Math.min(room, expectedSize);
    if (!finalSize) {
      target = Math.max(target, Math.max(INITIAL_CAPACITY, 2L * array.length));
    }
    int capacity = (int) Math.min(Math.max(required, target), MAX_ARRAY);
    byte[] grown = new byte[capacity];
    System.arraycopy(array, 0, grown, 0, size);
    array = grown;
    view = null;
  }

  /** The bytes held, from position 0 to limit {@link #size()}; valid until the next change. */
  ByteBuffer view() {
    if (view == null) {
      view = ByteBuffer.wrap(array);
    }
    view.limit(size).position(0);
    return view;
  }

  /**
   * The array, given away, when the bytes fill it exactly (the caller owns it from then on and this
   * buffer is empty); null otherwise.
   */
  byte[] detachIfExact() {
    if (size == 0 || size != array.length) {
      return null;
    }
    byte[] whole = array;
    release();
    return whole;
  }

  /** Drops the bytes and the array, so an idle connection holds nothing. */
  void release() {
    array = EMPTY;
    size = 0;
    view = null;
  }
}
