package io.squall.websocket.internal;

import java.nio.ByteBuffer;

/**
 * A growable byte array holding the payload of a message or control frame that did not arrive in
 * one read. It holds nothing until bytes are appended, grows to at most {@link #GROWTH} times the
 * bytes that arrived and never past the size the headers announce (so a header announcing 10 MiB
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
   *     far as the headers tell; growth never goes past it unless the bytes require
   */
  void append(ByteBuffer src, int from, int to, long expectedSize) {
    int n = to - from;
    int required = size + n;
    if (required > array.length) {
      grow(required, expectedSize);
    }
    src.get(from, array, size, n);
    size = required;
  }

  private void grow(int required, long expectedSize) {
    long room = Math.max(INITIAL_CAPACITY, (long) GROWTH * required);
    int capacity = (int) Math.max(required, Math.min(room, expectedSize));
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
