package io.squall.ioloop;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/** A fixed set of {@link EventLoop}s handed out round-robin. Safe from any thread. */
public final class EventLoopGroup {
  private static volatile EventLoopGroup shared;

  private final List<EventLoop> loops;
  private final AtomicInteger next = new AtomicInteger();

  /** One loop per available processor. */
  public EventLoopGroup() {
    this(Runtime.getRuntime().availableProcessors(), "squall-loop");
  }

  public EventLoopGroup(int size, String namePrefix) {
    this(size, namePrefix, false);
  }

  public EventLoopGroup(int size, String namePrefix, boolean daemon) {
    if (size < 1) {
      throw new IllegalArgumentException("An event loop group needs at least one loop, got " + size);
    }
    this.loops = IntStream.range(0, size).mapToObj(i -> new EventLoop(namePrefix + "-" + i, daemon)).toList();
  }

  /**
   * A process-wide group for clients and tools that do not bring their own; created on first use
   * with daemon-like lifetime (shut down by a JVM shutdown hook).
   */
  public static EventLoopGroup shared() {
    EventLoopGroup g = shared;
    if (g == null) {
      synchronized (EventLoopGroup.class) {
        g = shared;
        if (g == null) {
          g = new EventLoopGroup(Runtime.getRuntime().availableProcessors(), "squall-shared", true);
          EventLoopGroup created = g;
          Runtime.getRuntime().addShutdownHook(new Thread(() -> created.shutdown(Duration.ofSeconds(2))));
          shared = g;
        }
      }
    }
    return g;
  }

  public EventLoop next() {
    return loops.get(Math.floorMod(next.getAndIncrement(), loops.size()));
  }

  public List<EventLoop> loops() {
    return loops;
  }

  public int size() {
    return loops.size();
  }

  /** Shuts every loop down; true when all ended within the timeout. */
  public boolean shutdown(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    loops.forEach(l -> l.shutdown(Duration.ZERO));
    boolean all = true;
    for (EventLoop l : loops) {
      all &= l.shutdown(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
    return all;
  }
}
