package io.squall.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.bench.harness.Results.Row;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoundsTest {
  static Row round(double value, double p99, String note) {
    return new Row("netty", value, p99 / 2, p99, 95.0, 60.0, 1.0, note, Map.of("count", (long) value));
  }

  static Row row(String peer, double value) {
    return new Row(peer, value, 1.0, 2.0, 95.0, 60.0, 1.0, null, null);
  }

  @Test
  void theMedianRoundStandsForThePeerWithItsOwnLatenciesAndEveryFigureKept() {
    Row r = Rounds.median(List.of(round(90_000, 2000, null), round(70_000, 3000, null), round(110_000, 1000, null)));
    assertThat(r.value()).isEqualTo(90_000.0);
    assertThat(r.p99us()).isEqualTo(2000.0);
    assertThat(r.extra()).containsEntry("rounds", List.of(90_000.0, 70_000.0, 110_000.0)).containsEntry("medianRound", 1)
        .containsEntry("count", 90_000L);
    assertThat(Rounds.range(r)).containsExactly(70_000.0, 110_000.0);
    assertThat(r.note()).isNull();
  }

  @Test
  void failedRoundsAreLeftOutOfTheMedianAndTheirNotesKept() {
    Row r = Rounds.median(List.of(Row.failed("netty", "did not start"), round(80_000, 2000, "disturbed"), round(100_000, 1000, null)));
    assertThat(r.value()).isEqualTo(80_000.0); // the lower middle of two good rounds
    assertThat(r.note()).isEqualTo("round 1: failed: did not start; round 2: disturbed");
  }

  @Test
  void aSingleRoundIsReturnedAsMeasuredAndHasNoRange() {
    Row only = round(50_000, 900, null);
    assertThat(Rounds.median(List.of(only))).isSameAs(only);
    assertThat(Rounds.range(only)).isNull();
  }

  @Test
  void whenEveryRoundFailedTheFirstFailureIsTheRow() {
    Row r = Rounds.median(List.of(Row.failed("netty", "refused"), Row.failed("netty", "refused again")));
    assertThat(r.ok()).isFalse();
    assertThat(r.note()).isEqualTo("refused");
    assertThatThrownBy(() -> Rounds.median(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withoutBothOfThePairEachRoundStartsOnePeerFurtherOn() {
    List<String> peers = List.of("squall", "jetty", "vertx");
    assertThat(Rounds.order(peers, 0, s -> s)).containsExactly("squall", "jetty", "vertx");
    assertThat(Rounds.order(peers, 1, s -> s)).containsExactly("jetty", "vertx", "squall");
    assertThat(Rounds.order(peers, 4, s -> s)).containsExactly("jetty", "vertx", "squall");
  }

  @Test
  void squallAndNettyAreMeasuredBackToBackInEveryRoundEachGoingFirstInTurn() {
    List<String> peers = List.of("squall", "netty", "jetty", "vertx");
    assertThat(Rounds.order(peers, 0, s -> s)).containsExactly("squall", "netty", "jetty", "vertx");
    assertThat(Rounds.order(peers, 1, s -> s)).containsExactly("vertx", "netty", "squall", "jetty");
    assertThat(Rounds.order(peers, 2, s -> s)).containsExactly("jetty", "vertx", "squall", "netty");
    for (int round = 0; round < 8; round++) {
      List<String> order = Rounds.order(peers, round, s -> s);
      assertThat(order).containsExactlyInAnyOrderElementsOf(peers);
      assertThat(Math.abs(order.indexOf("squall") - order.indexOf("netty"))).isEqualTo(1);
    }
  }

  @Test
  void squallSitsBetweenNettyAndTornadoInEveryRoundTheTwoSwappingSides() {
    List<String> peers = List.of("tornado", "squall", "jetty", "netty", "vertx");
    assertThat(Rounds.order(peers, 0, s -> s)).containsExactly("tornado", "squall", "netty", "jetty", "vertx");
    assertThat(Rounds.order(peers, 1, s -> s)).containsExactly("vertx", "netty", "squall", "tornado", "jetty");
    assertThat(Rounds.order(peers, 2, s -> s)).containsExactly("jetty", "vertx", "tornado", "squall", "netty");
    assertThat(Rounds.order(peers, 3, s -> s)).containsExactly("netty", "squall", "tornado", "vertx", "jetty");
    for (int round = 0; round < 8; round++) {
      List<String> order = Rounds.order(peers, round, s -> s);
      assertThat(order).containsExactlyInAnyOrderElementsOf(peers);
      int squall = order.indexOf("squall");
      assertThat(Math.abs(squall - order.indexOf("netty"))).isEqualTo(1);
      assertThat(Math.abs(squall - order.indexOf("tornado"))).isEqualTo(1);
      assertThat(order.indexOf("netty") < squall).isEqualTo(round % 2 == 1);
    }
  }

  @Test
  void theFloorRunsRightAfterTornadoSoTheirRatioToo() {
    List<String> peers = List.of("squall", "netty", "jetty", "tornado", Peer.FLOOR);
    assertThat(Rounds.order(peers, 0, s -> s)).containsExactly(Peer.FLOOR, "tornado", "squall", "netty", "jetty");
    assertThat(Rounds.order(peers, 1, s -> s)).containsExactly("jetty", "netty", "squall", "tornado", Peer.FLOOR);
    for (int round = 0; round < 6; round++) {
      List<String> order = Rounds.order(peers, round, s -> s);
      assertThat(order).containsExactlyInAnyOrderElementsOf(peers);
      assertThat(Math.abs(order.indexOf("tornado") - order.indexOf(Peer.FLOOR))).isEqualTo(1);
      assertThat(Math.abs(order.indexOf("squall") - order.indexOf("tornado"))).isEqualTo(1);
      assertThat(Math.abs(order.indexOf("squall") - order.indexOf("netty"))).isEqualTo(1);
    }
  }

  @Test
  void theJdkFloorRunsRightBesideTheCFloorSoTheJdksCostIsMeasuredAtOneMoment() {
    List<String> peers = List.of("squall", "netty", "jetty", "tornado", Peer.FLOOR, Peer.JDK_FLOOR);
    assertThat(Rounds.order(peers, 0, s -> s)).containsExactly(Peer.JDK_FLOOR, Peer.FLOOR, "tornado", "squall", "netty", "jetty");
    assertThat(Rounds.order(peers, 1, s -> s)).containsExactly("jetty", "netty", "squall", "tornado", Peer.FLOOR, Peer.JDK_FLOOR);
    for (int round = 0; round < 6; round++) {
      List<String> order = Rounds.order(peers, round, s -> s);
      assertThat(order).containsExactlyInAnyOrderElementsOf(peers);
      assertThat(Math.abs(order.indexOf(Peer.FLOOR) - order.indexOf(Peer.JDK_FLOOR))).isEqualTo(1);
      assertThat(Math.abs(order.indexOf("tornado") - order.indexOf(Peer.FLOOR))).isEqualTo(1);
      assertThat(Math.abs(order.indexOf("squall") - order.indexOf("tornado"))).isEqualTo(1);
      assertThat(Math.abs(order.indexOf("squall") - order.indexOf("netty"))).isEqualTo(1);
    }
  }

  @Test
  void squallAndTornadoAloneAreStillAPairBackToBack() {
    List<String> peers = List.of("squall", "tornado", "c-floor");
    for (int round = 0; round < 4; round++) {
      List<String> order = Rounds.order(peers, round, s -> s);
      assertThat(order).containsExactlyInAnyOrderElementsOf(peers);
      assertThat(Math.abs(order.indexOf("squall") - order.indexOf("tornado"))).isEqualTo(1);
    }
  }

  @Test
  void rowsKeepWhereTheirPeerStoodAndTellWhetherTwoStoodSideBySide() {
    Row squall = Rounds.withPositions(Rounds.median(List.of(row("squall", 10.0), row("squall", 12.0))), List.of(2, 1));
    Row netty = Rounds.withPositions(Rounds.median(List.of(row("netty", 9.0), row("netty", 9.5))), List.of(3, 2));
    Row jetty = Rounds.withPositions(Rounds.median(List.of(row("jetty", 5.0), row("jetty", 6.0))), List.of(1, 3));

    assertThat(squall.extra()).containsEntry("roundPositions", List.of(2, 1)).containsKey("rounds");
    assertThat(Rounds.besideInEveryRound(squall, netty)).isTrue();
    assertThat(Rounds.besideInEveryRound(squall, jetty)).as("apart in round 2").isFalse();
    assertThat(Rounds.besideInEveryRound(squall, row("tornado", 1.0))).as("a row without places").isFalse();
    assertThat(Rounds.withPositions(row("vertx", 1.0), List.of(1)).extra()).as("a quick run's one round").containsEntry("roundPositions", List.of(1));
    assertThat(Rounds.withPositions(row("vertx", 1.0), List.of())).isEqualTo(row("vertx", 1.0));
  }

  @Test
  void laterRoundsWarmUpBrieflyExceptBroadcastsWhoseLatencyCountsTheirBacklog() {
    Map<String, Workload> byId = new java.util.HashMap<>();
    Workload.all(false).forEach(w -> byId.put(w.id(), w));
    assertThat(byId.get("echo-100").warmupSeconds()).isEqualTo(10);
    assertThat(byId.get("echo-100").repeat().warmupSeconds()).isEqualTo(Workload.REPEAT_WARMUP_SECONDS);
    assertThat(byId.get("broadcast-1000").repeat()).isEqualTo(byId.get("broadcast-1000"));
    assertThat(Rounds.defaultCount(false)).isEqualTo(3);
    assertThat(Rounds.defaultCount(true)).isEqualTo(1);
  }

  @Test
  void handshakesAndEchoesGetFiveRoundsInARunOfSeveralAndOtherWorkloadsTheRunsCount() {
    Workload handshake = byId("handshake");
    Workload echo = byId("echo-100");

    assertThat(Rounds.of(handshake, 3)).isEqualTo(5);
    assertThat(Rounds.of(handshake, 7)).isEqualTo(7);
    assertThat(Rounds.of(handshake, 1)).as("a quick look stays one round").isEqualTo(1);
    assertThat(Rounds.of(echo, 3)).isEqualTo(5);
    assertThat(Rounds.of(byId("echo-1000"), 3)).isEqualTo(5);
    assertThat(Rounds.of(echo, 1)).isEqualTo(1);
    assertThat(Rounds.of(byId("broadcast-1000"), 3)).isEqualTo(3);
    assertThat(Rounds.of(byId("binary-1mib"), 3)).isEqualTo(3);
    assertThat(Rounds.of(byId("echo-100-at-once"), 3)).as("a reference beside the targets: the run's count").isEqualTo(3);
  }

  private static Workload byId(String id) {
    return Workload.all(false).stream().filter(w -> w.id().equals(id)).findFirst().orElseThrow();
  }
}
