package io.squall.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.bench.harness.Results.PeerInfo;
import io.squall.bench.harness.Results.Row;
import io.squall.bench.harness.Results.WorkloadResult;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoadgenNotesTest {
  static Row echo(String peer, double rate, String engine, int batch) {
    return new Row(peer, rate, 800.0, 1600.0, 98.0, 80.0, 1.0, null,
        Map.of("loadgenEngine", engine, "loadgenBatch", batch, "fairness", 1.0, "starvedConnections", 0));
  }

  static Results run(List<WorkloadResult> workloads) {
    return new Results("2026-01-01 00:00 UTC", "full", 1.0, Map.of("summary", "box", "kernel", "6"), Map.of(), List.of(),
        List.of(new PeerInfo("squall", "Squall", "JVM", "1"), new PeerInfo("netty", "Netty", "JVM", "4"),
            new PeerInfo("tornado", "Tornado", "CPython", "6"), new PeerInfo(Peer.FLOOR, "C epoll floor (reference)", "C", "x")),
        workloads);
  }

  static WorkloadResult workload(String id, Row... rows) {
    return new WorkloadResult(id, id, "msgs/s", true, Map.of("connections", 100), List.of(rows));
  }

  @Test
  void theMethodDescribesTheIoUringGeneratorAndItsBatchWhenTheRunsWindowsUsedIt() {
    Results r = run(List.of(workload("echo-100", echo("squall", 120_000, "io_uring", 12), echo("netty", 100_000, "io_uring", 12))));

    String bullet = LoadgenNotes.generatorBullet(r);

    assertThat(bullet).contains("measures echo and broadcast on io_uring (every echo and broadcast window of this run)")
        .contains("multishot receive").contains("an eighth of the connections (at most 32").contains("or 200 µs")
        .contains("the round trips measured include that wait").doesNotContain("one thread on epoll");
    assertThat(Report.markdown(r, "x.json", "b", Set.of())).contains(bullet);
  }

  @Test
  void theMethodSaysWhenSomeWindowsFellBackToEpoll() {
    Results r = run(List.of(workload("echo-100", echo("squall", 120_000, "io_uring", 12), echo("netty", 100_000, "epoll", 1))));

    assertThat(LoadgenNotes.generatorBullet(r)).contains("some windows fell back to epoll");
  }

  @Test
  void handshakesOnEpollByDesignAreNotTakenForAFallBack() {
    Results r = run(List.of(workload("echo-100", echo("squall", 120_000, "io_uring", 12), echo("netty", 100_000, "io_uring", 12)),
        workload("handshake", echo("squall", 15_000, "epoll", 1), echo("netty", 14_000, "epoll", 1))));

    assertThat(LoadgenNotes.generatorBullet(r)).contains("(every echo and broadcast window of this run)").doesNotContain("fell back");
  }

  @Test
  void resultsFromBeforeTheGeneratorHadIoUringKeepTheirEpollDescription() {
    Results r = ReportTest.results();

    assertThat(LoadgenNotes.generatorBullet(r)).startsWith("- **Load generator**: `bench/loadgen/loadgen.c`, one thread on epoll")
        .doesNotContain("io_uring");
    assertThat(LoadgenNotes.atOnceBullet(r)).isEmpty();
    assertThat(LoadgenNotes.atOnceParagraph(r)).isEmpty();
  }

  @Test
  void theAnsweredAtOnceParagraphGivesTornadosRateFairnessAndTheRatiosBesideTheTargets() {
    Row unfairTornado = new Row("tornado", 20_000.0, 40.0, 276_000.0, 99.0, 20.0, 1.0, null,
        Map.of("fairness", 0.74, "starvedConnections", 5));
    Results r = run(List.of(
        workload("echo-100", echo("squall", 120_000, "io_uring", 12), echo("netty", 100_000, "io_uring", 12),
            echo("tornado", 12_000, "io_uring", 12)),
        workload("echo-100-at-once", echo("squall", 110_000, "io_uring", 1), echo("netty", 100_000, "io_uring", 1), unfairTornado,
            echo(Peer.FLOOR, 120_000, "io_uring", 1))));

    String p = LoadgenNotes.atOnceParagraph(r);

    assertThat(p).startsWith("**Answered at once.** The targets above are judged on the echo workloads as the generator runs them")
        .contains("echo-100: Tornado echoed 20,000/s (fairness 0.74 (5 starved), p50 40 µs, p99 276.0 ms)")
        .contains("Squall ÷ Tornado 5.50×").contains("Squall ÷ Netty 1.10×").contains("the floor 6.00× Tornado")
        .doesNotContain("echo-1000:");
    assertThat(LoadgenNotes.atOnceBullet(r)).contains("`--batch 1`").contains("Squall, Netty, Tornado and the floor");
    String page = Report.markdown(r, "x.json", "b", Set.of());
    assertThat(page).contains(p);
    assertThat(page.indexOf("**Answered at once.**")).isLessThan(page.indexOf("## Method"));
  }
}
