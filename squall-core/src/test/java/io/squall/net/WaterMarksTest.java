package io.squall.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WaterMarksTest {
  @Test
  void connectionsAskingForTheSameMarksShareOneInstance() {
    WaterMarks first = WaterMarks.of(32 * 1024, 64 * 1024);
    assertThat(WaterMarks.of(32 * 1024, 64 * 1024)).isSameAs(first);
  }

  @Test
  void otherMarksGetTheirOwnValues() {
    WaterMarks a = WaterMarks.of(10, 20);
    WaterMarks b = WaterMarks.of(30, 40);
    assertThat(b).isNotSameAs(a);
    assertThat(b.low()).isEqualTo(30);
    assertThat(b.high()).isEqualTo(40);
    assertThat(WaterMarks.of(10, 20)).isEqualTo(a);
  }

  @Test
  void aConnectionStartsWithTheDefaultMarks() {
    OutboundQueue q = new OutboundQueue() {};
    q.enqueue(java.nio.ByteBuffer.allocate((int) WaterMarks.DEFAULT.high()), null);
    assertThat(q.belowHighWater()).isTrue();
    q.enqueue(java.nio.ByteBuffer.allocate(1), null);
    assertThat(q.belowHighWater()).isFalse();
  }
}
