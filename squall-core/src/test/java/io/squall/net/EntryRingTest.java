package io.squall.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EntryRingTest {
  private static List<Object> contents(EntryRing ring) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < ring.size(); i++) {
      out.add(ring.get(i));
    }
    return out;
  }

  @Test
  void returnsEntriesFirstInFirstOut() {
    EntryRing ring = new EntryRing();
    ring.add("a");
    ring.add("b");
    ring.add("c");

    assertThat(contents(ring)).containsExactly("a", "b", "c");
    assertThat(ring.pollFirst()).isEqualTo("a");
    assertThat(ring.peekFirst()).isEqualTo("b");
    assertThat(ring.size()).isEqualTo(2);
  }

  @Test
  void growsPastItsInitialCapacityKeepingOrderWhenWrapped() {
    EntryRing ring = new EntryRing();
    for (int i = 0; i < EntryRing.INITIAL_CAPACITY; i++) {
      ring.add(i);
    }
    ring.pollFirst();
    ring.pollFirst();
    // The next two wrap around to the start of the array, then the third forces a copy in order.
    for (int i = EntryRing.INITIAL_CAPACITY; i < EntryRing.INITIAL_CAPACITY + 3; i++) {
      ring.add(i);
    }

    assertThat(contents(ring)).containsExactly(2, 3, 4, 5, 6);
  }

  @Test
  void emptyRingPeeksAndPollsNull() {
    EntryRing ring = new EntryRing();

    assertThat(ring.isEmpty()).isTrue();
    assertThat(ring.peekFirst()).isNull();
    assertThat(ring.pollFirst()).isNull();
  }

  @Test
  void clearEmptiesTheRingAndItTakesNewEntries() {
    EntryRing ring = new EntryRing();
    for (int i = 0; i < 9; i++) {
      ring.add(i);
    }
    ring.clear();

    assertThat(ring.isEmpty()).isTrue();
    ring.add("x");
    assertThat(contents(ring)).containsExactly("x");
  }

  @Test
  void rejectsAnIndexOutsideTheEntries() {
    EntryRing ring = new EntryRing();
    ring.add("a");

    assertThatThrownBy(() -> ring.get(1))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("Entry 1 of a ring of 1.");
  }

  @Test
  void behavesLikeADequeUnderRandomAddsAndPolls() {
    EntryRing ring = new EntryRing();
    ArrayDeque<Object> model = new ArrayDeque<>();
    Random random = new Random(6455);
    for (int step = 0; step < 10_000; step++) {
      if (random.nextInt(3) > 0) {
        ring.add(step);
        model.add(step);
      } else {
        assertThat(ring.pollFirst()).isEqualTo(model.pollFirst());
      }
      assertThat(ring.size()).isEqualTo(model.size());
      assertThat(ring.peekFirst()).isEqualTo(model.peekFirst());
    }
    assertThat(contents(ring)).containsExactlyElementsOf(model);
  }
}
