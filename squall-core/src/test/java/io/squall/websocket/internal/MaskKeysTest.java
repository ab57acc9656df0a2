package io.squall.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
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

  @Test
  void drawsAFreshSeedEvery4096Keys() {
    CountingSecureRandom seeds = new CountingSecureRandom();
    MaskKeys keys = new MaskKeys(seeds);
    keys.next();
    assertThat(seeds.longsDrawn).isEqualTo(4);
    for (int i = 1; i < MaskKeys.KEYS_PER_SEED; i++) {
      keys.next();
    }
    assertThat(seeds.longsDrawn).as("no system call per key").isEqualTo(4);
    keys.next();
    assertThat(seeds.longsDrawn).isEqualTo(8);
  }

  private static final class CountingSecureRandom extends SecureRandom {
    int longsDrawn;

    @Override
    public long nextLong() {
      longsDrawn++;
      return super.nextLong();
    }
  }
}
