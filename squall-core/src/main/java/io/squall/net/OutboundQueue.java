package io.squall.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * A connection's unsent buffers, each optionally followed by the future to complete once it has
 * reached the kernel, written with gathering writes. Counts its bytes and tracks the high/low
 * water marks behind {@code isWritable()}. Confined to the connection's loop.
 *
 * <p>{@link TcpConnection} extends it rather than holding one, so that the queue's fields live in
 * the connection object itself: an open connection costs one object here, not two (a header and a
 * reference less per socket, which adds up over tens of thousands of idle ones).
 */
abstract class OutboundQueue {
  /** Buffers handed to one gathering write. */
  private static final int GATHER = 64;
  /** Bytes offered to one write call: about what a loopback or LAN socket buffer takes at once. */
  private static final long MAX_BYTES_PER_WRITE = 256 * 1024;
  private static final ThreadLocal<ByteBuffer[]> GATHER_ARRAY = ThreadLocal.withInitial(() -> new ByteBuffer[GATHER]);

  /**
   * Null when empty and no ring was ever needed; the one buffer queued while it is the queue's
   * only entry and has no future (most sockets write one response, an upgrade's 101, and then
   * idle, never needing more); the {@link WriteFuture} holding the one buffer queued, when its
   * write has one (a message answered while nothing else waits: no ring to touch); else the ring
   * of buffers, each optionally followed by the future to complete once it is written. The ring
   * is made by the first write that needs more than one entry and then kept, so a busy connection
   * allocates nothing per message. One field for all: an open socket pays one reference.
   */
  private Object queue;
  private long bytes;
  private WaterMarks marks = WaterMarks.DEFAULT;
  private boolean aboveHighWater;
  /** Whether the channel took queued bytes since {@link #takeProgress()} last asked. */
  private boolean progressed;

  final void enqueue(ByteBuffer data, CompletableFuture<Void> done) {
    if (queue == null && done == null) {
      queue = data;
    } else if (queue == null && done instanceof WriteFuture w) {
      w.data = data;
      queue = w;
    } else {
      EntryRing entries = ring();
      entries.add(data);
      if (done != null) {
        entries.add(done);
      }
    }
    bytes += data.remaining();
    if (bytes > marks.high()) {
      aboveHighWater = true;
    }
  }

  /** The queue as a ring, made now (holding the one buffer queued, if any) unless it already is one. */
  private EntryRing ring() {
    Object q = queue;
    if (q instanceof EntryRing r) {
      return r;
    }
    EntryRing r = new EntryRing();
    if (q instanceof WriteFuture w) {
      r.add(w.data);
      r.add(w);
      w.data = null;
    } else if (q != null) {
      r.add(q);
    }
    queue = r;
    return r;
  }

  final boolean queueEmpty() {
    Object q = queue;
    return q == null || q instanceof EntryRing r && r.isEmpty();
  }

  final long queuedBytes() {
    return bytes;
  }

  /**
   * Whether the channel took any queued bytes since the last call. Counted where they leave, not
   * from the queue's size: a write that completes a future may queue more before the size is read.
   */
  final boolean takeProgress() {
    boolean p = progressed;
    progressed = false;
    return p;
  }

  final void setQueueWaterMarks(long low, long high) {
    this.marks = WaterMarks.of(low, high);
  }

  final boolean belowHighWater() {
    return !aboveHighWater;
  }

  /** True once, when the queue drains below the low-water mark after having been above the high one. */
  final boolean becameWritable() {
    if (aboveHighWater && bytes <= marks.low()) {
      aboveHighWater = false;
      return true;
    }
    return false;
  }

  /**
   * Writes as much as the channel takes now; true when everything was written. A queue that fits
   * in {@code staging} (a direct buffer the loop lends for the call) is copied into it and written
   * with one {@code write}: the JDK would copy heap buffers into temporary direct ones anyway,
   * through a thread-local cache and one per buffer of a gathering write, so this is the same one
   * copy with fewer steps, and nothing allocated. A larger queue goes out in gathering writes.
   */
  final boolean writeQueueTo(GatheringByteChannel channel, ByteBuffer staging) throws IOException {
    if (queueEmpty()) {
      return true;
    }
    if (bytes > staging.capacity()) {
      return writeQueueTo(channel);
    }
    stage(staging.clear());
    int written = channel.write(staging.flip());
    bytes -= written;
    progressed |= written > 0;
    consume(written);
    return queueEmpty();
  }

  /** Copies every queued byte into {@code staging}, leaving the queue as it is. */
  private void stage(ByteBuffer staging) {
    if (queue instanceof ByteBuffer single) {
      append(staging, single);
      return;
    }
    if (queue instanceof WriteFuture w) {
      append(staging, w.data);
      return;
    }
    EntryRing entries = (EntryRing) queue;
    for (int i = 0, n = entries.size(); i < n; i++) {
      if (entries.get(i) instanceof ByteBuffer b) {
        append(staging, b);
      }
    }
  }

  private static void append(ByteBuffer staging, ByteBuffer b) {
    int at = staging.position();
    staging.put(at, b, b.position(), b.remaining()).position(at + b.remaining());
  }

  /** Drops the first {@code written} queued bytes, completing the futures of what is now all out. */
  private void consume(int written) {
    if (queue instanceof ByteBuffer single) {
      single.position(single.position() + written);
      if (!single.hasRemaining()) {
        queue = null;
        released(single);
      }
      return;
    }
    if (queue instanceof WriteFuture w) {
      ByteBuffer single = w.data;
      single.position(single.position() + written);
      if (!single.hasRemaining()) {
        writtenAlone(w);
      }
      return;
    }
    EntryRing entries = ring();
    int left = written;
    while (left > 0 && !entries.isEmpty()) {
      Object head = entries.peekFirst();
      if (head instanceof ByteBuffer b) {
        int take = Math.min(left, b.remaining());
        b.position(b.position() + take);
        left -= take;
        if (b.hasRemaining()) {
          return; // the kernel buffer is full
        }
        entries.pollFirst();
        released(b);
      } else {
        completeWritten(entries);
      }
    }
    completeWritten(entries);
  }

  /**
   * Writes as much as the channel takes now in gathering writes (the JDK copies heap buffers into
   * temporary direct ones per write, so each call offers a bounded amount). True when all is out.
   */
  final boolean writeQueueTo(GatheringByteChannel channel) throws IOException {
    if (queueEmpty()) {
      return true;
    }
    if (queue instanceof ByteBuffer single) {
      long written = channel.write(single);
      bytes -= written;
      progressed |= written > 0;
      if (single.hasRemaining()) {
        return false; // the kernel buffer is full
      }
      queue = null;
      released(single);
      return true;
    }
    if (queue instanceof WriteFuture w) {
      long written = channel.write(w.data);
      bytes -= written;
      progressed |= written > 0;
      if (w.data.hasRemaining()) {
        return false; // the kernel buffer is full
      }
      writtenAlone(w);
      return queueEmpty(); // completing the future may have queued more
    }
    EntryRing entries = ring();
    ByteBuffer[] gather = GATHER_ARRAY.get();
    while (!entries.isEmpty()) {
      int count = 0;
      long offered = 0;
      for (int i = 0, n = entries.size(); i < n; i++) {
        if (entries.get(i) instanceof ByteBuffer b) {
          gather[count++] = b;
          offered += b.remaining();
          if (count == GATHER || offered >= MAX_BYTES_PER_WRITE) {
            break;
          }
        }
      }
      long written = count == 1 ? channel.write(gather[0]) : channel.write(gather, 0, count);
      Arrays.fill(gather, 0, count, null);
      bytes -= written;
      progressed |= written > 0;
      completeWritten(entries);
      if (written < offered) {
        return false; // the kernel buffer is full
      }
    }
    return true;
  }

  /**
   * The lone write {@code w} is all out: the queue empties, the buffer goes back, then the future
   * completes (last, as what depends on it may queue more).
   */
  private void writtenAlone(WriteFuture w) {
    ByteBuffer written = w.data;
    w.data = null;
    queue = null;
    released(written);
    w.complete(null);
  }

  /** Drops fully written buffers from the head and completes their futures. */
  @SuppressWarnings("unchecked")
  private void completeWritten(EntryRing entries) {
    while (!entries.isEmpty()) {
      Object head = entries.peekFirst();
      if (head instanceof ByteBuffer b) {
        if (b.hasRemaining()) {
          return;
        }
        entries.pollFirst();
        released(b);
      } else {
        entries.pollFirst();
        ((CompletableFuture<Void>) head).complete(null);
      }
    }
  }

  /**
   * Told of each buffer the queue is done with, written or dropped, once: a connection gives its
   * loop's lent buffers back here ({@link io.squall.ioloop.EventLoop#giveBack}). Nothing by default.
   */
  void released(ByteBuffer b) {}

  /** Fails every pending future with {@code cause} and drops the buffers. */
  @SuppressWarnings("unchecked")
  final void failQueued(java.util.function.Supplier<Throwable> cause) {
    if (queue instanceof WriteFuture w) {
      ByteBuffer dropped = w.data;
      w.data = null;
      queue = null;
      bytes = 0;
      released(dropped);
      w.completeExceptionally(cause.get());
      return;
    }
    if (!(queue instanceof EntryRing entries)) {
      ByteBuffer dropped = (ByteBuffer) queue;
      queue = null;
      bytes = 0;
      if (dropped != null) {
        released(dropped);
      }
      return;
    }
    Throwable failure = null;
    for (int i = 0, n = entries.size(); i < n; i++) {
      Object o = entries.get(i);
      if (o instanceof ByteBuffer dropped) {
        released(dropped);
      } else if (o instanceof CompletableFuture<?> f) {
        if (failure == null) {
          failure = cause.get();
        }
        ((CompletableFuture<Void>) f).completeExceptionally(failure);
      }
    }
    entries.clear();
    bytes = 0;
  }
}
