package io.squall.ioloop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventLoopGroupTest {
  @Test
  void handsOutLoopsRoundRobin() {
    EventLoopGroup g = new EventLoopGroup(3, "rr");
    try {
      Set<EventLoop> seen = new HashSet<>();
      for (int i = 0; i < 3; i++) {
        seen.add(g.next());
      }
      assertThat(seen).hasSize(3);
      assertThat(g.next()).isSameAs(g.loops().get(0));
    } finally {
      assertThat(g.shutdown(Duration.ofSeconds(2))).isTrue();
    }
  }

  @Test
  void refusesAnEmptyGroup() {
    assertThatThrownBy(() -> new EventLoopGroup(0, "none"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("An event loop group needs at least one loop, got 0");
  }

  @Test
  void shutdownEndsEveryLoop() {
    EventLoopGroup g = new EventLoopGroup(2, "stop");
    assertThat(g.shutdown(Duration.ofSeconds(2))).isTrue();
    assertThat(g.loops()).allMatch(EventLoop::isShutdown);
  }
}
