package io.squall.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Random;

/**
 * Feeds a {@link FrameReader} as an event loop does: each chunk goes through one shared direct
 * buffer that is overwritten with junk after every read, so a reader that kept a reference to it,
 * instead of copying what it needs, delivers garbage.
 */
final class LoopFeeder {
  private final ByteBuffer shared = ByteBuffer.allocateDirect(64 * 1024);

  /** Feeds {@code bytes} in chunks of the given sizes (the last chunk takes what is left). */
  void feed(FrameReader reader, byte[] bytes, int... chunkSizes) {
    int at = 0;
    for (int i = 0; at < bytes.length; i++) {
      int size = i < chunkSizes.length ? chunkSizes[i] : bytes.length - at;
      feedChunk(reader, bytes, at, Math.min(size, bytes.length - at));
      at += size;
    }
  }

  /** Feeds one byte at a time. */
  void feedByteByByte(FrameReader reader, byte[] bytes) {
    for (int at = 0; at < bytes.length; at++) {
      feedChunk(reader, bytes, at, 1);
    }
  }

  /** Feeds chunks of random sizes from 1 to {@code maxChunk}. */
  void feedRandomly(FrameReader reader, byte[] bytes, Random random, int maxChunk) {
    for (int at = 0; at < bytes.length; ) {
      int size = Math.min(1 + random.nextInt(maxChunk), bytes.length - at);
      feedChunk(reader, bytes, at, size);
      at += size;
    }
  }

  private void feedChunk(FrameReader reader, byte[] bytes, int at, int length) {
    for (int done = 0; done < length; ) {
      int n = Math.min(shared.capacity(), length - done);
      shared.clear().put(bytes, at + done, n).flip();
      reader.read(shared);
      assertThat(shared.remaining()).as("bytes left unread (the reader paused?)").isZero();
      scribble(n);
      done += n;
    }
  }

  /** Overwrites the bytes just read, as the loop's next read would. */
  private void scribble(int n) {
    for (int i = 0; i < n; i++) {
      shared.put(i, (byte) 0x5A);
    }
  }
}
