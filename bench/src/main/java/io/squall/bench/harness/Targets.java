package io.squall.bench.harness;

import io.squall.bench.harness.Results.Row;
import io.squall.bench.harness.Results.WorkloadResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The targets of issue 6, checked against one run's results. A throughput target measured in
 * rounds is judged on the median of its round-by-round ratios: Squall runs right beside Netty and
 * Tornado in every round ({@link Rounds#order}), so each round's ratio compares the two under the
 * same machine speed, while the ratio of the two median rounds can pair a fast window with a slow
 * one when the machine drifts (one run's echo-100 went 108 k to 58 k echoes/s over its rounds:
 * round by round 0.89× to 1.26×, median 1.07×, but its two median rounds were both the slowest
 * pair, 0.89×). The ratio of the
 * median rounds is kept beside it. Latency and memory targets use the median rounds (rounds record
 * only the headline figure, and a fresh server per idle window drifts little). Stateless.
 */
public final class Targets {
  private Targets() {}

  /**
   * One target: {@code ratio} is Squall's figure over the peer's (null when either is missing),
   * the median of the round-by-round ratios when both rows were measured in the same rounds;
   * {@code medianRounds} is the ratio of the two median rounds (equal to {@code ratio} for a single
   * round or a latency), {@code byRound} says which of the two {@code ratio} is. Met when {@code
   * ratio} is at least {@code bound} (at most, for lower-is-better).
   */
  public record Check(String target, Double ratio, Double medianRounds, boolean byRound, double bound, boolean lowerIsBetter) {
    public Boolean met() {
      return ratio == null ? null : lowerIsBetter ? ratio <= bound : ratio >= bound;
    }
  }

  public static List<Check> evaluate(Results results) {
    List<Check> out = new ArrayList<>();
    for (String id : List.of("echo-100", "echo-1000")) {
      out.add(atLeast(results, id, "value", "netty", 1.0, "Echo msgs/s (" + id + ") ≥ 1.0× Netty"));
      out.add(atLeast(results, id, "value", "tornado", 10.0, "Echo msgs/s (" + id + ") ≥ 10× Tornado"));
    }
    for (String id : List.of("broadcast-1000", "broadcast-10000")) {
      out.add(atLeast(results, id, "value", "netty", 1.2, "Broadcast deliveries/s (" + id + ") ≥ 1.2× Netty"));
      out.add(atMost(results, id, "p99", "netty", 1.0, "Broadcast p99 (" + id + ") no worse than Netty (Squall ÷ Netty ≤ 1)"));
    }
    out.add(atMost(results, "idle", "value", "netty", 0.5, "Idle memory per connection ≤ ½ Netty's"));
    out.add(atLeast(results, "handshake", "value", "netty", 1.0, "Handshakes/s ≥ Netty"));
    out.add(atLeast(results, "binary-1mib", "value", "netty", 1.0, "1 MiB echo MB/s ≥ Netty"));
    return out;
  }

  private static Check atLeast(Results r, String id, String field, String peer, double bound, String text) {
    Double medianRounds = ratio(r, id, field, peer);
    Double byRound = field.equals("value") && medianRounds != null && !medianRounds.isInfinite() ? byRound(r, id, peer) : null;
    return byRound == null ? new Check(text, medianRounds, medianRounds, false, bound, false)
        : new Check(text, byRound, medianRounds, true, bound, false);
  }

  private static Check atMost(Results r, String id, String field, String peer, double bound, String text) {
    Double ratio = ratio(r, id, field, peer);
    return new Check(text, ratio, ratio, false, bound, true);
  }

  /** The median of Squall's figure over the peer's within each round, or null without paired rounds. */
  static Double byRound(Results r, String id, String peer) {
    WorkloadResult w = r.workload(id);
    Row s = w == null ? null : w.row("squall");
    Row p = w == null ? null : w.row(peer);
    double[] ratios = s == null || p == null || !s.ok() || !p.ok() ? null : Rounds.ratiosByRound(s, p);
    return ratios == null || Double.isInfinite(ratios[0]) ? null : ratios[0];
  }

  /**
   * Squall's figure divided by the peer's for one workload (null when either failed). A peer that
   * measured zero (a broadcast that delivered nothing within the window) gives an infinite ratio
   * of throughputs, and a zero ratio of latencies: its deliveries took longer than the window.
   */
  public static Double ratio(Results r, String id, String field, String peer) {
    WorkloadResult w = r.workload(id);
    if (w == null) {
      return null;
    }
    Row s = w.row("squall");
    Row p = w.row(peer);
    Double a = s == null ? null : pick(s, field);
    Double b = p == null ? null : pick(p, field);
    boolean peerGotNothing = p != null && p.ok() && p.value() == 0;
    if (peerGotNothing && a != null && (field.equals("value") ? a > 0 : s.value() != null && s.value() > 0)) {
      return field.equals("value") ? Double.POSITIVE_INFINITY : 0.0;
    }
    return a == null || b == null || b == 0 ? null : a / b;
  }

  /**
   * Peer {@code a}'s figure over peer {@code b}'s in one workload, e.g. the reference floor over
   * Tornado; null when either has no figure or b's is zero.
   */
  public static Double between(Results r, String id, String a, String b) {
    WorkloadResult w = r.workload(id);
    Row x = w == null ? null : w.row(a);
    Row y = w == null ? null : w.row(b);
    return x == null || y == null || !x.ok() || !y.ok() || y.value() == 0 ? null : x.value() / y.value();
  }

  static Double pick(Row row, String field) {
    return switch (field) {
      case "p99" -> row.p99us();
      case "p50" -> row.p50us();
      default -> row.value();
    };
  }
}
