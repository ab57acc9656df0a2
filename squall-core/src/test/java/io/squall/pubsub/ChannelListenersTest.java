package io.squall.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelListenersTest {
  private final List<String> calls = new ArrayList<>();
  private final ChannelListeners listeners = new ChannelListeners(new ChannelListeners.Hooks() {
    @Override
    public void firstListener(String channel) {
      if (channel.equals("refused")) {
        throw new BrokerException("refused by the broker");
      }
      calls.add("first " + channel);
    }

    @Override
    public void lastListenerLeft(String channel) {
      calls.add("last left " + channel);
    }
  });

  @Test
  void theBrokerHearsOfAChannelsFirstListenerAndOfItsLastLeaving() {
    Subscription one = listeners.add("room", (c, m) -> {});
    Subscription two = listeners.add("room", (c, m) -> {});
    one.close();
    assertThat(calls).containsExactly("first room");

    two.close();
    two.close();
    assertThat(calls).containsExactly("first room", "last left room");
  }

  @Test
  void aRefusedFirstSubscriptionLeavesNoListenerBehind() {
    List<String> seen = new ArrayList<>();

    assertThatThrownBy(() -> listeners.add("refused", (c, m) -> seen.add(c))).hasMessage("refused by the broker");
    listeners.deliver("refused", new byte[] {1});

    assertThat(seen).isEmpty();
  }

  @Test
  void deliversToEveryListenerInSubscriptionOrderSkippingOneThatFails() {
    List<String> seen = new ArrayList<>();
    listeners.add("room", (c, m) -> seen.add("a" + m.length));
    listeners.add("room", (c, m) -> {
      throw new IllegalStateException("bug");
    });
    listeners.add("room", (c, m) -> seen.add("c" + m.length));

    listeners.deliver("room", new byte[3]);
    listeners.deliver("elsewhere", new byte[3]);

    assertThat(seen).containsExactly("a3", "c3");
  }
}
