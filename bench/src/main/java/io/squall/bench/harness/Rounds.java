package io.squall.bench.harness;

import io.squall.bench.harness.Results.Row;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One peer's figure for a workload measured in several rounds: the round with the median figure
 * stands for the peer (its latencies and CPU come with it, so the row stays one real window), and
 * the row also carries every round's figure. On a machine whose speed drifts, a median of
 * interleaved rounds compares peers under the same conditions; one window each would compare the
 * moments they happened to run in. Stateless.
 */
public final class Rounds {
  private Rounds() {}

  /** Rounds in a run: one in quick mode (a fast look), three in full mode. */
  public static int defaultCount(boolean quick) {
    return quick ? 1 : 3;
  }

  /** Rounds of the handshake and echo workloads in a run of several rounds. */
  public static final int NOISY_ROUNDS = 5;

  /**
   * Rounds of {@code w} in a run of {@code runRounds}: handshakes and small-message echoes get at
   * least {@link #NOISY_ROUNDS} when the run has several. Their rates move the most from round to
   * round, and a round costs seconds. One full run measured handshakes at 8.7 k to 15.3 k for
   * Netty and 12.0 k to 15.7 k for Squall: the load generator's own connect and close cost shifts
   * with the kernel's state. Another put Squall ÷ Netty at echo-100 anywhere from 0.98 to 1.15.
   * There the one-core load generator, at 80 to 98 % of its core, is as much the limit as the
   * server, and how it batches its wake-ups moves the rate.
   */
  public static int of(Workload w, int runRounds) {
    // The echoes answered at once are references beside the targets: the run's own count of rounds.
    boolean noisy = w.kind() == Workload.Kind.HANDSHAKE || (w.kind() == Workload.Kind.ECHO && !w.atOnce());
    return noisy && runRounds > 1 ? Math.max(runRounds, NOISY_ROUNDS) : runRounds;
  }

  /**
   * The median round of {@code samples} (in round order), with {@code rounds} (every figure, in
   * order) added to its extra figures and every round's note kept. Failed rounds are left out of
   * the median; with an even number of good rounds the lower middle one stands. When every round
   * failed, the first failure is returned.
   */
  public static Row median(List<Row> samples) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("No rounds to combine.");
    }
    if (samples.size() == 1) {
      return samples.get(0);
    }
    List<Row> ok = samples.stream().filter(Row::ok).sorted(Comparator.comparingDouble(Row::value)).toList();
    if (ok.isEmpty()) {
      return samples.get(0);
    }
    Row mid = ok.get((ok.size() - 1) / 2);
    Map<String, Object> extra = new LinkedHashMap<>(mid.extra() == null ? Map.of() : mid.extra());
    List<Double> figures = new ArrayList<>();
    Set<String> notes = new LinkedHashSet<>();
    for (int i = 0; i < samples.size(); i++) {
      Row s = samples.get(i);
      figures.add(s.value());
      if (s.note() != null) {
        notes.add("round " + (i + 1) + ": " + (s.ok() ? "" : "failed: ") + s.note());
      }
    }
    extra.put("rounds", figures);
    extra.put("medianRound", samples.indexOf(mid) + 1);
    String note = notes.isEmpty() ? null : String.join("; ", notes);
    return new Row(mid.peer(), mid.value(), mid.p50us(), mid.p99us(), mid.serverCpuPct(), mid.loadgenCpuPct(),
        mid.foreignCpuPct(), note, extra);
  }

  /** Where a row's peer stood in each round's order (1 for first), kept in its extra figures. */
  static final String POSITIONS = "roundPositions";

  /** {@code row} with the peer's place in each round's order added to its extra figures. */
  public static Row withPositions(Row row, List<Integer> positions) {
    if (positions == null || positions.isEmpty()) {
      return row;
    }
    Map<String, Object> extra = new LinkedHashMap<>(row.extra() == null ? Map.of() : row.extra());
    extra.put(POSITIONS, List.copyOf(positions));
    return new Row(row.peer(), row.value(), row.p50us(), row.p99us(), row.serverCpuPct(), row.loadgenCpuPct(),
        row.foreignCpuPct(), row.note(), extra);
  }

  /**
   * Whether the two rows' peers were measured right beside each other in every round: both record
   * their places ({@link #withPositions}), for the same rounds, one apart each time. False for rows
   * from a run that did not record them.
   */
  public static boolean besideInEveryRound(Row a, Row b) {
    List<Double> pa = a == null ? null : numbers(a.extra() == null ? null : a.extra().get(POSITIONS));
    List<Double> pb = b == null ? null : numbers(b.extra() == null ? null : b.extra().get(POSITIONS));
    if (pa == null || pb == null || pa.size() != pb.size() || pa.isEmpty()) {
      return false;
    }
    for (int i = 0; i < pa.size(); i++) {
      if (pa.get(i) == null || pb.get(i) == null || Math.abs(pa.get(i) - pb.get(i)) != 1) {
        return false;
      }
    }
    return true;
  }

  /** The smallest and largest figure of the rounds a row was combined from, or null for a single round. */
  public static double[] range(Row row) {
    List<Double> figures = figures(row);
    if (figures == null) {
      return null;
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Double f : figures) {
      if (f != null) {
        lo = Math.min(lo, f);
        hi = Math.max(hi, f);
      }
    }
    return lo > hi ? null : new double[] {lo, hi};
  }

  /**
   * Squall's figure over the peer's within each round, then the median of those ratios (the lower
   * middle one for an even count), the smallest and the largest: {@code {median, min, max}}. Null
   * unless both rows carry the same number of rounds and at least one round has both figures.
   */
  public static double[] ratiosByRound(Row squall, Row peer) {
    List<Double> a = figures(squall);
    List<Double> b = figures(peer);
    if (a == null || b == null || a.size() != b.size()) {
      return null;
    }
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      Double x = a.get(i);
      Double y = b.get(i);
      if (x != null && y != null && !x.isNaN() && !y.isNaN()) {
        ratios.add(y == 0 ? Double.POSITIVE_INFINITY : x / y);
      }
    }
    if (ratios.isEmpty()) {
      return null;
    }
    ratios.sort(null);
    return new double[] {ratios.get((ratios.size() - 1) / 2), ratios.get(0), ratios.get(ratios.size() - 1)};
  }

  private static List<Double> figures(Row row) {
    return row == null || row.extra() == null ? null : numbers(row.extra().get("rounds"));
  }

  /** A list of numbers as doubles (null for an element that is not one), or null when {@code value} is not a list. */
  private static List<Double> numbers(Object value) {
    if (!(value instanceof List<?> list)) {
      return null;
    }
    List<Double> out = new ArrayList<>();
    for (Object f : list) {
      out.add(f instanceof Number n ? n.doubleValue() : null);
    }
    return out;
  }

  /** The peer under test. */
  public static final String SUBJECT = "squall";
  /**
   * The peers measured side by side in every round, in this order (or its reverse): each target's
   * pair, the reference floor beside Tornado, whose ratio to Tornado is the most any server can
   * reach on the machine, and the JDK floor beside the C floor, whose ratio to it is what the JDK's
   * own selector and socket channels cost.
   */
  static final List<String> CHAIN = List.of("netty", SUBJECT, "tornado", Peer.FLOOR, Peer.JDK_FLOOR);

  /**
   * The peers in the order round {@code round} measures them. {@link #SUBJECT} is measured right
   * beside each peer the targets divide its figures by in every round, Netty on one side and Tornado
   * on the other, the floor on Tornado's other side and the JDK floor after it ({@link #CHAIN}); the chain runs one way in
   * odd rounds and the other way in even ones, so each pair goes first in turn. The speed of a shared VM
   * drifts over minutes, and the two figures a ratio divides should see the same moment; one run
   * measured Squall ÷ Tornado at echo-100 anywhere from 6.75× to 13.48× while Tornado ran up to a
   * round away from Squall. The chain and the other peers move one place further each round, so
   * every peer meets every position. Peers of the chain that a workload does not run are left out
   * of it; without the subject or any other member, the peers simply rotate.
   */
  public static <T> List<T> order(List<T> peers, int round, Function<T, String> name) {
    List<T> chain = new ArrayList<>(CHAIN.size());
    List<T> others = new ArrayList<>(peers.size());
    for (T p : peers) {
      (CHAIN.contains(name.apply(p)) ? chain : others).add(p);
    }
    boolean withSubject = chain.stream().anyMatch(p -> name.apply(p).equals(SUBJECT));
    if (!withSubject || chain.size() < 2) {
      return rotated(peers, round);
    }
    chain.sort(Comparator.comparingInt(p -> CHAIN.indexOf(name.apply(p))));
    if (round % 2 == 0) {
      Collections.reverse(chain);
    }
    List<T> out = rotated(others, round);
    out.addAll(round % (others.size() + 1), chain);
    return out;
  }

  /** The peers in the order a round measures them: each round starts one peer further on. */
  static <T> List<T> rotated(List<T> peers, int round) {
    List<T> out = new ArrayList<>(peers.size());
    for (int i = 0; i < peers.size(); i++) {
      out.add(peers.get((i + round) % peers.size()));
    }
    return out;
  }
}
