package io.squall.websocket.internal;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Masking keys for a client's frames. RFC 6455 §5.3 asks for a fresh key per frame, "derived from
 * a strong source of entropy" and unpredictable, so that whoever chooses a message's bytes cannot
 * choose the bytes a proxy sees, even after watching every earlier frame on the wire. A system
 * call per frame would cost more than a small frame, so keys are cut from a ChaCha20 keystream
 * (a cryptographic generator: past keys tell nothing about the next) under a key and nonce drawn
 * from a {@link SecureRandom}, {@value #KEYS_PER_BLOCK} keys per cipher call into a buffer the
 * generator keeps, so a frame allocates nothing. After {@value #KEYS_PER_SEED} keys (1 GiB of
 * keystream, far below ChaCha20's 256 GiB per nonce) a new key and nonce are drawn.
 *
 * <p>Thread rule: not thread-safe; one instance per connection or per loop.
 */
public final class MaskKeys {
  /** Keys cut from one cipher call: 256 bytes of keystream. */
  static final int KEYS_PER_BLOCK = 64;
  /** Keys drawn under one ChaCha20 key and nonce before new ones are taken. */
  static final long KEYS_PER_SEED = 1L << 28;
  /** Shared: SecureRandom is safe from any thread, and is only touched once per seed. */
  private static final SecureRandom SEEDS = new SecureRandom();
  /** What the cipher encrypts: its output is then the keystream itself. Read only. */
  private static final byte[] ZEROS = new byte[KEYS_PER_BLOCK * 4];

  private final SecureRandom seeds;
  // Touched only by the owning thread; the cipher is made on the first key (a server masks nothing).
  private Cipher cipher;
  private final byte[] stream = new byte[KEYS_PER_BLOCK * 4];
  private int next = KEYS_PER_BLOCK;
  private long keysLeft;

  public MaskKeys() {
    this(SEEDS);
  }

  /** With a given seed source, for tests. */
  MaskKeys(SecureRandom seeds) {
    this.seeds = Objects.requireNonNull(seeds, "seeds");
  }

  /** The next key: 4 bytes, big-endian, as {@link FrameWriter} and {@link WebSocketProtocol#mask} take. */
  public int next() {
    if (next == KEYS_PER_BLOCK) {
      refill();
    }
    int i = next++ * 4;
    return (stream[i] & 0xff) << 24 | (stream[i + 1] & 0xff) << 16 | (stream[i + 2] & 0xff) << 8 | (stream[i + 3] & 0xff);
  }

  private void refill() {
    try {
      if (keysLeft <= 0) {
        reseed();
      }
      cipher.update(ZEROS, 0, ZEROS.length, stream, 0);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20 failed: " + e.getMessage(), e); // every JDK since 11 has it
    }
    keysLeft -= KEYS_PER_BLOCK;
    next = 0;
  }

  private void reseed() throws GeneralSecurityException {
    byte[] seed = new byte[32 + 12];
    seeds.nextBytes(seed);
    if (cipher == null) {
      cipher = Cipher.getInstance("ChaCha20");
    }
    cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(seed, 0, 32, "ChaCha20"),
        new ChaCha20ParameterSpec(java.util.Arrays.copyOfRange(seed, 32, 44), 0));
    keysLeft = KEYS_PER_SEED;
  }
}
