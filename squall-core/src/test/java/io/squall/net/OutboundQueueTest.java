package io.squall.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class OutboundQueueTest {
  /** A channel that takes at most {@code room} bytes per call, as a full socket buffer would. */
  static final class SlowChannel implements GatheringByteChannel {
    final ByteArrayOutputStream taken = new ByteArrayOutputStream();
    int room;
    int writes;
    int gatheringWrites;

    SlowChannel(int room) {
      this.room = room;
    }

    @Override
    public int write(ByteBuffer src) {
      writes++;
      return take(src);
    }

    private int take(ByteBuffer src) {
      int n = Math.min(room, src.remaining());
      for (int i = 0; i < n; i++) {
        taken.write(src.get());
      }
      return n;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
      gatheringWrites++;
      long total = 0;
      for (int i = offset; i < offset + length; i++) {
        int n = take(srcs[i]);
        total += n;
        if (srcs[i].hasRemaining()) {
          break;
        }
      }
      return total;
    }

    @Override
    public long write(ByteBuffer[] srcs) {
      return write(srcs, 0, srcs.length);
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}

    String text() {
      return taken.toString(StandardCharsets.US_ASCII);
    }
  }

  static ByteBuffer ascii(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void aLoneBufferIsWrittenAndLeavesTheQueueEmpty() throws Exception {
    OutboundQueue q = new OutboundQueue() {};
    SlowChannel ch = new SlowChannel(1 << 20);
    q.enqueue(ascii("HTTP/1.1 101 Switching Protocols\r\n\r\n"), null);
    assertThat(q.queuedBytes()).isEqualTo(36);
    assertThat(q.writeQueueTo(ch)).isTrue();
    assertThat(q.queueEmpty()).isTrue();
    assertThat(q.queuedBytes()).isZero();
    assertThat(ch.text()).isEqualTo("HTTP/1.1 101 Switching Protocols\r\n\r\n");
  }

  @Test
  void buffersQueuedBehindAPartlyWrittenLoneOneKeepTheirOrder() throws Exception {
    OutboundQueue q = new OutboundQueue() {};
    SlowChannel ch = new SlowChannel(3);
    q.enqueue(ascii("abcde"), null);
    assertThat(q.writeQueueTo(ch)).isFalse();
    CompletableFuture<Void> done = new CompletableFuture<>();
    q.enqueue(ascii("fgh"), done);
    q.enqueue(ascii("ij"), null);
    assertThat(q.queuedBytes()).isEqualTo(7);
    ch.room = 100;
    assertThat(q.writeQueueTo(ch)).isTrue();
    assertThat(ch.text()).isEqualTo("abcdefghij");
    assertThat(done).isCompleted();
    assertThat(q.queueEmpty()).isTrue();
    assertThat(q.queuedBytes()).isZero();
  }

  @Test
  void aBufferWithAFutureCompletesItOnceWritten() throws Exception {
    OutboundQueue q = new OutboundQueue() {};
    SlowChannel ch = new SlowChannel(2);
    CompletableFuture<Void> done = new CompletableFuture<>();
    q.enqueue(ascii("xyz"), done);
    assertThat(q.writeQueueTo(ch)).isFalse();
    assertThat(done).isNotDone();
    assertThat(q.writeQueueTo(ch)).isTrue();
    assertThat(done).isCompleted();
  }

  @Test
  void failAllDropsEveryBufferAndFailsEveryFuture() {
    OutboundQueue q = new OutboundQueue() {};
    q.enqueue(ascii("lone"), null);
    q.failQueued(() -> new IllegalStateException("closed"));
    assertThat(q.queueEmpty()).isTrue();
    assertThat(q.queuedBytes()).isZero();
    CompletableFuture<Void> done = new CompletableFuture<>();
    q.enqueue(ascii("one"), null);
    q.enqueue(ascii("two"), done);
    q.failQueued(() -> new IllegalStateException("closed"));
    assertThat(done).isCompletedExceptionally();
    assertThat(q.queueEmpty()).isTrue();
    assertThat(q.queuedBytes()).isZero();
  }

  @Test
  void crossingTheHighWaterMarkWithALoneBufferMakesTheQueueUnwritableUntilDrained() throws Exception {
    OutboundQueue q = new OutboundQueue() {};
    q.setQueueWaterMarks(4, 8);
    q.enqueue(ascii("0123456789"), null);
    assertThat(q.belowHighWater()).isFalse();
    assertThat(q.writeQueueTo(new SlowChannel(100))).isTrue();
    assertThat(q.becameWritable()).isTrue();
    assertThat(q.belowHighWater()).isTrue();
  }

  @Test
  void aQueueThatFitsTheStagingBufferGoesOutInOneWriteAndCompletesItsFutures() throws Exception {
    OutboundQueue q = new OutboundQueue() {};
    SlowChannel ch = new SlowChannel(1 << 20);
    CompletableFuture<Void> first = new CompletableFuture<>();
    CompletableFuture<Void> second = new CompletableFuture<>();
    q.enqueue(ascii("abc"), first);
    q.enqueue(ascii("de"), null);
    q.enqueue(ascii("fgh"), second);
    assertThat(q.writeQueueTo(ch, ByteBuffer.allocateDirect(64))).isTrue();
    assertThat(ch.text()).isEqualTo("abcdefgh");
    assertThat(ch.writes).isEqualTo(1);
    assertThat(ch.gatheringWrites).isZero();
    assertThat(first).isCompleted();
    assertThat(second).isCompleted();
    assertThat(q.queueEmpty()).isTrue();
    assertThat(q.queuedBytes()).isZero();
  }

  @Test
  void aPartlyTakenStagedWriteCompletesOnlyWhatWentOutAndGoesOnWhereItStopped() throws Exception {
    OutboundQueue q = new OutboundQueue() {};
    SlowChannel ch = new SlowChannel(4);
    ByteBuffer staging = ByteBuffer.allocateDirect(64);
    CompletableFuture<Void> first = new CompletableFuture<>();
    CompletableFuture<Void> second = new CompletableFuture<>();
    q.enqueue(ascii("abc"), first);
    q.enqueue(ascii("de"), null);
    q.enqueue(ascii("fgh"), second);
    assertThat(q.writeQueueTo(ch, staging)).isFalse();
    assertThat(first).isCompleted();
    assertThat(second).isNotDone();
    assertThat(q.queuedBytes()).isEqualTo(4);
    q.enqueue(ascii("ij"), null);
    ch.room = 100;
    assertThat(q.writeQueueTo(ch, staging)).isTrue();
    assertThat(ch.text()).isEqualTo("abcdefghij");
    assertThat(second).isCompleted();
    assertThat(q.queueEmpty()).isTrue();
  }

  @Test
  void aLoneBufferPartlyTakenFromTheStagingBufferKeepsItsRest() throws Exception {
    OutboundQueue q = new OutboundQueue() {};
    SlowChannel ch = new SlowChannel(3);
    ByteBuffer staging = ByteBuffer.allocateDirect(64);
    q.enqueue(ascii("abcde"), null);
    assertThat(q.writeQueueTo(ch, staging)).isFalse();
    assertThat(q.queuedBytes()).isEqualTo(2);
    assertThat(q.writeQueueTo(ch, staging)).isTrue();
    assertThat(ch.text()).isEqualTo("abcde");
    assertThat(q.queueEmpty()).isTrue();
  }

  @Test
  void aQueueLargerThanTheStagingBufferGoesOutInGatheringWrites() throws Exception {
    OutboundQueue q = new OutboundQueue() {};
    SlowChannel ch = new SlowChannel(1 << 20);
    CompletableFuture<Void> done = new CompletableFuture<>();
    q.enqueue(ascii("abcd"), null);
    q.enqueue(ascii("efgh"), done);
    assertThat(q.writeQueueTo(ch, ByteBuffer.allocateDirect(6))).isTrue();
    assertThat(ch.text()).isEqualTo("abcdefgh");
    assertThat(ch.gatheringWrites).isEqualTo(1);
    assertThat(done).isCompleted();
  }

  @Test
  void aFutureCompletedByAStagedWriteMayQueueMoreWithoutLosingOrder() throws Exception {
    OutboundQueue q = new OutboundQueue() {};
    SlowChannel ch = new SlowChannel(1 << 20);
    ByteBuffer staging = ByteBuffer.allocateDirect(64);
    CompletableFuture<Void> first = new CompletableFuture<>();
    first.thenRun(() -> q.enqueue(ascii("XY"), null));
    q.enqueue(ascii("abc"), first);
    q.enqueue(ascii("de"), null);
    assertThat(q.writeQueueTo(ch, staging)).isFalse();
    assertThat(q.queuedBytes()).isEqualTo(2);
    assertThat(q.writeQueueTo(ch, staging)).isTrue();
    assertThat(ch.text()).isEqualTo("abcdeXY");
  }

  /** A queue that records each buffer it says it is done with. */
  static final class Releasing extends OutboundQueue {
    final List<ByteBuffer> released = new ArrayList<>();

    @Override
    void released(ByteBuffer b) {
      released.add(b);
    }
  }

  @Test
  void releasesEachBufferOnceWhenTheSocketHasTakenAllOfIt() throws Exception {
    Releasing q = new Releasing();
    ByteBuffer a = ascii("abcde");
    ByteBuffer b = ascii("fgh");
    ByteBuffer c = ascii("ij");
    q.enqueue(a, null);
    q.enqueue(b, new CompletableFuture<>());
    q.enqueue(c, null);
    SlowChannel ch = new SlowChannel(6);
    assertThat(q.writeQueueTo(ch, ByteBuffer.allocateDirect(64))).isFalse();
    assertThat(q.released).containsExactly(a); // b is half out: still the queue's
    ch.room = 100;
    assertThat(q.writeQueueTo(ch, ByteBuffer.allocateDirect(64))).isTrue();
    assertThat(q.released).containsExactly(a, b, c);
    assertThat(ch.text()).isEqualTo("abcdefghij");
  }

  @Test
  void releasesBuffersWrittenByGatheringWritesAndALoneOne() throws Exception {
    Releasing q = new Releasing();
    ByteBuffer lone = ascii("lone");
    q.enqueue(lone, null);
    SlowChannel ch = new SlowChannel(2);
    assertThat(q.writeQueueTo(ch)).isFalse();
    assertThat(q.released).isEmpty();
    ch.room = 100;
    assertThat(q.writeQueueTo(ch)).isTrue();
    assertThat(q.released).containsExactly(lone);

    ByteBuffer x = ascii("xx");
    ByteBuffer y = ascii("yy");
    q.enqueue(x, new CompletableFuture<>());
    q.enqueue(y, null);
    assertThat(q.writeQueueTo(ch)).isTrue();
    assertThat(q.released).containsExactly(lone, x, y);
  }

  @Test
  void releasesEveryDroppedBufferWhenTheQueueFails() {
    Releasing q = new Releasing();
    ByteBuffer lone = ascii("lone");
    q.enqueue(lone, null);
    q.failQueued(() -> new IllegalStateException("closed"));
    assertThat(q.released).containsExactly(lone);

    ByteBuffer one = ascii("one");
    ByteBuffer two = ascii("two");
    q.enqueue(one, new CompletableFuture<>());
    q.enqueue(two, null);
    q.failQueued(() -> new IllegalStateException("closed"));
    assertThat(q.released).containsExactly(lone, one, two);
  }

  @Test
  void aLoneWriteWithAWriteFutureIsItsOwnEntryAndCompletesOnceAllOfItIsOut() throws Exception {
    Releasing q = new Releasing();
    WriteFuture done = new WriteFuture();
    ByteBuffer frame = ascii("abcde");
    q.enqueue(frame, done);
    assertThat(q.queueEmpty()).isFalse();
    assertThat(q.queuedBytes()).isEqualTo(5);
    SlowChannel ch = new SlowChannel(3);
    assertThat(q.writeQueueTo(ch, ByteBuffer.allocateDirect(64))).isFalse();
    assertThat(done).isNotDone();
    assertThat(q.released).isEmpty();
    ch.room = 100;
    assertThat(q.writeQueueTo(ch, ByteBuffer.allocateDirect(64))).isTrue();
    assertThat(ch.text()).isEqualTo("abcde");
    assertThat(done).isCompleted();
    assertThat(q.released).containsExactly(frame);
    assertThat(q.queueEmpty()).isTrue();
    assertThat(q.queuedBytes()).isZero();
  }

  @Test
  void writesQueuedBehindALoneWriteFutureKeepTheirOrderAndEveryFutureCompletes() throws Exception {
    Releasing q = new Releasing();
    WriteFuture first = new WriteFuture();
    WriteFuture second = new WriteFuture();
    ByteBuffer a = ascii("abc");
    ByteBuffer b = ascii("de");
    ByteBuffer c = ascii("fg");
    q.enqueue(a, first);
    SlowChannel ch = new SlowChannel(2);
    assertThat(q.writeQueueTo(ch, ByteBuffer.allocateDirect(64))).isFalse(); // "ab" out, "c" left
    q.enqueue(b, second);
    q.enqueue(c, null);
    ch.room = 100;
    assertThat(q.writeQueueTo(ch)).isTrue(); // the gathering path, through the ring now
    assertThat(ch.text()).isEqualTo("abcdefg");
    assertThat(first).isCompleted();
    assertThat(second).isCompleted();
    assertThat(q.released).containsExactly(a, b, c);
    assertThat(q.queuedBytes()).isZero();
  }

  @Test
  void aLoneWriteFutureGoesOutThroughTheGatheringPathAndMayQueueMoreWhenItCompletes() throws Exception {
    OutboundQueue q = new OutboundQueue() {};
    WriteFuture done = new WriteFuture();
    done.thenRun(() -> q.enqueue(ascii("XY"), null));
    q.enqueue(ascii("abc"), done);
    SlowChannel ch = new SlowChannel(100);
    assertThat(q.writeQueueTo(ch)).isFalse(); // "abc" out; its future queued "XY"
    assertThat(q.writeQueueTo(ch)).isTrue();
    assertThat(ch.text()).isEqualTo("abcXY");
  }

  @Test
  void aFailedQueueFailsALoneWriteFutureAndReleasesItsBuffer() {
    Releasing q = new Releasing();
    WriteFuture done = new WriteFuture();
    ByteBuffer frame = ascii("lone");
    q.enqueue(frame, done);
    q.failQueued(() -> new IllegalStateException("closed"));
    assertThat(done).isCompletedExceptionally();
    assertThat(q.released).containsExactly(frame);
    assertThat(q.queueEmpty()).isTrue();
    assertThat(q.queuedBytes()).isZero();
  }

  @Test
  void whatDependsOnAWriteFutureGetsPlainFutures() {
    WriteFuture done = new WriteFuture();
    assertThat(done.thenApply(v -> 1)).isExactlyInstanceOf(CompletableFuture.class);
  }
}
