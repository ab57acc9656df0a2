package io.squall.ioloop;

import java.nio.ByteBuffer;

/**
 * The memory a loop lends to the code it runs: a read buffer, a write buffer and a scratch array,
 * each consumed before the borrower returns to the loop, so idle connections hold none of their
 * own; and small output buffers, given back once written ({@link BufferSlab}). Confined to its loop ({@link EventLoop} checks the thread before lending).
 */
final class LoopBuffers {
  /** Size of each buffer: large enough for a full TCP receive window burst. */
  static final int BYTES = 64 * 1024;

  final ByteBuffer read = ByteBuffer.allocateDirect(BYTES);
  final ByteBuffer write = ByteBuffer.allocateDirect(BYTES);
  /** Grown on first use. */
  private byte[] scratch = new byte[0];
  /** Small buffers lent until a socket has taken them; its slab is made at the first loan. */
  final BufferSlab slab = new BufferSlab();

  /** An array of at least {@code length} bytes: the kept one up to {@link #BYTES}, a fresh one past it. */
  byte[] scratch(int length) {
    if (length > BYTES) {
      return new byte[length];
    }
    if (scratch.length < length) {
      scratch = new byte[Math.min(BYTES, Math.max(length, 2 * scratch.length))];
    }
    return scratch;
  }
}
