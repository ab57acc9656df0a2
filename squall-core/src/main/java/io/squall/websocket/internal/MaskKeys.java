package io.squall.websocket.internal;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * Masking keys for a client's frames. RFC 6455 §5.3 asks for a fresh key per frame, "derived from
 * a strong source of entropy" and unpredictable, so that whoever chooses a message's bytes cannot
 * choose the bytes a proxy sees. A system call per frame would cost more than a small frame, so
 * keys come from a xoshiro256** generator (256-bit state, scrambled output) seeded from a {@link
 * SecureRandom} and reseeded every {@value #KEYS_PER_SEED} keys. It is not a cryptographic
 * generator: someone holding many keys of one seed could in principle work out the rest of that
 * seed's keys; reseeding bounds that to {@value #KEYS_PER_SEED} keys. A deployment that wants
 * every key from SecureRandom can swap this class without touching the codec.
 *
 * <p>Thread rule: not thread-safe; one instance per connection or per loop.
 */
public final class MaskKeys {
  /** Keys drawn from one seed before the next is taken. */
  static final int KEYS_PER_SEED = 4096;
  /** Shared: SecureRandom is safe from any thread, and is only touched once per seed. */
  private static final SecureRandom SEEDS = new SecureRandom();

  private final SecureRandom seeds;
  // xoshiro256** state; touched only by the owning thread.
  private long s0;
  private long s1;
  private long s2;
  private long s3;
  private int keysLeft;

  public MaskKeys() {
    this(SEEDS);
  }

  /** With a given seed source, for tests. */
  MaskKeys(SecureRandom seeds) {
    this.seeds = Objects.requireNonNull(seeds, "seeds");
  }

  /** The next key: 4 bytes, big-endian, as {@link FrameWriter} and {@link WebSocketProtocol#mask} take. */
  public int next() {
    if (keysLeft-- == 0) {
      reseed();
    }
    long result = Long.rotateLeft(s1 * 5, 7) * 9;
    long t = s1 << 17;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = Long.rotateLeft(s3, 45);
    return (int) (result >>> 32); // the high bits are the generator's strongest
  }

  private void reseed() {
    s0 = seeds.nextLong();
    s1 = seeds.nextLong();
    s2 = seeds.nextLong();
    s3 = seeds.nextLong();
    if ((s0 | s1 | s2 | s3) == 0) {
      s0 = 1; // the all-zero state would only ever yield zeros
    }
    keysLeft = KEYS_PER_SEED - 1;
  }
}
