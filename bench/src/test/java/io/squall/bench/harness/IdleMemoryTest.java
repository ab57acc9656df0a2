package io.squall.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdleMemoryTest {
  private static final long SURVIVOR = 6_684_672;

  @Test
  void holdsAQuarterMoreConnectionsThanASurvivorSpaceFits() {
    // Squall's ~990 bytes: 6,752 fit, so 5,000 would leave a quarter of the space unwritten.
    int held = IdleMemory.survivorFillConnections(SURVIVOR, 990, 5_000, 19_000);
    assertThat(held).isEqualTo(8_441);
    assertThat(held * 990L).isGreaterThan(SURVIVOR);
  }

  @Test
  void holdsAtLeastTheFirstStageWhenConnectionsAreLargeOrTheirCostUnknown() {
    assertThat(IdleMemory.survivorFillConnections(SURVIVOR, 14_430, 5_000, 19_000)).isEqualTo(5_000);
    assertThat(IdleMemory.survivorFillConnections(SURVIVOR, -1, 5_000, 19_000)).isEqualTo(5_000);
    assertThat(IdleMemory.survivorFillConnections(SURVIVOR, Double.NaN, 5_000, 19_000)).isEqualTo(5_000);
  }

  @Test
  void neverHoldsMoreThanTheLargestStage() {
    assertThat(IdleMemory.survivorFillConnections(SURVIVOR, 100, 5_000, 19_000)).isEqualTo(19_000);
  }

  @Test
  void theOverflowStaysUnderWhatTheFirstStageFillsInTheOldGeneration() {
    for (double perConnection : new double[] {400, 700, 990, 2_046, 8_120, 14_430}) {
      int held = IdleMemory.survivorFillConnections(SURVIVOR, perConnection, 5_000, 19_000);
      double promoted = held * perConnection - SURVIVOR;
      assertThat(promoted).as("at %s bytes per connection", perConnection).isLessThanOrEqualTo(5_000 * perConnection);
    }
  }

  @Test
  void aFillThatSawMoreThanOneYoungCollectionSaysHowManyAndThatAFreshServerMeasuresAgain() {
    assertThat(new IdleMemory.FillFailed(8_441, 2)).hasMessage("survivor fill: 2 young collections while 8441 connections"
        + " were held (needs exactly 1, as they outnumber the first stage); a fresh server measures again");
    assertThat(new IdleMemory.FillFailed(5_000, 0)).hasMessage(
        "survivor fill: 0 young collections while 5000 connections were held (needs at least 1); a fresh server measures again");
  }

  @Test
  void aHoldLargerThanTheFirstStageFillsOnlyWithExactlyOneYoungCollection() {
    // A second collection promotes all 8,441: 3,441 connections' old-generation pages the first stage never writes.
    assertThat(IdleMemory.filled(1, 8_441)).isTrue();
    assertThat(IdleMemory.filled(2, 8_441)).isFalse();
    assertThat(IdleMemory.filled(0, 8_441)).isFalse();
  }

  @Test
  void aHoldOfTheFirstStagesSizeFillsWithAnyYoungCollection() {
    // Vert.x's 5,000 connections hold ~70 MB, more than eden: opening them alone collects it several times.
    assertThat(IdleMemory.filled(1, 5_000)).isTrue();
    assertThat(IdleMemory.filled(3, 5_000)).isTrue();
    assertThat(IdleMemory.filled(0, 5_000)).isFalse();
  }

  @Test
  void noFillChurnCanAllocateAWholeEden() {
    // 64 slots at ~25,000 handshakes/s and ~3.6 KB of garbage each: ~18 MB in 0.2 s, under a 51 MB eden.
    assertThat(IdleMemory.FILL_CHURN_SECONDS * 25_000 * 3_600).isLessThan(51.0 * (1 << 20) / 2);
  }
}
