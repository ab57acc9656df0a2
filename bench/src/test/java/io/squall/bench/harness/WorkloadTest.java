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

  @Test
  void echoesTellTheGeneratorItsBatchAnEighthOfTheConnectionsAtMost32AndTheAtOnceReferencesOne() {
    List<Workload> full = Workload.all(false);
    Workload echo100 = byId(full, "echo-100");
    Workload echo1000 = byId(full, "echo-1000");
    Workload atOnce = byId(full, "echo-1000-at-once");

    assertThat(echo100.loadgenArgs(9)).containsSequence("--batch", "12", "--batch-wait-us", "200");
    assertThat(echo1000.loadgenArgs(9)).containsSequence("--batch", "32", "--batch-wait-us", "200");
    assertThat(atOnce.loadgenArgs(9)).containsSequence("--batch", "1").contains("--conns", "1000");
    assertThat(atOnce.repeat().atOnce()).isTrue();
    assertThat(byId(full, "binary-1mib").loadgenArgs(9)).as("two connections: nothing to batch").doesNotContain("--batch");
    assertThat(byId(full, "broadcast-1000").loadgenArgs(9)).doesNotContain("--batch");
    assertThat(full).filteredOn(Workload::atOnce).extracting(Workload::id).containsExactly("echo-100-at-once", "echo-1000-at-once");
    assertThat(Workload.all(true)).as("references of full runs only").noneMatch(Workload::atOnce);
  }

  @Test
  void onlySquallNettyTornadoAndTheFloorEchoAnsweredAtOnce() {
    Workload atOnce = byId(Workload.all(false), "echo-100-at-once");
    Workload echo = byId(Workload.all(false), "echo-100");

    List<Peer> peers = Peer.all(java.nio.file.Path.of(".."), new Versions());
    assertThat(Runner.taking(peers, atOnce)).extracting(Peer::name).containsExactly("squall", "netty", "tornado", Peer.FLOOR);
    assertThat(Runner.taking(peers, echo)).hasSize(peers.size());
  }

  private static Workload byId(List<Workload> all, String id) {
    return all.stream().filter(w -> w.id().equals(id)).findFirst().orElseThrow();
  }
}
