package io.squall.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads real Flight Recorder recordings of this JVM: a method that burns CPU and allocates inside a
 * window, and another that burns CPU only outside it.
 */
class ProfileSummaryTest {
  /** An allocated class no one else allocates, so its site is unmistakable. */
  record Allocated(long a, long b, long c) {}

  static volatile Object sink;
  static volatile long blackhole;

  @Test
  void namesWhereTheWindowsCpuAndAllocationWentAndIgnoresWhatLiesOutsideIt(@TempDir Path dir) throws Exception {
    Path jfr = dir.resolve("window.jfr");
    Instant[] window = record(jfr, true, () -> spinOutsideTheWindow(400), () -> {
      spinAndAllocateInTheWindow(1500);
      System.gc();
    }, () -> spinOutsideTheWindow(400));

    ProfileSummary s = ProfileSummary.read(jfr, "test", window[0], window[1], 1_000, "message");

    assertThat(s.cpuEvent()).isEqualTo(ProfileSummary.CPU_TIME_SAMPLE); // JDK 25 builds and runs the bench
    assertThat(s.cpuSamples()).isGreaterThan(20);
    // The spinning method is the top of the stack; checked among the self frames because the totals
    // list keeps the TOP most shared methods, and the dozens of JUnit frames under every sample can
    // push a method seen in 97 % of them off it.
    assertThat(s.selfFrames()).first().satisfies(f -> {
      assertThat(f.what()).endsWith("ProfileSummaryTest.spinAndAllocateInTheWindow");
      assertThat(f.share()).isGreaterThan(0.5);
    });
    assertThat(s.totalFrames()).hasSizeLessThanOrEqualTo(ProfileSummary.TOP);
    assertThat(s.selfFrames()).extracting(ProfileSummary.Share::what).noneMatch(w -> w.contains("OutsideTheWindow"));
    assertThat(s.totalFrames()).extracting(ProfileSummary.Share::what).noneMatch(w -> w.contains("OutsideTheWindow"));
    assertThat(s.threads()).first().satisfies(t -> assertThat(t.what()).isEqualTo("main"));
    assertThat(s.allocationSites()).first().satisfies(site -> {
      assertThat(site.what()).startsWith(Allocated.class.getName() + " at ")
          .contains("ProfileSummaryTest.spinAndAllocateInTheWindow line ");
      assertThat(site.share()).isGreaterThan(0.5);
    });
    // 1.5 s of allocating 32-byte records, minus the spinning: tens of megabytes at least
    assertThat(s.allocatedBytes()).isGreaterThan(10_000_000L);
    assertThat(s.bytesPerOperation()).isEqualTo(s.allocatedBytes() / 1000.0);
    assertThat(s.collections()).isGreaterThanOrEqualTo(1);
    assertThat(s.format())
        .contains("CPU: ", "by thread:", "self: the method on top of the stack", "total: the method anywhere on the stack")
        .contains("bytes per message")
        .contains("GC: ");
    assertThat(s.headline(3)).last().asString().startsWith("allocated about ");
  }

  @Test
  void fallsBackToExecutionSamplesAndSaysTheyMissKernelTime(@TempDir Path dir) throws Exception {
    Path jfr = dir.resolve("execution.jfr");
    Instant[] window = record(jfr, false, () -> {}, () -> spinAndAllocateInTheWindow(800), () -> {});

    ProfileSummary s = ProfileSummary.read(jfr, "test", window[0], window[1], 0, "message");

    assertThat(s.cpuEvent()).isEqualTo(ProfileSummary.EXECUTION_SAMPLE);
    assertThat(s.cpuSamples()).isGreaterThan(10);
    assertThat(s.bytesPerOperation()).isEqualTo(-1);
    assertThat(s.format()).contains("execution samples see Java code only").doesNotContain("bytes per message");
  }

  /**
   * Records {@code before}, {@code inside} and {@code after} with the JDK's "profile" settings, CPU-time
   * samples on or off, into {@code jfr}; returns when the window began and ended.
   */
  private static Instant[] record(Path jfr, boolean cpuTime, Runnable before, Runnable inside, Runnable after) throws Exception {
    Instant[] window = new Instant[2];
    try (Recording r = new Recording(Configuration.getConfiguration("profile"))) {
      if (cpuTime) {
        r.enable(ProfileSummary.CPU_TIME_SAMPLE);
      } else {
        r.disable(ProfileSummary.CPU_TIME_SAMPLE);
      }
      r.start();
      before.run();
      window[0] = Instant.now();
      inside.run();
      window[1] = Instant.now();
      after.run();
      r.stop();
      r.dump(jfr);
    }
    return window;
  }

  private static void spinAndAllocateInTheWindow(long millis) {
    long until = System.nanoTime() + millis * 1_000_000;
    long x = 0;
    while (System.nanoTime() < until) {
      for (int i = 0; i < 2_000; i++) {
        x += i * 31L ^ x >>> 3;
      }
      sink = new Allocated(x, x + 1, x + 2);
    }
    blackhole = x;
  }

  private static void spinOutsideTheWindow(long millis) {
    long until = System.nanoTime() + millis * 1_000_000;
    long x = 0;
    while (System.nanoTime() < until) {
      for (int i = 0; i < 2_000; i++) {
        x += i * 17L ^ x >>> 5;
      }
    }
    blackhole = x;
  }
}
