package io.squall.net;

import io.squall.ioloop.EventLoop;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * The open connections of one server, for its count and its stop. Costs no field, node, lock or
 * hash per connection: each loop's selector already holds every channel registered on it, so the
 * stop walks those, and a connection is recognised as this server's by the close listener it was
 * given here. Each loop keeps its own count.
 *
 * <p>Thread rule: {@link #add} on the connection's loop; {@link #size} and {@link #forEach} from any
 * thread.
 */
public final class OpenConnections {
  private final Map<EventLoop, LoopCount> counts = new IdentityHashMap<>();
  private final Consumer<TcpConnection> untrack = this::remove;

  /** Tracks connections living on these loops. */
  public OpenConnections(List<EventLoop> loops) {
    for (EventLoop loop : loops) {
      counts.put(loop, new LoopCount());
    }
  }

  /** Tracks the connection until it closes. On its loop. */
  public void add(TcpConnection c) {
    countOf(c.loop()).size++;
    c.onClosed(untrack);
  }

  private void remove(TcpConnection c) {
    countOf(c.loop()).size--;
  }

  /** Open connections on every loop: exact once the loops are quiet, a recent count otherwise. */
  public int size() {
    int n = 0;
    for (LoopCount count : counts.values()) {
      n += count.size;
    }
    return n;
  }

  /**
   * Runs the action on every connection open now, each on its own loop (the action may close it).
   * The returned latch opens when every loop has been through its connections; a loop that no
   * longer takes tasks counts as done.
   */
  public CountDownLatch forEach(Consumer<TcpConnection> action) {
    CountDownLatch done = new CountDownLatch(counts.size());
    for (EventLoop loop : counts.keySet()) {
      try {
        loop.execute(() -> {
          try {
            List<TcpConnection> now = new ArrayList<>();
            loop.forEachRegistered(h -> {
              if (h instanceof TcpConnection c && c.isOpen() && c.closeListenerIs(untrack)) {
                now.add(c);
              }
            });
            now.forEach(action);
          } finally {
            done.countDown();
          }
        });
      } catch (RuntimeException shutDown) {
        done.countDown();
      }
    }
    return done;
  }

  private LoopCount countOf(EventLoop loop) {
    LoopCount count = counts.get(loop);
    if (count == null) {
      throw new IllegalStateException("Loop " + loop.name() + " is not one of this server's loops.");
    }
    return count;
  }

  /** One loop's count; written by that loop only. */
  private static final class LoopCount {
    volatile int size;
  }
}
