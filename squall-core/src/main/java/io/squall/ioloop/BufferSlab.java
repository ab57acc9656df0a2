package io.squall.ioloop;

import java.nio.ByteBuffer;

/**
 * Small buffers a loop lends for output that leaves through a connection's queue: a small frame is
 * encoded into one, queued, and given back once the socket has taken all of it, so a busy loop
 * sends small messages without allocating their bytes. Every chunk is cut from one array, made at
 * the first loan, which also tells a lent buffer from any other: a buffer whose array is the slab's
 * is one of its chunks. Past {@link #CHUNK} bytes, or while every chunk is out (a backlog across
 * many sockets), a loan is a fresh buffer, which the garbage collector takes back as before.
 *
 * <p>A chunk must stay with one owner: never shared, duplicated or kept after it is given back.
 * Confined to its loop ({@link EventLoop} checks the thread before lending).
 */
final class BufferSlab {
  /** Bytes per chunk: a chat line or a small JSON object in its frame. */
  static final int CHUNK = 256;
  /** Chunks in the slab (256 KiB in all): one in flight on each of a thousand busy sockets. */
  static final int CHUNKS = 1024;

  private byte[] slab;
  /** One buffer object per chunk, made with the slab and reused by every loan of that chunk. */
  private ByteBuffer[] chunks;
  /** Indices of the chunks not lent, as a stack: the last given back is lent first (warm in cache). */
  private int[] free;
  private int freeCount;
  /** Whether each chunk is lent now: a second give-back of one is ignored rather than corrupting the stack. */
  private boolean[] lent;

  /** A buffer with position 0 and limit {@code length}: a chunk when it fits and one is free, else a fresh buffer. */
  ByteBuffer lend(int length) {
    if (length > CHUNK) {
      return ByteBuffer.allocate(length);
    }
    if (slab == null) {
      makeSlab();
    }
    if (freeCount == 0) {
      return ByteBuffer.allocate(length);
    }
    int i = free[--freeCount];
    lent[i] = true;
    return chunks[i].clear().limit(length);
  }

  /**
   * Takes {@code b} back if it is one of the chunks (true), else leaves it alone (false: a buffer
   * of someone else's, or a fresh one lent when no chunk was free).
   */
  boolean giveBack(ByteBuffer b) {
    if (slab == null || !b.hasArray() || b.array() != slab) {
      return false;
    }
    int i = b.arrayOffset() / CHUNK;
    if (lent[i]) {
      lent[i] = false;
      free[freeCount++] = i;
    }
    return true;
  }

  /** Chunks lent now. */
  int lentCount() {
    return slab == null ? 0 : CHUNKS - freeCount;
  }

  private void makeSlab() {
    slab = new byte[CHUNK * CHUNKS];
    chunks = new ByteBuffer[CHUNKS];
    free = new int[CHUNKS];
    lent = new boolean[CHUNKS];
    for (int i = 0; i < CHUNKS; i++) {
      chunks[i] = ByteBuffer.wrap(slab, i * CHUNK, CHUNK).slice();
      free[i] = CHUNKS - 1 - i; // chunk 0 on top
    }
    freeCount = CHUNKS;
  }
}
