package io.squall.ioloop;

import java.util.Arrays;

/**
 * A binary min-heap of timers ordered by deadline then sequence, where each task knows its index
 * so that a cancelled timer is removed at once in O(log n) — a cancelled keep-alive or header
 * timer must not keep its connection's state alive until its deadline. Confined to one loop.
 */
final class TimerHeap {
  private ScheduledTask[] heap = new ScheduledTask[16];
  private int size;
  /** The next insertion's number: timers due at the same instant leave in the order they came. */
  private long sequence;

  int size() {
    return size;
  }

  ScheduledTask peek() {
    return size == 0 ? null : heap[0];
  }

  void add(ScheduledTask t) {
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size * 2);
    }
    t.sequence = sequence++;
    heap[size] = t;
    t.heapIndex = size;
    size++;
    siftUp(size - 1);
  }

  ScheduledTask poll() {
    if (size == 0) {
      return null;
    }
    ScheduledTask first = heap[0];
    removeAt(0);
    return first;
  }

  /** Removes {@code t} if it is in this heap; returns whether it was. */
  boolean remove(ScheduledTask t) {
    int i = t.heapIndex;
    if (i < 0 || i >= size || heap[i] != t) {
      return false;
    }
    removeAt(i);
    return true;
  }

  void clear() {
    Arrays.fill(heap, 0, size, null);
    size = 0;
  }

  private void removeAt(int i) {
    ScheduledTask removed = heap[i];
    removed.heapIndex = -1;
    size--;
    if (i == size) {
      heap[size] = null;
      return;
    }
    ScheduledTask last = heap[size];
    heap[size] = null;
    heap[i] = last;
    last.heapIndex = i;
    siftDown(i);
    if (heap[i] == last) {
      siftUp(i);
    }
    if (heap.length > 64 && size < heap.length / 4) {
      heap = Arrays.copyOf(heap, heap.length / 2);
    }
  }

  private void siftUp(int i) {
    ScheduledTask t = heap[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      ScheduledTask p = heap[parent];
      if (t.compareTo(p) >= 0) {
        break;
      }
      heap[i] = p;
      p.heapIndex = i;
      i = parent;
    }
    heap[i] = t;
    t.heapIndex = i;
  }

  private void siftDown(int i) {
    ScheduledTask t = heap[i];
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && heap[right].compareTo(heap[child]) < 0) {
        child = right;
      }
      if (t.compareTo(heap[child]) <= 0) {
        break;
      }
      heap[i] = heap[child];
      heap[i].heapIndex = i;
      i = child;
    }
    heap[i] = t;
    t.heapIndex = i;
  }
}
