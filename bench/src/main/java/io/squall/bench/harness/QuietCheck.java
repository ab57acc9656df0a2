package io.squall.bench.harness;

import java.util.Map;
import java.util.Set;

/**
 * Refuses to measure on a busy machine: samples every process's CPU time over one second and
 * reports anything but the bench itself that used more than a sliver of a core. Benchmarks on a
 * shared machine measure the neighbour, not the server.
 */
public final class QuietCheck {
  /** A sliver: 5 % of one core (a shell, an idle daemon, the kernel's housekeeping fit in it). */
  public static final double SLIVER_PERCENT = 5.0;

  private QuietCheck() {}

  /** Samples for {@code millis} ms; the result says how much foreign CPU was used and by whom. */
  public static ProcStat.Foreign sample(long millis, Set<Long> alsoOwn) {
    Set<Long> own = ProcStat.ownProcessTree();
    own.addAll(alsoOwn);
    Map<Long, ProcStat.Sample> before = ProcStat.snapshot();
    long t0 = System.nanoTime();
    sleep(millis);
    Map<Long, ProcStat.Sample> after = ProcStat.snapshot();
    return ProcStat.foreign(before, after, own, (System.nanoTime() - t0) / 1e9);
  }

  /**
   * Waits up to {@code maxWaitSeconds} for a quiet half second; returns null when quiet, else the
   * message that explains the refusal.
   */
  public static String awaitQuiet(int maxWaitSeconds, Set<Long> alsoOwn) {
    long deadline = System.nanoTime() + maxWaitSeconds * 1_000_000_000L;
    ProcStat.Foreign f;
    boolean told = false;
    do {
      f = sample(500, alsoOwn);
      if (f.percentOfCore() <= SLIVER_PERCENT) {
        return null;
      }
      if (!told) {
        System.err.printf("bench: machine busy (%.0f%% of a core used by %s); waiting up to %d s for it to calm down%n",
            f.percentOfCore(), String.join(", ", f.busiest()), maxWaitSeconds);
        told = true;
      }
      sleep(4000);
    } while (System.nanoTime() < deadline);
    return "refusing to measure: other processes use %.0f%% of a core (more than the %.0f%% sliver allowed): %s. Stop them and run again."
        .formatted(f.percentOfCore(), SLIVER_PERCENT, String.join(", ", f.busiest()));
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
