package io.squall.websocket;

import io.squall.ioloop.EventLoop;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;

/**
 * The broadcast frames of one {@link WebSocketGroup} waiting for one event loop, laid end to end in
 * one array: however many messages were broadcast meanwhile, each member on that loop gets one
 * read-only view of it, so one write call per member carries them all. A chat server that reads a
 * burst of messages relays it with one queued buffer per member instead of one per message.
 * Members with compression get the batch compressed once for all of them ({@link SharedFrames}).
 *
 * <p>Thread rule: {@link #append} runs under the group's lock, from any thread; {@link #run} runs on
 * the loop, and seals the batch under the same lock before it reads the bytes.
 */
final class BroadcastBatch implements Runnable {
  /**
   * A batch takes frames up to this size, then the next broadcast starts another one: bounds the
   * array a burst can grow, and the wait of its first message.
   */
  static final int MAX_BYTES = 64 * 1024;

  private final Object lock;
  /** The group's open batch per loop, which this one leaves when sealed; guarded by {@link #lock}. */
  private final Map<EventLoop, BroadcastBatch> openBatches;
  private final EventLoop loop;
  private final Set<WebSocketHandler> members;
  /** Guarded by {@link #lock} until sealed. */
  private byte[] bytes;
  private int size;
  /** Where each frame starts in {@link #bytes}, for the members that get them compressed. */
  private int[] starts = new int[8];
  private int frames;
  private boolean sealed;

  BroadcastBatch(Object lock, Map<EventLoop, BroadcastBatch> openBatches, EventLoop loop, Set<WebSocketHandler> members,
      int firstFrameBytes) {
    this.lock = lock;
    this.openBatches = openBatches;
    this.loop = loop;
    this.members = members;
    this.bytes = new byte[Math.max(firstFrameBytes, 256)];
  }

  /** Adds a frame when there is room (always into an empty batch); false when sealed or full. Under the lock. */
  boolean append(ByteBuffer frame) {
    int n = frame.remaining();
    if (sealed || (size > 0 && size + n > MAX_BYTES)) {
      return false;
    }
    if (size + n > bytes.length) {
      bytes = java.util.Arrays.copyOf(bytes, Math.max(size + n, Math.min(2 * bytes.length, MAX_BYTES)));
    }
    frame.get(frame.position(), bytes, size, n);
    if (frames == starts.length) {
      starts = java.util.Arrays.copyOf(starts, frames * 2);
    }
    starts[frames++] = size;
    size += n;
    return true;
  }

  /** Hands the frames to every member on this loop; later broadcasts go to a new batch. */
  @Override
  public void run() {
    synchronized (lock) {
      sealed = true;
      openBatches.remove(loop, this);
    }
    new SharedFrames(bytes, size, starts, frames).deliver(members, null);
  }
}
