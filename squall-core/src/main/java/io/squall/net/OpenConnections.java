package io.squall.net;

import io.squall.ioloop.EventLoop;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * The open connections of one server, for its count and its stop: one list per event loop, linked
 * through the connections themselves. Tracking a connection costs two references in it, and no
 * node, lock or hash per connection; each list is touched only by its own loop.
 *
 * <p>Thread rule: {@link #add} on the connection's loop; {@link #size} and {@link #forEach} from any
 * thread.
 */
public final class OpenConnections {
  private final Map<EventLoop, LoopList> lists = new IdentityHashMap<>();
  private final Consumer<TcpConnection> untrack = this::remove;

  /** Tracks connections living on these loops. */
  public OpenConnections(List<EventLoop> loops) {
    for (EventLoop loop : loops) {
      lists.put(loop, new LoopList());
    }
  }

  /** Tracks the connection until it closes. On its loop. */
  public void add(TcpConnection c) {
    LoopList list = listOf(c.loop());
    c.trackedNext = list.head;
    if (list.head != null) {
      list.head.trackedPrev = c;
    }
    list.head = c;
    list.size++;
    c.onClosed(untrack);
  }

  private void remove(TcpConnection c) {
    LoopList list = listOf(c.loop());
    if (c.trackedPrev != null) {
      c.trackedPrev.trackedNext = c.trackedNext;
    } else if (list.head == c) {
      list.head = c.trackedNext;
    } else {
      return; // not tracked here
    }
    if (c.trackedNext != null) {
      c.trackedNext.trackedPrev = c.trackedPrev;
    }
    c.trackedPrev = null;
    c.trackedNext = null;
    list.size--;
  }

  /** Open connections on every loop: exact once the loops are quiet, a recent count otherwise. */
  public int size() {
    int n = 0;
    for (LoopList list : lists.values()) {
      n += list.size;
    }
    return n;
  }

  /**
   * Runs the action on every connection open now, each on its own loop (the action may close it).
   * The returned latch opens when every loop has been through its connections; a loop that no
   * longer takes tasks counts as done.
   */
  public CountDownLatch forEach(Consumer<TcpConnection> action) {
    CountDownLatch done = new CountDownLatch(lists.size());
    lists.forEach((loop, list) -> {
      try {
        loop.execute(() -> {
          try {
            List<TcpConnection> now = new ArrayList<>(list.size);
            for (TcpConnection c = list.head; c != null; c = c.trackedNext) {
              now.add(c);
            }
            now.forEach(action);
          } finally {
            done.countDown();
          }
        });
      } catch (RuntimeException shutDown) {
        done.countDown();
      }
    });
    return done;
  }

  private LoopList listOf(EventLoop loop) {
    LoopList list = lists.get(loop);
    if (list == null) {
      throw new IllegalStateException("Loop " + loop.name() + " is not one of this server's loops.");
    }
    return list;
  }

  /** One loop's connections; written by that loop only. */
  private static final class LoopList {
    TcpConnection head;
    volatile int size;
  }
}
