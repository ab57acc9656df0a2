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

  @Test
  void returnsOneInstanceForTextSeenAgain() {
    String first = latin1("Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0");
    String second = latin1("Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0");

    assertThat(second).isEqualTo("Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0").isSameAs(first);
  }

  @Test
  void sharesBetweenParsedBytesAndStringsBuiltElsewhere() {
    String parsed = latin1("192.0.2.77");

    assertThat(SharedStrings.of(new String("192.0.2.77"))).isSameAs(parsed);
    String built = SharedStrings.of(new String("198.51.100.9"));
    assertThat(latin1("198.51.100.9")).isSameAs(built);
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
