package io.squall.ioloop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class BufferSlabTest {
  @Test
  void lendsAChunkSizedToTheRequestAndTakesItBack() {
    BufferSlab slab = new BufferSlab();
    ByteBuffer b = slab.lend(34);
    assertThat(b.position()).isZero();
    assertThat(b.limit()).isEqualTo(34);
    assertThat(b.capacity()).isEqualTo(BufferSlab.CHUNK);
    assertThat(slab.lentCount()).isEqualTo(1);
    b.put(0, (byte) 7).position(34); // written, then consumed by a socket

    assertThat(slab.giveBack(b)).isTrue();
    assertThat(slab.lentCount()).isZero();
    ByteBuffer again = slab.lend(10);
    assertThat(again).isSameAs(b); // the chunk given back last is lent first
    assertThat(again.position()).isZero();
    assertThat(again.limit()).isEqualTo(10);
  }

  @Test
  void chunksNeverOverlap() {
    BufferSlab slab = new BufferSlab();
    List<ByteBuffer> lent = new ArrayList<>();
    for (int i = 0; i < BufferSlab.CHUNKS; i++) {
      ByteBuffer b = slab.lend(BufferSlab.CHUNK);
      for (int j = 0; j < BufferSlab.CHUNK; j++) {
        b.put(j, (byte) i);
      }
      lent.add(b);
    }
    for (int i = 0; i < lent.size(); i++) {
      ByteBuffer b = lent.get(i);
      assertThat(b.get(0)).isEqualTo((byte) i);
      assertThat(b.get(BufferSlab.CHUNK - 1)).isEqualTo((byte) i);
    }
    IdentityHashMap<ByteBuffer, Boolean> distinct = new IdentityHashMap<>();
    lent.forEach(b -> distinct.put(b, true));
    assertThat(distinct).hasSize(BufferSlab.CHUNKS);
    assertThat(slab.lentCount()).isEqualTo(BufferSlab.CHUNKS);
  }

  @Test
  void lendsAFreshBufferPastAChunkOrWhenEveryChunkIsOut() {
    BufferSlab slab = new BufferSlab();
    ByteBuffer big = slab.lend(BufferSlab.CHUNK + 1);
    assertThat(big.capacity()).isEqualTo(BufferSlab.CHUNK + 1);
    assertThat(slab.giveBack(big)).isFalse();

    for (int i = 0; i < BufferSlab.CHUNKS; i++) {
      slab.lend(8);
    }
    ByteBuffer extra = slab.lend(8);
    assertThat(extra.capacity()).isEqualTo(8);
    assertThat(extra.limit()).isEqualTo(8);
    assertThat(slab.giveBack(extra)).isFalse();
    assertThat(slab.lentCount()).isEqualTo(BufferSlab.CHUNKS);
  }

  @Test
  void ignoresBuffersItDidNotLendAndASecondGiveBack() {
    BufferSlab slab = new BufferSlab();
    assertThat(slab.giveBack(ByteBuffer.allocate(BufferSlab.CHUNK))).isFalse(); // before any loan: no slab yet
    ByteBuffer a = slab.lend(16);
    ByteBuffer b = slab.lend(16);
    assertThat(slab.giveBack(ByteBuffer.allocate(16))).isFalse();
    assertThat(slab.giveBack(ByteBuffer.allocateDirect(16))).isFalse();
    assertThat(slab.giveBack(ByteBuffer.wrap(new byte[BufferSlab.CHUNK]).asReadOnlyBuffer())).isFalse();

    assertThat(slab.giveBack(a)).isTrue();
    assertThat(slab.giveBack(a)).isTrue(); // ignored: the chunk is not pushed twice
    assertThat(slab.lentCount()).isEqualTo(1);
    ByteBuffer c = slab.lend(16);
    ByteBuffer d = slab.lend(16);
    assertThat(c).isSameAs(a);
    assertThat(d).isNotSameAs(a).isNotSameAs(b); // a second copy of a would share its bytes with c
  }
}
