package io.squall.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.bench.harness.Results.PeerInfo;
import io.squall.bench.harness.Results.Row;
import io.squall.bench.harness.Results.WorkloadResult;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReportTest {
  static Row row(String peer, Double value, Double p99) {
    return new Row(peer, value, p99 == null ? null : p99 / 2, p99, 99.0, 40.0, 1.0, null, null);
  }

  static Results results() {
    List<WorkloadResult> w = List.of(
        new WorkloadResult("echo-100", "Echo", "msgs/s", true, Map.of("connections", 100),
            List.of(row("squall", 120_000.0, 900.0), row("netty", 100_000.0, 1000.0), row("tornado", 10_000.0, 9000.0))),
        new WorkloadResult("broadcast-1000", "Broadcast", "deliveries/s", true, Map.of("connections", 1000),
            List.of(row("squall", 300_000.0, 2000.0), row("netty", 300_000.0, 1000.0))),
        new WorkloadResult("idle", "Idle", "bytes/conn", false, Map.of("connections", 19000),
            List.of(row("squall", 1000.0, null), row("netty", 2500.0, null), Row.failed("jetty", "did not start"))));
    return new Results("2026-01-01 00:00 UTC", "quick", 1.0, Map.of("summary", "test box", "kernel", "6"), Map.of(), List.of(),
        List.of(new PeerInfo("squall", "Squall", "JVM", "1"), new PeerInfo("netty", "Netty", "JVM", "4"),
            new PeerInfo("tornado", "Tornado", "CPython", "6"), new PeerInfo("jetty", "Jetty", "JVM", "12")),
        w);
  }

  @Test
  void targetsAreSquallOverPeerWithTheirBounds() {
    Map<String, Targets.Check> checks = Targets.evaluate(results()).stream()
        .collect(java.util.stream.Collectors.toMap(Targets.Check::target, c -> c));
    assertThat(checks.get("Echo msgs/s (echo-100) ≥ 1.0× Netty").ratio()).isEqualTo(1.2);
    assertThat(checks.get("Echo msgs/s (echo-100) ≥ 1.0× Netty").met()).isTrue();
    assertThat(checks.get("Echo msgs/s (echo-100) ≥ 10× Tornado").met()).isTrue();
    assertThat(checks.get("Broadcast deliveries/s (broadcast-1000) ≥ 1.2× Netty").met()).isFalse();
    assertThat(checks.get("Broadcast p99 (broadcast-1000) no worse than Netty (Squall ÷ Netty ≤ 1)").ratio()).isEqualTo(2.0);
    assertThat(checks.get("Idle memory per connection ≤ ½ Netty's").met()).isTrue();
    assertThat(checks.get("Handshakes/s ≥ Netty").met()).isNull();
  }

  @Test
  void throughputTargetsMeasuredInRoundsAreJudgedRoundByRound() {
    // a drifting machine: Squall 108.5k → 68.2k over five rounds, each round's Netty run back to back with it
    double[] squall = {108_500, 93_900, 58_500, 61_600, 68_200};
    double[] ratios = {1.26, 1.14, 0.95, 1.07, 0.89};
    List<Row> s = new java.util.ArrayList<>();
    List<Row> n = new java.util.ArrayList<>();
    for (int i = 0; i < squall.length; i++) {
      s.add(row("squall", squall[i], 900.0));
      n.add(row("netty", squall[i] / ratios[i], 1000.0));
    }
    Results r = new Results("2026-01-01 00:00 UTC", "full", 1.0, Map.of("summary", "box", "kernel", "6"), Map.of(), List.of(),
        List.of(new PeerInfo("squall", "Squall", "JVM", "1"), new PeerInfo("netty", "Netty", "JVM", "4")),
        List.of(new WorkloadResult("echo-100", "Echo", "msgs/s", true, Map.of("connections", 100),
            List.of(Rounds.median(s), Rounds.median(n)))));

    Targets.Check echo = Targets.evaluate(r).get(0);

    assertThat(echo.byRound()).isTrue();
    assertThat(echo.ratio()).isCloseTo(1.07, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(echo.medianRounds()).as("both median rounds are the slowest pair, round 5").isCloseTo(0.89, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(echo.met()).isTrue();
    assertThat(Report.markdown(r, "x.json", "b", Set.of()))
        .contains("| target | measured | median rounds | met |")
        .contains("| Echo msgs/s (echo-100) ≥ 1.0× Netty | 1.07× round by round | 0.89× | yes |");
  }

  @Test
  void methodSaysTornadoRanBesideSquallOnlyWhenTheRunRecordedItThere() {
    List<Row> rows = List.of(
        Rounds.withPositions(Rounds.median(List.of(row("squall", 100_000.0, 900.0), row("squall", 90_000.0, 900.0))), List.of(2, 3)),
        Rounds.withPositions(Rounds.median(List.of(row("netty", 90_000.0, 900.0), row("netty", 80_000.0, 900.0))), List.of(3, 2)),
        Rounds.withPositions(Rounds.median(List.of(row("tornado", 10_000.0, 900.0), row("tornado", 9_000.0, 900.0))), List.of(1, 4)));
    Results beside = new Results("2026-01-01 00:00 UTC", "full", 1.0, Map.of("summary", "box", "kernel", "6"), Map.of(), List.of(),
        List.of(new PeerInfo("squall", "Squall", "JVM", "1"), new PeerInfo("netty", "Netty", "JVM", "4"),
            new PeerInfo("tornado", "Tornado", "CPython", "6")),
        List.of(new WorkloadResult("echo-100", "Echo", "msgs/s", true, Map.of("connections", 100), rows)));
    List<Row> apart = List.of(rows.get(0), rows.get(1),
        Rounds.withPositions(Rounds.median(List.of(row("tornado", 10_000.0, 900.0), row("tornado", 9_000.0, 900.0))), List.of(4, 1)));
    Results older = new Results(beside.date(), "full", 1.0, beside.machine(), Map.of(), List.of(), beside.peers(),
        List.of(new WorkloadResult("echo-100", "Echo", "msgs/s", true, Map.of("connections", 100), apart)));

    assertThat(Report.markdown(beside, "x.json", "b", Set.of()))
        .contains("Squall runs right beside Netty and Tornado in every round")
        .contains("Netty on one side and Tornado on the other")
        .doesNotContain("Squall and Netty, the peer the targets compare with");
    assertThat(Report.markdown(older, "x.json", "b", Set.of()))
        .contains("Squall and Netty run back to back in every round")
        .contains("Squall and Netty, the peer the targets compare with, are measured back to back")
        .doesNotContain("Tornado on the other");
  }

  @Test
  void theScaleGivesTheFloorOverTornadoRoundByRoundWhenTheyRanSideBySide() {
    List<Row> rows = List.of(
        Rounds.withPositions(Rounds.median(List.of(row("squall", 90_000.0, 900.0), row("squall", 80_000.0, 900.0),
            row("squall", 70_000.0, 900.0))), List.of(2, 3, 2)),
        Rounds.withPositions(Rounds.median(List.of(row("tornado", 10_000.0, 900.0), row("tornado", 9_000.0, 900.0),
            row("tornado", 8_000.0, 900.0))), List.of(3, 2, 3)),
        Rounds.withPositions(Rounds.median(List.of(row(Peer.FLOOR, 100_000.0, 900.0), row(Peer.FLOOR, 103_500.0, 900.0),
            row(Peer.FLOOR, 96_000.0, 900.0))), List.of(4, 1, 4)));
    Results r = new Results("2026-01-01 00:00 UTC", "full", 1.0, Map.of("summary", "box", "kernel", "6"), Map.of(), List.of(),
        List.of(new PeerInfo("squall", "Squall", "JVM", "1"), new PeerInfo("tornado", "Tornado", "CPython", "6"),
            new PeerInfo(Peer.FLOOR, "C epoll floor (reference)", "C", "x")),
        List.of(new WorkloadResult("echo-100", "Echo", "msgs/s", true, Map.of("connections", 100), rows)));

    assertThat(Report.floorScale(r))
        .contains("echo-100: the floor echoed 11.11× Tornado's rate (measured right after or before it in every round: "
            + "11.50× round by round, 10.00–12.00×)");
    List<Row> apart = List.of(rows.get(0), rows.get(1), Rounds.withPositions(rows.get(2), List.of(1, 1, 1)));
    Results older = new Results(r.date(), "full", 1.0, r.machine(), Map.of(), List.of(), r.peers(),
        List.of(new WorkloadResult("echo-100", "Echo", "msgs/s", true, Map.of("connections", 100), apart)));
    assertThat(Report.floorScale(older)).contains("the floor echoed 11.11× Tornado's rate using").doesNotContain("round by round");
    assertThat(Report.markdown(r, "x.json", "b", Set.of())).contains("the reference floor right beside Tornado, on its other side");
    assertThat(Report.markdown(older, "x.json", "b", Set.of())).doesNotContain("the reference floor right beside Tornado");
  }

  @Test
  void latencyTargetsAndSingleRoundsKeepTheMedianRounds() {
    Map<String, Targets.Check> checks = Targets.evaluate(results()).stream()
        .collect(java.util.stream.Collectors.toMap(Targets.Check::target, c -> c));

    assertThat(checks.values()).noneMatch(Targets.Check::byRound);
    assertThat(checks.get("Broadcast p99 (broadcast-1000) no worse than Netty (Squall ÷ Netty ≤ 1)").medianRounds()).isEqualTo(2.0);
    assertThat(Report.markdown(results(), "x.json", "b", Set.of())).contains("| target | measured | met |");
  }

  @Test
  void aPeerThatDeliveredNothingLosesItsTargetsInsteadOfLeavingThemUnjudged() {
    Results r = new Results("2026-01-01 00:00 UTC", "quick", 1.0, Map.of("summary", "box", "kernel", "6"), Map.of(), List.of(),
        List.of(new PeerInfo("squall", "Squall", "JVM", "1"), new PeerInfo("netty", "Netty", "JVM", "4")),
        List.of(new WorkloadResult("broadcast-10000", "Broadcast", "deliveries/s", true, Map.of("connections", 10000),
            List.of(row("squall", 2_000_000.0, 300_000.0), row("netty", 0.0, null)))));
    Map<String, Targets.Check> checks = Targets.evaluate(r).stream()
        .collect(java.util.stream.Collectors.toMap(Targets.Check::target, c -> c));
    assertThat(checks.get("Broadcast deliveries/s (broadcast-10000) ≥ 1.2× Netty").met()).isTrue();
    assertThat(checks.get("Broadcast p99 (broadcast-10000) no worse than Netty (Squall ÷ Netty ≤ 1)").met()).isTrue();
    assertThat(Report.markdown(r, "x.json", "b", Set.of())).contains("| Broadcast deliveries/s (broadcast-10000) ≥ 1.2× Netty | ∞ (peer: 0) | yes |");
  }

  @Test
  void aPeerThatDeliveredNothingInEveryRoundShowsOneInfiniteRatioInItsRow() {
    Row squall = Rounds.median(List.of(row("squall", 60_000.0, 900.0), row("squall", 60_000.0, 950.0)));
    Row netty = Rounds.median(List.of(row("netty", 0.0, null), row("netty", 0.0, null)));
    WorkloadResult w = new WorkloadResult("broadcast-deflate-1000", "Broadcast", "deliveries/s", true, Map.of("connections", 1000),
        List.of(squall, netty));

    assertThat(Report.table(w, results())).contains("| 0.0–0.0 | ∞ (peer: 0) | ∞ (peer: 0) |");
  }

  @Test
  void echoTableShowsFairnessWithStarvedConnectionsAndTheEchoesPerConnection() {
    Map<String, Object> fair = Map.of("fairness", 0.9989, "starvedConnections", 0, "perConnectionMin", 2980L, "perConnectionMax", 3466L);
    Map<String, Object> unfair = Map.of("fairness", 0.745, "starvedConnections", 3, "perConnectionMin", 8L, "perConnectionMax", 2110L);
    WorkloadResult w = new WorkloadResult("echo-100", "Echo", "msgs/s", true, Map.of("connections", 100),
        List.of(new Row("squall", 111_736.0, 868.0, 1753.0, 98.0, 98.0, 1.0, null, fair),
            new Row("tornado", 22_943.0, 37.0, 310_378.0, 99.0, 21.0, 1.0, null, unfair)));

    String table = Report.table(w, results());

    assertThat(table).contains("| p50 | p99 | fairness | echoes per connection (min–max) |");
    assertThat(table).contains("| Squall | 111,736 | 868 µs | 1,753 µs | 1.00 | 2,980–3,466 |");
    assertThat(table).contains("| Tornado | 22,943 | 37 µs | 310.4 ms | 0.75 (3 starved) | 8–2,110 |");
  }

  @Test
  void tablesWithoutFairnessFiguresHaveNoFairnessColumn() {
    assertThat(Report.table(results().workload("echo-100"), results())).doesNotContain("fairness");
  }

  @Test
  void pageHasATablePerWorkloadWithRatiosChartsAndFailures() {
    String md = Report.markdown(results(), "bench/results/x.json", "benchmarks", Set.of("echo-100.png"));
    assertThat(md).contains("test box").contains("2026-01-01 00:00 UTC");
    assertThat(md).contains("![Echo](benchmarks/echo-100.png)").doesNotContain("benchmarks/idle.png");
    assertThat(md).contains("| Squall | 120,000 | 450 µs | 900 µs | 1.00× | 99 % | 8.3 | 40 % | 1 % |");
    assertThat(md).contains("| Netty | 100,000 | 500 µs | 1,000 µs | 1.20× |");
    assertThat(md).contains("| Jetty | failed |");
    assertThat(md).contains("- idle / Jetty: no figure: did not start");
    assertThat(md).contains("| Echo msgs/s (echo-100) ≥ 1.0× Netty | 1.20× | yes |");
  }

  @Test
  void theReferenceFloorSaysWhatMultipleOfTornadoThisMachineAllows() {
    String md = Report.markdown(echoWithFloor(row("squall", 90_000.0, 900.0), row(Peer.FLOOR, 120_000.0, 800.0)), "x.json", "b", Set.of());
    assertThat(md).contains("echo-100: the floor echoed 6.00× Tornado's rate using 8.3 µs of its core per echo, "
        + "so a whole core would let it echo at most 121,212/s, 6.06× Tornado; Squall reached 75 % of the floor's rate.");
    assertThat(md).contains("| C epoll floor (reference) | 120,000 |").contains("| 0.75× |");
    assertThat(Report.markdown(results(), "x.json", "b", Set.of())).doesNotContain("Scale of the echo targets");
  }

  /** One echo-100 workload run by Squall, Tornado (20,000 msgs/s) and the reference floor. */
  static Results echoWithFloor(Row squall, Row floor) {
    return new Results("2026-01-01 00:00 UTC", "quick", 1.0, Map.of("summary", "box", "kernel", "6"), Map.of(), List.of(),
        List.of(new PeerInfo("squall", "Squall", "JVM", "1"), new PeerInfo("tornado", "Tornado", "CPython", "6"),
            new PeerInfo(Peer.FLOOR, "C epoll floor (reference)", "C", "x")),
        List.of(new WorkloadResult("echo-100", "Echo", "msgs/s", true, Map.of("connections", 100),
            List.of(squall, row("tornado", 20_000.0, 9000.0), floor))));
  }

  static Row withKernel(Row x, double kernelPct) {
    return new Row(x.peer(), x.value(), x.p50us(), x.p99us(), x.serverCpuPct(), x.loadgenCpuPct(), x.foreignCpuPct(), x.note(),
        Map.of(Results.SERVER_KERNEL_PCT, kernelPct));
  }

  @Test
  void theFloorScaleSaysHowMuchOfAnEchoIsTheKernelsWhenItWasRecorded() {
    Results r = echoWithFloor(withKernel(row("squall", 90_000.0, 900.0), 81.0), withKernel(row(Peer.FLOOR, 120_000.0, 800.0), 96.0));
    String md = Report.markdown(r, "x.json", "b", Set.of());
    // 99 % of a core over 90,000 echoes: 11.0 µs each, 81 % of a core in the kernel: 9.0 µs
    assertThat(md).contains("Squall reached 75 % of the floor's rate (Squall 11.0 µs of CPU per echo, 9.0 of them in the kernel; "
        + "the floor 8.3 µs of CPU per echo, 8.0 of them in the kernel)");
    assertThat(md).contains("most of an echo's CPU is the kernel's");
    assertThat(md).contains("| Squall | 90,000 |").contains("| 11.0 (9.0 kernel) |").contains("| 8.3 (8.0 kernel) |");
    // without the kernel share (results recorded before it was), the page says nothing of it
    assertThat(Report.cpuPerOp(row("squall", 90_000.0, 900.0))).isEqualTo("11.0");
    assertThat(Report.kernelSplit(row("squall", 90_000.0, 900.0))).isEmpty();
  }

  @Test
  void theReferenceFloorsTakePartInTheEchoWorkloadsOnly() {
    List<Peer> peers = Peer.all(java.nio.file.Path.of("/repo"), Versions.detect());
    List<Peer> floors = peers.stream().filter(Peer::reference).toList();
    assertThat(floors).extracting(Peer::name).containsExactly(Peer.FLOOR, Peer.JDK_FLOOR);
    assertThat(floors.get(0).command().get(0)).isEqualTo("/repo/bench/target/c_epoll_echo");
    // the JDK floor is a JVM like the JVM peers: the same java, the same flags
    Peer jdk = floors.get(1);
    Peer squall = peers.get(0);
    assertThat(jdk.isJvm()).isTrue();
    assertThat(jdk.command()).containsSubsequence(Peer.JVM_FLAGS).contains("io.squall.bench.peers.NioFloorPeer");
    assertThat(jdk.command().get(0)).isEqualTo(squall.command().get(0));
    for (Workload w : Workload.all(true)) {
      assertThat(Runner.taking(peers, w)).as(w.id()).hasSize(w.kind() == Workload.Kind.ECHO ? peers.size() : peers.size() - 2);
    }
  }

  @Test
  void theScaleGivesTheJdkFloorsShareOfTheFloorAndSquallsShareOfIt() {
    Row squall = Rounds.withPositions(Rounds.median(List.of(row("squall", 90_000.0, 900.0), row("squall", 80_000.0, 900.0),
        row("squall", 70_000.0, 900.0))), List.of(2, 3, 2));
    Row tornado = Rounds.withPositions(Rounds.median(List.of(row("tornado", 10_000.0, 900.0), row("tornado", 9_000.0, 900.0),
        row("tornado", 8_000.0, 900.0))), List.of(3, 2, 3));
    Row floor = Rounds.withPositions(Rounds.median(List.of(row(Peer.FLOOR, 100_000.0, 900.0), row(Peer.FLOOR, 100_000.0, 900.0),
        row(Peer.FLOOR, 80_000.0, 900.0))), List.of(4, 4, 1));
    Row jdk = Rounds.withPositions(Rounds.median(List.of(withKernel(row(Peer.JDK_FLOOR, 90_000.0, 900.0), 90.0),
        withKernel(row(Peer.JDK_FLOOR, 95_000.0, 900.0), 90.0), withKernel(row(Peer.JDK_FLOOR, 60_000.0, 900.0), 90.0))),
        List.of(5, 5, 2));
    Results r = new Results("2026-01-01 00:00 UTC", "full", 1.0, Map.of("summary", "box", "kernel", "6"), Map.of(), List.of(),
        List.of(new PeerInfo("squall", "Squall", "JVM", "1"), new PeerInfo("tornado", "Tornado", "CPython", "6"),
            new PeerInfo(Peer.FLOOR, "C epoll floor (reference)", "C", "x"),
            new PeerInfo(Peer.JDK_FLOOR, "JDK java.nio floor (reference)", "JVM", "x")),
        List.of(new WorkloadResult("echo-100", "Echo", "msgs/s", true, Map.of("connections", 100), List.of(squall, tornado, floor, jdk))));

    // medians: Squall 80,000, the floor 100,000, the JDK floor 90,000; round by round 0.90, 0.95, 0.75 and 1.00, 0.84, 1.17
    assertThat(Report.floorScale(r))
        .contains("and so did the JDK floor (the same server on java.nio)")
        .contains("; the JDK floor (the floor's work on java.nio) reached 90 % of the floor's rate (90 % round by round, 75–95 %, "
            + "right beside it), and Squall 89 % of the JDK floor's (100 % round by round, 84–117 %) (the JDK floor 11.0 µs of CPU per echo, "
            + "10.0 of them in the kernel)")
        .contains("a server on the JDK's own sockets (java.nio, as Squall, Jetty and Java-WebSocket are) spends at least the JDK floor's CPU");
    assertThat(Report.markdown(r, "x.json", "b", Set.of())).contains("- **JDK floor** (the same workloads; not a peer and not in the targets)")
        .contains("| JDK java.nio floor (reference) | 90,000 |");
    // a run without it says nothing of it
    Results without = echoWithFloor(row("squall", 90_000.0, 900.0), row(Peer.FLOOR, 120_000.0, 800.0));
    assertThat(Report.markdown(without, "x.json", "b", Set.of())).doesNotContain("JDK floor");
  }

  @Test
  void aRowMeasuredInRoundsShowsTheirRange() {
    Row median = Rounds.median(List.of(row("squall", 120_000.0, 900.0), row("squall", 95_000.0, 950.0), row("squall", 130_000.0, 800.0)));
    Results base = results();
    WorkloadResult echo = new WorkloadResult("echo-100", "Echo", "msgs/s", true, Map.of("connections", 100),
        List.of(median, row("netty", 100_000.0, 1000.0)));
    String md = Report.table(echo, base);
    assertThat(md).contains("| peer | msgs/s | p50 | p99 | rounds (min–max) | Squall ÷ peer | Squall ÷ peer, round by round |");
    assertThat(md).contains("| Squall | 120,000 | 450 µs | 900 µs | 95,000–130,000 | 1.00× | – |");
    assertThat(md).contains("| Netty | 100,000 | 500 µs | 1,000 µs | – | 1.20× | – |");
  }

  @Test
  void theRoundByRoundRatioDividesTheFiguresOfEachRound() {
    Row squall = Rounds.median(List.of(row("squall", 120_000.0, 900.0), row("squall", 60_000.0, 950.0), row("squall", 100_000.0, 800.0)));
    Row netty = Rounds.median(List.of(row("netty", 100_000.0, 900.0), row("netty", 80_000.0, 950.0), row("netty", 100_000.0, 800.0)));

    // rounds 1.20, 0.75, 1.00: median 1.00, while the median rounds give 100,000 / 100,000
    assertThat(Rounds.ratiosByRound(squall, netty)).containsExactly(1.0, 0.75, 1.2);
    WorkloadResult echo = new WorkloadResult("echo-100", "Echo", "msgs/s", true, Map.of("connections", 100), List.of(squall, netty));
    assertThat(Report.table(echo, results())).contains("| 1.00× | 1.00× (0.75×–1.20×) |");
    assertThat(Rounds.ratiosByRound(squall, row("netty", 1.0, 1.0))).as("a single round").isNull();
  }

  @Test
  void formatsFiguresForReading() {
    assertThat(Report.fmt(1834.93)).isEqualTo("1,835");
    assertThat(Report.fmt(12.34)).isEqualTo("12.3");
    assertThat(Report.fmtUs(128_975.0)).isEqualTo("129.0 ms");
    assertThat(Report.fmtUs(598.0)).isEqualTo("598 µs");
  }

  @Test
  void throughputTablesGiveTheServersCpuTimePerOperation() {
    String md = Report.table(results().workload("echo-100"), results());

    assertThat(md).contains("| server CPU | server µs per msg | loadgen CPU | other CPU |");
    // 99 % of a core over 120,000 msgs/s: 8.25 µs each
    assertThat(md).contains("| Squall | 120,000 | 450 µs | 900 µs | 1.00× | 99 % | 8.3 | 40 % | 1 % |");
    assertThat(Report.table(results().workload("idle"), results())).doesNotContain("µs per");
    assertThat(Report.unit("deliveries/s")).isEqualTo("delivery");
    assertThat(Report.unit("handshakes/s")).isEqualTo("handshake");
    assertThat(Report.unit("MB/s")).isEqualTo("MB");
    assertThat(Report.cpuPerOp(row("squall", 2_000_000.0, 1.0))).isEqualTo("0.50");
    assertThat(Report.cpuPerOp(row("tornado", 900.0, 1.0))).isEqualTo("1,100");
  }

  @Test
  void pageLinksEachPeersSourceAndSaysHowItIsWritten() {
    String page = Report.markdown(results(), "x.json", "b", Set.of());

    assertThat(page).contains("### How each peer is written")
        .contains("- **Netty** ([`bench/src/main/java/io/squall/bench/peers/NettyPeer.java`](../bench/src/main/java/io/squall/bench/peers/NettyPeer.java)): "
            + "native epoll transport")
        .contains("- **Tornado** ([`bench/peers/tornado_server.py`](../bench/peers/tornado_server.py)): ");
    assertThat(page.indexOf("**Squall** ([")).isLessThan(page.indexOf("**Netty** (["));
  }

  @Test
  void everyPeerTheBenchRunsHasANoteWhoseSourceExists() {
    for (Peer p : Peer.all(java.nio.file.Path.of(".."), new Versions())) {
      PeerNotes.Note note = PeerNotes.of(p.name());
      assertThat(note).as(p.name()).isNotNull();
      assertThat(java.nio.file.Path.of("..", note.source())).as(p.name()).isRegularFile();
      assertThat(note.setup()).as(p.name()).isNotBlank().endsWith(".");
    }
    assertThat(PeerNotes.of("unknown")).isNull();
  }

  @Test
  void scaleParagraphSaysWhenTornadosRateCameFromServingOneSocketWhileOthersWaited() {
    Row floor = row(Peer.FLOOR, 120_000.0, 1000.0);
    Row unfair = new Row("tornado", 20_000.0, 40.0, 2_300_000.0, 99.0, 20.0, 1.0, null, Map.of("fairness", 0.37, "starvedConnections", 353));
    Results r = echoWithFloor(row("squall", 90_000.0, 1000.0), floor);
    WorkloadResult echo = r.workloads().get(0);
    Results withUnfair = new Results(r.date(), r.mode(), r.wallSeconds(), r.machine(), r.versions(), r.jvmFlags(), r.peers(),
        List.of(new WorkloadResult(echo.id(), echo.title(), echo.metric(), true, echo.params(), List.of(echo.row("squall"), unfair, floor))));

    assertThat(Report.floorScale(withUnfair)).contains("(Tornado's rate was not earned serving its connections in turn: "
        + "fairness 0.37 (353 starved), p50 40 µs against p99 2,300.0 ms; Tornado reads a socket again");
    assertThat(Report.floorScale(r)).as("a fair Tornado").doesNotContain("not earned");
  }
}
