package io.squall.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class InMemoryBrokerTest {
  private final InMemoryBroker broker = new InMemoryBroker();

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> recordInto(Broker broker, String channel) {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    broker.subscribe(channel, (c, m) -> seen.add(c + ":" + new String(m, StandardCharsets.UTF_8)));
    return seen;
  }

  @Test
  void deliversEveryMessageToEverySubscriberOfTheChannelInPublishOrder() {
    List<String> a = recordInto(broker, "room");
    List<String> b = recordInto(broker, "room");

    broker.publish("room", bytes("one"));
    broker.publish("room", bytes("two"));

    assertThat(a).containsExactly("room:one", "room:two");
    assertThat(b).containsExactly("room:one", "room:two");
  }

  @Test
  void doesNotDeliverToSubscribersOfOtherChannels() {
    List<String> other = recordInto(broker, "other");

    assertThat(broker.publish("room", bytes("hi")).toCompletableFuture()).isCompleted();
    assertThat(other).isEmpty();
  }

  @Test
  void aClosedSubscriptionReceivesNothingMore() {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    Subscription s = broker.subscribe("room", (c, m) -> seen.add(new String(m, StandardCharsets.UTF_8)));
    broker.publish("room", bytes("before"));

    s.close();
    s.close();
    broker.publish("room", bytes("after"));

    assertThat(seen).containsExactly("before");
    assertThat(s.channel()).isEqualTo("room");
  }

  @Test
  void aListenerThatThrowsDoesNotStopTheOthersOrLaterMessages() {
    broker.subscribe("room", (c, m) -> {
      throw new IllegalStateException("listener bug");
    });
    List<String> seen = recordInto(broker, "room");

    broker.publish("room", bytes("one"));
    broker.publish("room", bytes("two"));

    assertThat(seen).containsExactly("room:one", "room:two");
  }

  @Test
  void concurrentPublishersReachEverySubscriberInOneOrder() throws Exception {
    List<String> a = recordInto(broker, "room");
    List<String> b = recordInto(broker, "room");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < 500; i++) {
            broker.publish("room", bytes(thread + "-" + i));
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(a).hasSize(2000).isEqualTo(b);
  }

  @Test
  void afterCloseSubscribingThrowsAndPublishingFails() {
    broker.close();

    assertThat(broker.isConnected()).isFalse();
    assertThatThrownBy(() -> broker.subscribe("room", (c, m) -> {})).isInstanceOf(BrokerException.class).hasMessage("Broker is closed.");
    CompletableFuture<Void> published = broker.publish("room", bytes("x")).toCompletableFuture();
    assertThatThrownBy(published::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(BrokerException.class);
  }
}
