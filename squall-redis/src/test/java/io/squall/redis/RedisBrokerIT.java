package io.squall.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.pubsub.BrokerException;
import io.squall.pubsub.Subscription;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RedisBroker against a real redis-server on loopback: delivery, order, outages and restarts. */
class RedisBrokerIT {
  private RedisServer redis;
  private final List<RedisBroker> brokers = new ArrayList<>();

  @BeforeEach
  void startRedis() throws Exception {
    redis = RedisServer.start();
  }

  @AfterEach
  void stopAll() throws Exception {
    brokers.forEach(RedisBroker::close);
    redis.close();
  }

  private RedisBroker broker() {
    RedisBroker b = RedisBroker.connect(redis.uri());
    brokers.add(b);
    return b;
  }

  private static List<byte[]> recordInto(RedisBroker broker, String channel) {
    List<byte[]> seen = Collections.synchronizedList(new ArrayList<>());
    broker.subscribe(channel, (c, m) -> seen.add(m));
    return seen;
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aPublishedMessageReachesEveryProcessByteForByte() throws Exception {
    RedisBroker a = broker();
    RedisBroker b = broker();
    List<byte[]> seenByA = recordInto(a, "room");
    List<byte[]> seenByB = recordInto(b, "room");
    byte[] everyByte = new byte[256];
    for (int i = 0; i < 256; i++) {
      everyByte[i] = (byte) i;
    }

    a.publish("room", everyByte).toCompletableFuture().get(5, TimeUnit.SECONDS);

    await("both deliveries", () -> seenByA.size() == 1 && seenByB.size() == 1);
    assertThat(seenByA.get(0)).isEqualTo(everyByte);
    assertThat(seenByB.get(0)).isEqualTo(everyByte);
    assertThat(a.isConnected()).isTrue();
    assertThat(a.name()).isEqualTo("redis");
    assertThat(a.address()).isEqualTo("127.0.0.1:" + redis.port());
  }

  @Test
  void concurrentPublishersAreSeenInOneOrderByEveryProcess() throws Exception {
    RedisBroker a = broker();
    RedisBroker b = broker();
    List<byte[]> seenByA = recordInto(a, "room");
    List<byte[]> seenByB = recordInto(b, "room");
    List<CompletableFuture<Void>> sent = new ArrayList<>();

    for (int i = 0; i < 500; i++) {
      sent.add(a.publish("room", text("a" + i)).toCompletableFuture());
      sent.add(b.publish("room", text("b" + i)).toCompletableFuture());
    }
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

    await("1,000 deliveries each", () -> seenByA.size() == 1000 && seenByB.size() == 1000);
    List<String> orderA = seenByA.stream().map(m -> new String(m, StandardCharsets.UTF_8)).toList();
    List<String> orderB = seenByB.stream().map(m -> new String(m, StandardCharsets.UTF_8)).toList();
    assertThat(orderA).doesNotHaveDuplicates().isEqualTo(orderB);
    assertThat(orderA.stream().filter(m -> m.startsWith("a")).toList()).containsExactlyElementsOf(
        java.util.stream.IntStream.range(0, 500).mapToObj(i -> "a" + i).toList());
  }

  @Test
  void aClosedSubscriptionStopsDeliveriesAndTheLastOneUnsubscribesFromRedis() throws Exception {
    RedisBroker a = broker();
    List<byte[]> kept = recordInto(a, "room");
    List<byte[]> dropped = Collections.synchronizedList(new ArrayList<>());
    Subscription s = a.subscribe("room", (c, m) -> dropped.add(m));
    assertThat(redis.subscribers("room")).isEqualTo(1);

    s.close();
    a.publish("room", text("after")).toCompletableFuture().get(5, TimeUnit.SECONDS);
    await("the kept listener's delivery", () -> kept.size() == 1);
    assertThat(dropped).isEmpty();
    assertThat(redis.subscribers("room")).isEqualTo(1);

    a.subscribe("other", (c, m) -> {}).close();
    await("the unsubscribe", () -> subscribers("other") == 0);
  }

  private int subscribers(String channel) {
    try {
      return redis.subscribers(channel);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void whileRedisIsDownAPublishFailsAtOnceAndSaysWhere() throws Exception {
    RedisBroker a = broker();
    redis.kill();
    await("the broker to notice", () -> !a.isConnected());

    long start = System.nanoTime();
    CompletableFuture<Void> published = a.publish("room", text("lost")).toCompletableFuture();

    assertThatThrownBy(() -> published.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(BrokerException.class)
        .hasMessageStartingWith("Publish to Redis at 127.0.0.1:" + redis.port() + " failed: ");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void whileRedisIsStalledPublishesTimeOutAndTheUnansweredBytesStayBounded() throws Exception {
    Duration timeout = Duration.ofSeconds(2);
    RedisBroker a = RedisBroker.connect(redis.uri(), new RedisBroker.Options(timeout, Duration.ofSeconds(1), 65_536, 1 << 20));
    brokers.add(a);
    List<byte[]> seen = recordInto(broker(), "room");
    redis.pause();
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    try {
      for (int i = 0; i < 100; i++) {
        sent.add(a.publish("room", new byte[64 * 1024]).toCompletableFuture());
      }
      // 1 MiB of 64 KiB messages may await Redis's answer; the other 84 fail at once.
      List<CompletableFuture<Void>> refused = sent.stream().filter(CompletableFuture::isCompletedExceptionally).toList();
      assertThat(refused).hasSize(84);
      assertThatThrownBy(() -> refused.get(0).get())
          .cause().isInstanceOf(BrokerException.class)
          .hasMessage("Publish to Redis at 127.0.0.1:" + redis.port() + " failed: 1048576 bytes of messages await its answer,"
              + " maxPublishBytes is 1048576.");
      assertThatThrownBy(() -> sent.get(0).get(5, TimeUnit.SECONDS))
          .cause().isInstanceOf(BrokerException.class)
          .hasMessageEndingWith(" failed: no answer within 2000 ms");
      assertThat(a.isConnected()).as("connected while stalled").isFalse();
    } finally {
      redis.resume();
    }

    await("the stalled messages to arrive", () -> seen.size() == 16);
    await("the stall to end", a::isConnected);
    a.publish("room", text("after the stall")).toCompletableFuture().get(5, TimeUnit.SECONDS);
    await("the next one", () -> seen.size() == 17);
  }

  @Test
  void subscriptionsComeBackByThemselvesAfterRedisRestarts() throws Exception {
    RedisBroker a = broker();
    RedisBroker b = broker();
    List<byte[]> seenByB = recordInto(b, "room");

    redis.restart();
    await("both brokers to reconnect", () -> a.isConnected() && b.isConnected() && subscribers("room") == 1);
    a.publish("room", text("after the restart")).toCompletableFuture().get(5, TimeUnit.SECONDS);

    await("the delivery", () -> seenByB.size() == 1);
    assertThat(new String(seenByB.get(0), StandardCharsets.UTF_8)).isEqualTo("after the restart");
  }

  @Test
  void aChannelLeftWhileRedisWasDownIsNotSubscribedAgainAfterTheRestart() throws Exception {
    RedisBroker a = broker();
    recordInto(a, "room");
    Subscription left = a.subscribe("left-during-outage", (c, m) -> {});
    redis.kill();
    await("the broker to notice", () -> !a.isConnected());

    left.close();
    redis.restart();

    await("the room's subscription to come back", () -> subscribers("room") == 1);
    await("the left channel to stay unsubscribed", () -> subscribers("left-during-outage") == 0);
  }

  @Test
  void anUnreachableRedisAtStartupIsAnErrorWithItsAddress() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      closedPort = s.getLocalPort();
    }

    assertThatThrownBy(() -> RedisBroker.connect("redis://127.0.0.1:" + closedPort))
        .isInstanceOf(BrokerException.class)
        .hasMessageStartingWith("Cannot connect to Redis at 127.0.0.1:" + closedPort + ": ")
        .hasMessageContaining("refused");
  }

  @Test
  void aPasswordInTheUriAuthenticatesAndAWrongOneIsRefusedWithoutShowingIt() throws Exception {
    try (RedisServer guarded = RedisServer.start("s3cret")) {
      RedisBroker a = RedisBroker.connect(guarded.uri());
      brokers.add(a);
      List<byte[]> seen = recordInto(a, "room");
      a.publish("room", text("authenticated")).toCompletableFuture().get(5, TimeUnit.SECONDS);
      await("the delivery", () -> seen.size() == 1);
      assertThat(a.address()).isEqualTo("127.0.0.1:" + guarded.port());

      assertThatThrownBy(() -> RedisBroker.connect("redis://:wrong@127.0.0.1:" + guarded.port()))
          .isInstanceOf(BrokerException.class)
          .hasMessageStartingWith("Cannot connect to Redis at 127.0.0.1:" + guarded.port() + ": ")
          .hasMessageNotContaining("wrong");
    }
  }

  @Test
  void aUriThatIsNotRedisIsRefusedWithTheExpectedForm() {
    assertThatThrownBy(() -> RedisBroker.connect("http://127.0.0.1:6379"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Not a Redis URI: http://127.0.0.1:6379 (expected redis://host:port or rediss://host:port).");
    assertThatThrownBy(() -> new RedisBroker.Options(Duration.ZERO, Duration.ofSeconds(1), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("commandTimeout must be positive, got PT0S.");
  }

  @Test
  void afterCloseSubscribingThrowsAndPublishingFails() {
    RedisBroker a = broker();
    a.close();

    assertThat(a.isConnected()).isFalse();
    assertThatThrownBy(() -> a.subscribe("room", (c, m) -> {})).isInstanceOf(BrokerException.class).hasMessage("Broker is closed.");
    assertThat(a.publish("room", text("x")).toCompletableFuture()).isCompletedExceptionally();
  }
}
