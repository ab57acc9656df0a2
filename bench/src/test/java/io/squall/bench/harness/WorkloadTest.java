package io.squall.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkloadTest {
  @Test
  void onlyTheCompressedBroadcastOffersDeflateAndItsMessageIsAboveEveryPeersThreshold() {
    List<Workload> all = Workload.all(false);
    Workload deflate = all.stream().filter(Workload::deflate).findFirst().orElseThrow();

    assertThat(all).filteredOn(Workload::deflate).containsExactly(deflate);
    assertThat(deflate.kind()).isEqualTo(Workload.Kind.BROADCAST);
    assertThat(deflate.loadgenArgs(9)).contains("--deflate", "--mode", "broadcast").containsSequence("--size", "1024");
    assertThat(deflate.offered()).isEqualTo(Workload.DEFLATE_BROADCAST_OFFERED);
    assertThat(deflate.repeat().deflate()).isTrue();
    all.stream().filter(w -> !w.deflate()).forEach(w -> assertThat(w.loadgenArgs(9)).as(w.id()).doesNotContain("--deflate"));
  }

  @Test
  void aQuickRunLeavesOutTheCompressedBroadcastUnlessItIsNamed() {
    assertThat(BenchMain.workloads(true, null)).noneMatch(Workload::deflate).hasSize(Workload.all(true).size() - 1);
    assertThat(BenchMain.workloads(false, null)).anyMatch(Workload::deflate);
    assertThat(BenchMain.workloads(true, Set.of("broadcast-deflate-1000"))).singleElement().matches(Workload::deflate);
    assertThatThrownBy(() -> BenchMain.workloads(true, Set.of("nope")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("known: echo-100,");
  }

  /**
   * A quick run must stay under 10 minutes. Its timed loads (warm-up and window of every workload
   * but idle, for each of the eight peers) get a third of that: the idle workload takes about as
   * much again (a fresh server per peer, the fills of its young generation, 19,000 connections),
   * and starting servers, the quiet checks before each window and the waits for busy servers after
   * it take the rest.
   */
  @Test
  void aQuickRunsTimedLoadsTakeAThirdOfItsTenMinutes() {
    double perPeer = BenchMain.workloads(true, null).stream().filter(w -> w.kind() != Workload.Kind.IDLE)
        .mapToDouble(w -> w.warmupSeconds() + w.durationSeconds()).sum();

    assertThat(perPeer * 8).isLessThanOrEqualTo(200);
  }
}
