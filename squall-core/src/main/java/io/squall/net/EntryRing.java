package io.squall.net;

import java.util.Arrays;

/**
 * The entries of a connection's {@link OutboundQueue}: a first-in first-out ring of objects that
 * grows by doubling and reads by index. Unlike {@link java.util.ArrayDeque} it is walked without an
 * iterator, so staging or gathering the queued buffers for a write allocates nothing per message.
 *
 * <p>Thread rule: confined to its connection's loop.
 */
final class EntryRing {
  /** Capacity of a new ring: a buffer and its future, twice, covers a socket's usual backlog. */
  static final int INITIAL_CAPACITY = 4;

  /** A power of two in length, so that an index wraps with a mask. */
  private Object[] slots = new Object[INITIAL_CAPACITY];
  /** Index of the first entry. */
  private int head;
  private int size;

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  /** Appends {@code entry} (not null) at the tail. */
  void add(Object entry) {
    if (size == slots.length) {
      grow();
    }
    slots[(head + size) & (slots.length - 1)] = entry;
    size++;
  }

  /** The {@code i}-th entry from the head ({@code 0 <= i < size()}). */
  Object get(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException("Entry " + i + " of a ring of " + size + ".");
    }
    return slots[(head + i) & (slots.length - 1)];
  }

  /** The first entry, or null when empty. */
  Object peekFirst() {
    return size == 0 ? null : slots[head];
  }

  /** Removes and returns the first entry, or null when empty. */
  Object pollFirst() {
    if (size == 0) {
      return null;
    }
    Object first = slots[head];
    slots[head] = null; // the buffer or future may be collected once it is out
    head = (head + 1) & (slots.length - 1);
    size--;
    return first;
  }

  /** Drops every entry. */
  void clear() {
    Arrays.fill(slots, null);
    head = 0;
    size = 0;
  }

  private void grow() {
    Object[] bigger = new Object[slots.length * 2];
    int firstRun = Math.min(size, slots.length - head);
    System.arraycopy(slots, head, bigger, 0, firstRun);
    System.arraycopy(slots, 0, bigger, firstRun, size - firstRun);
    slots = bigger;
    head = 0;
  }
}
