package io.squall.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.pubsub.Broker;
import io.squall.pubsub.BrokerException;
import io.squall.pubsub.InMemoryBroker;
import io.squall.pubsub.MessageListener;
import io.squall.pubsub.Subscription;
import io.squall.websocket.internal.WebSocketProtocol;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class GroupRelayTest {
  private static final int TEXT = WebSocketProtocol.OPCODE_TEXT;
  private static final int BINARY = WebSocketProtocol.OPCODE_BINARY;
  private static final Predicate<WebSocketHandler> SOME_FILTER = h -> false;

  /** What one process's group was asked to deliver to its members. */
  private static final class Deliveries implements GroupRelay.LocalDelivery {
    final List<String> seen = Collections.synchronizedList(new ArrayList<>());
    final List<Predicate<WebSocketHandler>> filters = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void deliver(int opcode, ByteBuffer payload, Predicate<WebSocketHandler> filter) {
      seen.add((opcode == BINARY ? "binary:" : "text:") + StandardCharsets.UTF_8.decode(payload.duplicate()));
      filters.add(filter);
    }
  }

  private static ByteBuffer text(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aBroadcastReachesEveryProcessOnTheChannelOnceItsSenderIncluded() {
    InMemoryBroker broker = new InMemoryBroker();
    Deliveries a = new Deliveries();
    Deliveries b = new Deliveries();
    Deliveries elsewhere = new Deliveries();
    GroupRelay ra = new GroupRelay(a, broker, "room");
    new GroupRelay(b, broker, "room");
    new GroupRelay(elsewhere, broker, "other-room");

    ra.publish(TEXT, text("hello"), null, false);
    ra.publish(BINARY, text("bytes"), null, false);

    assertThat(a.seen).containsExactly("text:hello", "binary:bytes");
    assertThat(b.seen).containsExactly("text:hello", "binary:bytes");
    assertThat(elsewhere.seen).isEmpty();
    assertThat(ra.pendingCount()).isZero();
  }

  @Test
  void everyProcessSeesConcurrentBroadcastsInOneOrder() throws Exception {
    InMemoryBroker broker = new InMemoryBroker();
    List<Deliveries> processes = List.of(new Deliveries(), new Deliveries(), new Deliveries());
    List<GroupRelay> relays = processes.stream().map(d -> new GroupRelay(d, broker, "room")).toList();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int p = 0; p < 3; p++) {
        GroupRelay relay = relays.get(p);
        int sender = p;
        done.add(pool.submit(() -> {
          for (int i = 0; i < 300; i++) {
            relay.publish(TEXT, text(sender + "-" + i), null, false);
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(processes.get(0).seen).hasSize(900).doesNotHaveDuplicates();
    assertThat(processes.get(1).seen).isEqualTo(processes.get(0).seen);
    assertThat(processes.get(2).seen).isEqualTo(processes.get(0).seen);
  }

  @Test
  void aFilteredBroadcastIsDeliveredOnlyByItsSenderWithItsFilter() {
    InMemoryBroker broker = new InMemoryBroker();
    Deliveries a = new Deliveries();
    Deliveries b = new Deliveries();
    GroupRelay ra = new GroupRelay(a, broker, "room");
    new GroupRelay(b, broker, "room");

    ra.publish(TEXT, text("for some"), SOME_FILTER, true);

    assertThat(a.seen).containsExactly("text:for some");
    assertThat(a.filters).containsExactly(SOME_FILTER);
    assertThat(b.seen).isEmpty();
  }

  @Test
  void anExceptSenderBroadcastReachesOtherProcessesUnfilteredAndItsSenderFiltered() {
    InMemoryBroker broker = new InMemoryBroker();
    Deliveries a = new Deliveries();
    Deliveries b = new Deliveries();
    GroupRelay ra = new GroupRelay(a, broker, "room");
    new GroupRelay(b, broker, "room");

    ra.publish(TEXT, text("not to me"), SOME_FILTER, false);

    assertThat(a.filters).containsExactly(SOME_FILTER);
    assertThat(b.seen).containsExactly("text:not to me");
    assertThat(b.filters).containsOnlyNulls();
  }

  @Test
  void aFailedPublishIsDeliveredToTheSendersOwnMembersAtOnce() {
    Deliveries a = new Deliveries();
    GroupRelay ra = new GroupRelay(a, new UnreachableBroker(false), "room");

    ra.publish(TEXT, text("still here"), null, false);

    assertThat(a.seen).containsExactly("text:still here");
    assertThat(ra.pendingCount()).isZero();
  }

  @Test
  void aPublishThatThrowsIsDeliveredToTheSendersOwnMembersAtOnce() {
    Deliveries a = new Deliveries();
    GroupRelay ra = new GroupRelay(a, new UnreachableBroker(true), "room");

    ra.publish(TEXT, text("still here"), SOME_FILTER, true);

    assertThat(a.seen).containsExactly("text:still here");
    assertThat(a.filters).containsExactly(SOME_FILTER);
  }

  @Test
  void aPublishRefusedAtOnceDoesNotOvertakeAnOlderOneStillOnItsWay() {
    // Redis dropped: the first PUBLISH was sent and awaits its answer (it fails on the broker's
    // thread a moment later), the second is refused at once because the client is disconnected.
    CompletableFuture<Void> firstAnswer = new CompletableFuture<>();
    List<CompletionStage<Void>> answers = new ArrayList<>(List.of(firstAnswer,
        CompletableFuture.failedFuture(new BrokerException("Currently not connected."))));
    Deliveries a = new Deliveries();
    GroupRelay ra = new GroupRelay(a, new ScriptedBroker(answers), "room");

    ra.publish(TEXT, text("first"), null, false);
    ra.publish(TEXT, text("second"), null, false);
    firstAnswer.completeExceptionally(new BrokerException("Connection reset"));

    assertThat(a.seen).containsExactly("text:first", "text:second");
    assertThat(ra.pendingCount()).isZero();
  }

  @Test
  void aMessageLostOnItsWayBackIsDeliveredLocallyWhenALaterOneOvertakesIt() {
    LossyBroker broker = new LossyBroker();
    Deliveries a = new Deliveries();
    GroupRelay ra = new GroupRelay(a, broker, "room");

    broker.dropNext = true;
    ra.publish(TEXT, text("lost"), null, false);
    assertThat(a.seen).isEmpty();
    ra.publish(TEXT, text("next"), null, false);

    assertThat(a.seen).containsExactly("text:lost", "text:next");
    assertThat(ra.pendingCount()).isZero();
  }

  @Test
  void aMessageThatNeverComesBackReachesItsSendersMembersAfterTheTimeoutWithoutAnotherBroadcast() throws Exception {
    LossyBroker broker = new LossyBroker();
    broker.dropAll = true; // published fine, never heard back (a subscription killed in between)
    Deliveries a = new Deliveries();
    GroupRelay ra = new GroupRelay(a, broker, "quiet-room", java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100));

    ra.publish(TEXT, text("alone"), null, false);
    assertThat(a.seen).isEmpty();

    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    while (a.seen.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(a.seen).containsExactly("text:alone");
    assertThat(ra.pendingCount()).isZero();
  }

  @Test
  void messagesThatNeverComeBackAreDeliveredLocallyOncePastTheCap() {
    LossyBroker broker = new LossyBroker();
    broker.dropAll = true;
    Deliveries a = new Deliveries();
    GroupRelay ra = new GroupRelay(a, broker, "room");

    for (int i = 0; i <= GroupRelay.MAX_PENDING + 10; i++) {
      ra.publish(TEXT, text("m" + i), null, false);
    }

    assertThat(ra.pendingCount()).isEqualTo(GroupRelay.MAX_PENDING);
    assertThat(a.seen).hasSize(11).startsWith("text:m0", "text:m1");
  }

  @Test
  void aMessageThatIsNotAGroupBroadcastIsIgnored() {
    InMemoryBroker broker = new InMemoryBroker();
    Deliveries a = new Deliveries();
    new GroupRelay(a, broker, "room");

    broker.publish("room", "plain text from someone else".getBytes(StandardCharsets.UTF_8));
    broker.publish("room", new byte[] {GroupRelay.VERSION, 0});

    assertThat(a.seen).isEmpty();
  }

  @Test
  void aClosedRelayReceivesNothingMore() {
    InMemoryBroker broker = new InMemoryBroker();
    Deliveries a = new Deliveries();
    Deliveries b = new Deliveries();
    GroupRelay ra = new GroupRelay(a, broker, "room");
    GroupRelay rb = new GroupRelay(b, broker, "room");

    rb.close();
    ra.publish(TEXT, text("after"), null, false);

    assertThat(a.seen).containsExactly("text:after");
    assertThat(b.seen).isEmpty();
  }

  /** Subscribes fine, then every publish fails (or throws): Redis went away. */
  private static final class UnreachableBroker implements Broker {
    private final boolean throwing;

    UnreachableBroker(boolean throwing) {
      this.throwing = throwing;
    }

    @Override
    public Subscription subscribe(String channel, MessageListener listener) {
      return new InMemoryBroker().subscribe(channel, listener);
    }

    @Override
    public CompletionStage<Void> publish(String channel, byte[] message) {
      BrokerException down = new BrokerException("Connection refused");
      if (throwing) {
        throw down;
      }
      return CompletableFuture.failedFuture(down);
    }

    @Override
    public String name() {
      return "unreachable";
    }

    @Override
    public void close() {}
  }

  /** Answers each publish with the next of its stages; delivers nothing. */
  private static final class ScriptedBroker implements Broker {
    private final List<CompletionStage<Void>> answers;

    ScriptedBroker(List<CompletionStage<Void>> answers) {
      this.answers = answers;
    }

    @Override
    public Subscription subscribe(String channel, MessageListener listener) {
      return new InMemoryBroker().subscribe(channel, listener);
    }

    @Override
    public CompletionStage<Void> publish(String channel, byte[] message) {
      return answers.remove(0);
    }

    @Override
    public String name() {
      return "scripted";
    }

    @Override
    public void close() {}
  }

  /** Accepts every publish but loses the messages it is told to on their way to the subscribers. */
  private static final class LossyBroker implements Broker {
    private final InMemoryBroker inner = new InMemoryBroker();
    boolean dropNext;
    boolean dropAll;

    @Override
    public Subscription subscribe(String channel, MessageListener listener) {
      return inner.subscribe(channel, listener);
    }

    @Override
    public CompletionStage<Void> publish(String channel, byte[] message) {
      if (dropAll || dropNext) {
        dropNext = false;
        return CompletableFuture.completedFuture(null);
      }
      return inner.publish(channel, message);
    }

    @Override
    public String name() {
      return "lossy";
    }

    @Override
    public void close() {}
  }
}
