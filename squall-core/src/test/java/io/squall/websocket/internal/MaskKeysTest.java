package io.squall.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class MaskKeysTest {
  @Test
  void yieldsVaryingKeys() {
    MaskKeys keys = new MaskKeys();
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      seen.add(keys.next());
    }
    // 10,000 draws from 2^32 values collide with probability about 1%: allow a few
    assertThat(seen).hasSizeGreaterThan(9_990);
  }

  @Test
  void everyKeyByteVaries() {
    MaskKeys keys = new MaskKeys();
    int[] ored = new int[1];
    int[] anded = {-1};
    for (int i = 0; i < 1_000; i++) {
      int key = keys.next();
      ored[0] |= key;
      anded[0] &= key;
    }
    assertThat(ored[0]).isEqualTo(-1);
    assertThat(anded[0]).isZero();
  }

  @Test
  void twoGeneratorsDoNotRepeatEachOther() {
    MaskKeys a = new MaskKeys();
    MaskKeys b = new MaskKeys();
    int same = 0;
    for (int i = 0; i < 100; i++) {
      same += a.next() == b.next() ? 1 : 0;
    }
    assertThat(same).isLessThan(2);
  }

  /**
   * RFC 6455 §5.3: unpredictable keys. They are ChaCha20's keystream under the seeded key and nonce
   * (RFC 8439 §2.4: encrypting zeros yields the keystream), four bytes per key, big-endian.
   */
  @Test
  void keysAreTheChaCha20KeystreamOfTheSeed() throws Exception {
    CountingSecureRandom seeds = new CountingSecureRandom();
    MaskKeys keys = new MaskKeys(seeds);
    int[] got = new int[MaskKeys.KEYS_PER_BLOCK * 3];
    for (int i = 0; i < got.length; i++) {
      got[i] = keys.next();
    }
    Cipher reference = Cipher.getInstance("ChaCha20");
    reference.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(seeds.drawn, 0, 32, "ChaCha20"),
        new ChaCha20ParameterSpec(Arrays.copyOfRange(seeds.drawn, 32, 44), 0));
    ByteBuffer stream = ByteBuffer.wrap(reference.update(new byte[got.length * 4]));
    for (int i = 0; i < got.length; i++) {
      assertThat(got[i]).as("key %d", i).isEqualTo(stream.getInt());
    }
    assertThat(seeds.calls).as("one seed, no system call per key").isEqualTo(1);
  }

  /** Seeds 0, 1, 2, ... in order, so a test can rebuild the keystream; counts the draws. */
  private static final class CountingSecureRandom extends SecureRandom {
    int calls;
    byte[] drawn;

    @Override
    public void nextBytes(byte[] bytes) {
      calls++;
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) i;
      }
      drawn = bytes.clone();
    }
  }
}
