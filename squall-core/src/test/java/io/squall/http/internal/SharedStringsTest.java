package io.squall.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SharedStringsTest {
  private static String latin1(String text) {
    byte[] padded = ("xx" + text + "yy").getBytes(StandardCharsets.ISO_8859_1);
    return SharedStrings.latin1(padded, 2, padded.length - 2);
  }

  /**
   * Three texts that go to the same bucket (of two slots) with different hashes (the doorkeeper
   * tells texts apart by hash); {@code tag} makes them differ from other tests' (the table is shared).
   */
  private static String[] sameBucket(String tag) {
    String first = tag + "-0";
    java.util.Set<Integer> hashes = new java.util.HashSet<>(List.of(first.hashCode()));
    List<String> out = new ArrayList<>(List.of(first));
    for (int i = 1; out.size() < 3; i++) {
      String other = tag + "-" + i;
      if (SharedStrings.bucketOf(other) == SharedStrings.bucketOf(first) && hashes.add(other.hashCode())) {
        out.add(other);
      }
    }
    return out.toArray(String[]::new);
  }

  /** Sees each text twice, so that each is kept whatever the bucket held. */
  private static void seeTwice(String... texts) {
    for (String t : texts) {
      latin1(t);
      latin1(t);
    }
  }

  @Test
  void returnsOneInstanceForTextSeenAgain() {
    latin1("Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0"); // cached at once, or noted as seen once
    String cached = latin1("Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0");
    String again = latin1("Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0");

    assertThat(again).isEqualTo("Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0").isSameAs(cached);
  }

  @Test
  void sharesBetweenParsedBytesAndStringsBuiltElsewhere() {
    latin1("192.0.2.77");
    String parsed = latin1("192.0.2.77");

    assertThat(SharedStrings.of(new String("192.0.2.77"))).isSameAs(parsed);
    SharedStrings.of(new String("198.51.100.9"));
    String built = SharedStrings.of(new String("198.51.100.9"));
    assertThat(latin1("198.51.100.9")).isSameAs(built);
  }

  /** A bucket holding {@code texts[0]} and {@code texts[1]} (as {@code zero} and {@code one}); {@code texts[2]} goes there too. */
  private record FullBucket(String[] texts, String zero, String one) {
    static FullBucket of(String tag) {
      String[] texts = sameBucket(tag);
      seeTwice(texts[0], texts[1]); // texts[1] is now first in the bucket, texts[0] second
      return new FullBucket(texts, latin1(texts[0]), latin1(texts[1]));
    }
  }

  @Test
  void twoTextsOfOneBucketAreBothKept() {
    FullBucket b = FullBucket.of("both");

    assertThat(SharedStrings.holds(b.zero())).isTrue();
    assertThat(SharedStrings.holds(b.one())).isTrue();
    assertThat(latin1(b.texts()[0])).isSameAs(b.zero());
    assertThat(latin1(b.texts()[1])).isSameAs(b.one());
  }

  @Test
  void aTextSeenOnceLeavesTheTextsOfAFullBucketInPlace() {
    FullBucket b = FullBucket.of("seen-once");

    String once = latin1(b.texts()[2]);
    assertThat(once).isEqualTo(b.texts()[2]);
    assertThat(SharedStrings.holds(once)).isFalse();
    assertThat(SharedStrings.holds(b.zero())).isTrue();
    assertThat(SharedStrings.holds(b.one())).isTrue();
  }

  @Test
  void aTextSeenTwicePushesOutTheOlderTextOfAFullBucket() {
    FullBucket b = FullBucket.of("seen-twice");
    latin1(b.texts()[2]);
    String two = latin1(b.texts()[2]); // seen before: kept first, texts[1] moves second, texts[0] goes

    assertThat(latin1(b.texts()[2])).isSameAs(two);
    assertThat(SharedStrings.holds(b.one())).isTrue();
    assertThat(SharedStrings.holds(b.zero())).isFalse();
  }

  @Test
  void valuesThatNeverRepeatDoNotPushOutOnesThatDo() {
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      seeTwice("10.9.8." + i);
      addresses.add(latin1("10.9.8." + i));
    }
    List<Boolean> heldBefore = addresses.stream().map(SharedStrings::holds).toList();
    // Two hundred addresses in 1,024 buckets of two: at most a few meet two others in one bucket.
    assertThat(heldBefore).filteredOn(held -> held).hasSizeGreaterThanOrEqualTo(195);
    java.util.Random random = new java.util.Random(6455);
    for (int i = 0; i < 20_000; i++) {
      byte[] nonce = new byte[16];
      random.nextBytes(nonce);
      latin1(java.util.Base64.getEncoder().encodeToString(nonce)); // a Sec-WebSocket-Key
    }
    assertThat(addresses.stream().map(SharedStrings::holds).toList()).isEqualTo(heldBefore);
  }

  @Test
  void decodesEveryByteAsOneLatin1Char() {
    assertThat(latin1("caf\u00e9 \u00ff\u0080")).isEqualTo("caf\u00e9 \u00ff\u0080");
    assertThat(latin1("")).isEmpty();
  }

  @Test
  void neverConfusesDifferentTextsThatShareASlot() {
    // "Aa" and "BB" have the same String hash, so they always land in the same slot
    assertThat(latin1("Aa")).isEqualTo("Aa");
    assertThat(latin1("BB")).isEqualTo("BB");
    assertThat(latin1("Aa")).isEqualTo("Aa");
    assertThat(SharedStrings.of("BB")).isEqualTo("BB");
  }

  @Test
  void leavesLongTextUnshared() {
    String longText = "k".repeat(SharedStrings.MAX_LENGTH + 1);

    assertThat(latin1(longText)).isEqualTo(longText).isNotSameAs(latin1(longText));
    assertThat(SharedStrings.of(longText)).isSameAs(longText);
  }

  @Test
  void givesTheRightTextUnderRacingThreads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int seed = t;
        results.add(pool.submit(() -> {
          for (int i = 0; i < 50_000; i++) {
            String text = "value-" + ((i * 7 + seed) % 3_000);
            if (!latin1(text).equals(text)) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
