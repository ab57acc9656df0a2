package io.squall.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Percentage.withPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import io.squall.bench.Gcc;
import io.squall.ioloop.EventLoop;
import io.squall.ioloop.EventLoopGroup;
import io.squall.web.Application;
import io.squall.web.Settings;
import io.squall.websocket.WebSocketCompression;
import io.squall.websocket.WebSocketGroup;
import io.squall.websocket.WebSocketHandler;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The load generator (bench/loadgen/loadgen.c), built with gcc as ./squall bench builds it and run
 * through {@link LoadGen} against a Squall server in this JVM that counts what it serves: every
 * figure of the bench comes from this program, so each mode must count what really happened.
 */
class LoadGenIT {
  /** Echoes, and counts the sockets open now and the messages echoed. */
  public static class CountingEcho extends WebSocketHandler {
    static final AtomicInteger OPEN = new AtomicInteger();
    static final AtomicLong ECHOED = new AtomicLong();

    @Override
    public void open() {
      OPEN.incrementAndGet();
    }

    @Override
    public void onMessage(String message) {
      ECHOED.incrementAndGet();
      writeMessage(message);
    }

    @Override
    public void onClose() {
      OPEN.decrementAndGet();
    }
  }

  /**
   * Echoes each text message cut in three frames (RFC 6455 §5.4: a text frame without FIN, then
   * continuations), written raw on the connection, as gorilla's writer cuts a long message.
   */
  public static final class Fragmenting extends CountingEcho {
    @Override
    public void onMessage(String message) {
      ECHOED.incrementAndGet();
      byte[] m = message.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      int a = m.length / 3;
      int b = 2 * m.length / 3;
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      frame(out, 0x01, m, 0, a);
      frame(out, 0x00, m, a, b);
      frame(out, 0x80, m, b, m.length);
      connection().write(java.nio.ByteBuffer.wrap(out.toByteArray()), null);
    }

    private static void frame(java.io.ByteArrayOutputStream out, int firstByte, byte[] m, int from, int to) {
      out.write(firstByte);
      out.write(to - from); // under 126: the 7-bit length, unmasked
      out.write(m, from, to - from);
    }
  }

  /**
   * An unfair echo: the first socket to open gets its echoes at once, every other one 100 ms
   * late, as a server that keeps serving one client would answer the rest.
   */
  public static final class Favouring extends CountingEcho {
    static final AtomicReference<WebSocketHandler> FAVOURITE = new AtomicReference<>();

    @Override
    public void open() {
      super.open();
      FAVOURITE.compareAndSet(null, this);
    }

    @Override
    public void onMessage(String message) {
      if (FAVOURITE.get() == this) {
        super.onMessage(message);
      } else {
        EventLoop.current().schedule(() -> super.onMessage(message), Duration.ofMillis(100));
      }
    }
  }

  /**
   * Answers the first socket's first message with a frame the client cannot read (RSV1 set, its
   * payload not deflate), and echoes everything else: the client gives that connection up.
   */
  public static final class Garbling extends CountingEcho {
    static final AtomicReference<WebSocketHandler> VICTIM = new AtomicReference<>();
    static final AtomicInteger CLOSED = new AtomicInteger();

    @Override
    public void onMessage(String message) {
      if (VICTIM.compareAndSet(null, this)) {
        connection().write(java.nio.ByteBuffer.wrap(new byte[] {(byte) 0xc1, 4, -1, -1, -1, -1}), null);
      } else {
        super.onMessage(message);
      }
    }

    @Override
    public void onClose() {
      super.onClose();
      if (VICTIM.get() == this) {
        CLOSED.incrementAndGet();
      }
    }
  }

  /** Relays every message to every socket of the room, as the bench's broadcast peers do. */
  public static final class Room extends WebSocketHandler {
    static final WebSocketGroup MEMBERS = new WebSocketGroup();
    static final AtomicLong RELAYED = new AtomicLong();

    @Override
    public void open() {
      MEMBERS.add(this);
    }

    @Override
    public void onMessage(String message) {
      RELAYED.incrementAndGet();
      MEMBERS.broadcast(message);
    }
  }

  static Path binary;
  static EventLoopGroup group;
  static Application app;
  /** Rooms that accept permessage-deflate: each message afresh, and keeping the context. */
  static Application deflating;
  static Application deflatingWithContext;
  static Path log;

  @BeforeAll
  static void buildAndServe() throws Exception {
    binary = Gcc.build("loadgen/loadgen.c", "-lz", "-luring");
    log = binary.resolveSibling("loadgen.log");
    group = new EventLoopGroup(1, "loadgen-it");
    app = Application.builder().route("/echo", CountingEcho.class).route("/broadcast", Room.class).route("/favouring", Favouring.class)
        .route("/fragmenting", Fragmenting.class).route("/garbling", Garbling.class).group(group).build()
        .listen("127.0.0.1", 0);
    deflating = room(WebSocketCompression.on());
    deflatingWithContext = room(WebSocketCompression.on().withContextTakeover(true));
  }

  private static Application room(WebSocketCompression compression) {
    return Application.builder().route("/broadcast", Room.class).setting(Settings.WEBSOCKET_COMPRESSION, compression)
        .group(group).build().listen("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    for (Application a : new Application[] {app, deflating, deflatingWithContext}) {
      if (a != null) {
        a.stop(Duration.ofSeconds(2));
      }
    }
    if (group != null) {
      group.shutdown(Duration.ofSeconds(2));
    }
  }

  @BeforeEach
  void noSocketsLeftFromTheLastRun() throws InterruptedException {
    awaitOpen(0);
  }

  private static JsonNode run(List<JsonNode> events, String... args) throws IOException {
    return run(app, events, args);
  }

  private static JsonNode run(Application server, List<JsonNode> events, String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of("--port", Integer.toString(server.port())));
    all.addAll(List.of(args));
    return new LoadGen(binary).run(all, log, (event, stdin) -> {
      events.add(event);
      if ("stage".equals(event.path("event").asText())) {
        try {
          awaitOpen(event.path("open").asInt());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        stdin.write('\n'); // the idle mode holds each stage until told to go on
        stdin.flush();
      }
    });
  }

  private static void awaitOpen(int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (CountingEcho.OPEN.get() != expected && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(CountingEcho.OPEN.get()).as("sockets open on the server").isEqualTo(expected);
  }

  private static List<String> kinds(List<JsonNode> events) {
    return events.stream().map(e -> e.path("event").asText()).toList();
  }

  @Test
  void echoCountsRoundTripsTheServerReallyAnsweredAndReportsItsOwnCpu() throws Exception {
    List<JsonNode> events = new ArrayList<>();
    long echoedBefore = CountingEcho.ECHOED.get();
    JsonNode r = run(events, "--mode", "echo", "--conns", "10", "--size", "32", "--warmup", "0.5", "--duration", "1");

    assertThat(kinds(events)).containsExactly("open", "window", "result");
    assertThat(r.path("errors").asLong()).isZero();
    assertThat(r.path("unexpected_close").asLong()).isZero();
    assertThat(r.path("open").asInt()).isEqualTo(10);
    long count = r.path("count").asLong();
    assertThat(count).isPositive().isEqualTo(r.path("samples").asLong());
    assertThat(CountingEcho.ECHOED.get() - echoedBefore).as("the server echoed at least what was counted").isGreaterThanOrEqualTo(count);
    assertThat(r.path("bytes_per_s").asDouble()).isCloseTo(32 * r.path("rate").asDouble(), withPercentage(0.1));
    assertThat(r.path("p50_us").asDouble()).isPositive().isLessThanOrEqualTo(r.path("p99_us").asDouble());
    assertThat(r.path("p99_us").asDouble()).isLessThanOrEqualTo(r.path("max_us").asDouble() * 1.02);
    assertThat(r.path("cpu_pct").asDouble()).isPositive().isLessThanOrEqualTo(105);
    assertThat(r.path("fairness").asDouble()).as("Jain's index of a server that serves every socket in turn").isGreaterThan(0.9);
    assertThat(r.path("starved").asInt()).isZero();
    long min = r.path("per_conn_min").asLong();
    long max = r.path("per_conn_max").asLong();
    assertThat(min).isPositive().isLessThanOrEqualTo(max);
    assertThat(count).isBetween(10 * min, 10 * max);
  }

  /** Whether this kernel lets a process use io_uring (0 in /proc/sys/kernel/io_uring_disabled, or no such switch). */
  static boolean ioUringAllowed() throws IOException {
    Path knob = Path.of("/proc/sys/kernel/io_uring_disabled");
    return !java.nio.file.Files.exists(knob) || java.nio.file.Files.readString(knob).strip().equals("0");
  }

  @Test
  void echoRunsOnIoUringWhereTheKernelHasItAndWaitsForABatchOfAnEighthOfTheConnections() throws Exception {
    long echoedBefore = CountingEcho.ECHOED.get();
    JsonNode r = run(new ArrayList<>(), "--mode", "echo", "--conns", "40", "--size", "32", "--warmup", "0.5", "--duration", "1");

    assertThat(r.path("errors").asLong()).isZero();
    long count = r.path("count").asLong();
    assertThat(count).isPositive();
    assertThat(CountingEcho.ECHOED.get() - echoedBefore).isGreaterThanOrEqualTo(count);
    assertThat(r.path("fairness").asDouble()).isGreaterThan(0.9);
    if (ioUringAllowed()) {
      assertThat(r.path("engine").asText()).isEqualTo("io_uring");
      assertThat(r.path("batch").asInt()).as("40 / 8").isEqualTo(5);
      assertThat(r.path("batch_wait_us").asInt()).isEqualTo(200);
    } else {
      assertThat(r.path("engine").asText()).as("no io_uring here: the run stays on epoll").isEqualTo("epoll");
    }
  }

  @Test
  void echoOnEpollOrAnsweringEachEchoAtOnceCountsTheSameWay() throws Exception {
    for (List<String> engine : List.of(List.of("--engine", "epoll"), List.of("--batch", "1"))) {
      long echoedBefore = CountingEcho.ECHOED.get();
      List<String> args = new ArrayList<>(List.of("--mode", "echo", "--conns", "40", "--size", "32", "--warmup", "0.5", "--duration", "1"));
      args.addAll(engine);
      JsonNode r = run(new ArrayList<>(), args.toArray(String[]::new));

      assertThat(r.path("errors").asLong()).as(engine.toString()).isZero();
      long count = r.path("count").asLong();
      assertThat(count).as(engine.toString()).isPositive();
      assertThat(CountingEcho.ECHOED.get() - echoedBefore).isGreaterThanOrEqualTo(count);
      assertThat(r.path("bytes_per_s").asDouble()).isCloseTo(32 * r.path("rate").asDouble(), withPercentage(0.1));
      assertThat(r.path("batch").asInt()).as("one completion at a time").isEqualTo(1);
      assertThat(r.path("batch_wait_us").asInt()).isZero();
    }
  }

  @Test
  void uringEngineRunsWhereTheKernelHasItAndIsRefusedWithTheReasonWhereNot() throws Exception {
    if (ioUringAllowed()) {
      JsonNode r = run(new ArrayList<>(), "--mode", "echo", "--conns", "4", "--engine", "uring", "--warmup", "0.2", "--duration", "0.3");
      assertThat(r.path("engine").asText()).isEqualTo("io_uring");
    } else {
      assertThatThrownBy(() -> run(new ArrayList<>(), "--mode", "echo", "--conns", "4", "--engine", "uring", "--warmup", "0.2",
          "--duration", "0.3")).hasMessageContaining("io_uring is not available");
    }
  }

  @Test
  void aConnectionTheGeneratorGivesUpIsClosedAtOnceNotWhenTheRunEnds() throws Exception {
    Garbling.VICTIM.set(null);
    Garbling.CLOSED.set(0);
    AtomicInteger closedWhenTheWindowOpened = new AtomicInteger(-1);
    JsonNode r = new LoadGen(binary).run(List.of("--port", Integer.toString(app.port()), "--mode", "echo", "--path", "/garbling",
        "--conns", "4", "--warmup", "0.5", "--duration", "0.5"), log, (event, stdin) -> {
          if ("window".equals(event.path("event").asText())) {
            closedWhenTheWindowOpened.set(Garbling.CLOSED.get());
          }
        });

    assertThat(r.path("errors").asLong()).as("the unreadable reply").isEqualTo(1);
    assertThat(r.path("count").asLong()).as("the other three echo on").isPositive();
    assertThat(closedWhenTheWindowOpened.get()).as("the server saw that socket close during the run").isEqualTo(1);
  }

  @Test
  void echoCountsAFragmentedReplyOnceWhenItsLastFrameArrivesWithAllItsBytes() throws Exception {
    long echoedBefore = CountingEcho.ECHOED.get();
    JsonNode r = run(new ArrayList<>(), "--mode", "echo", "--path", "/fragmenting", "--conns", "10", "--size", "32",
        "--warmup", "0.5", "--duration", "1");

    assertThat(r.path("errors").asLong()).isZero();
    long count = r.path("count").asLong();
    assertThat(count).isPositive();
    assertThat(CountingEcho.ECHOED.get() - echoedBefore).as("one message sent per echo received whole").isGreaterThanOrEqualTo(count);
    assertThat(r.path("bytes_per_s").asDouble()).as("each echo counted with its three frames' bytes")
        .isCloseTo(32 * r.path("rate").asDouble(), withPercentage(0.1));
  }

  @Test
  void echoReportsAServerThatServesOneSocketAndStarvesTheRestAsUnfair() throws Exception {
    Favouring.FAVOURITE.set(null);
    JsonNode r = run(new ArrayList<>(), "--mode", "echo", "--path", "/favouring", "--conns", "10", "--warmup", "0.5", "--duration", "1");

    assertThat(r.path("errors").asLong()).isZero();
    long min = r.path("per_conn_min").asLong();
    long max = r.path("per_conn_max").asLong();
    assertThat(min).as("100 ms per echo for 1 s").isBetween(8L, 11L);
    assertThat(max).as("the favourite echoes without waiting").isGreaterThan(100 * min);
    assertThat(r.path("starved").asInt()).as("every socket but the favourite").isEqualTo(9);
    double jain = r.path("fairness").asDouble();
    assertThat(jain).as("close to 1/n when one socket gets nearly all").isBetween(0.1, 0.2);
    assertThat(r.path("p50_us").asDouble()).as("most echoes are the favourite's").isLessThan(10_000);
    assertThat(r.path("max_us").asDouble()).as("the others wait").isGreaterThan(100_000);
  }

  @Test
  void broadcastCountsEveryReceiversDeliveriesOfTheSendersMessages() throws Exception {
    List<JsonNode> events = new ArrayList<>();
    JsonNode r = run(events, "--mode", "broadcast", "--path", "/broadcast", "--conns", "20", "--rate", "50",
        "--warmup", "0.5", "--duration", "1");

    assertThat(r.path("errors").asLong()).isZero();
    assertThat(r.path("offered_rate").asDouble()).isEqualTo(50.0 * 20);
    long sent = r.path("sent").asLong();
    assertThat(sent).as("50/s over 1.5 s").isBetween(50L, 90L);
    assertThat(Room.RELAYED.get()).isGreaterThanOrEqualTo(sent);
    long deliveries = r.path("count").asLong();
    assertThat(deliveries).as("every receiver counts the messages of the 1 s window").isBetween(20L * 25, 20L * sent);
    assertThat(r.path("p99_us").asDouble()).isPositive();
  }

  @Test
  void deflateInflatesEveryCompressedDeliveryToReadItsSendTimeAndCountsIt() throws Exception {
    for (Application server : List.of(deflating, deflatingWithContext)) {
      JsonNode r = run(server, new ArrayList<>(), "--mode", "broadcast", "--path", "/broadcast", "--conns", "20", "--rate", "50",
          "--size", "1024", "--deflate", "--warmup", "0.5", "--duration", "1");

      assertThat(r.path("errors").asLong()).isZero();
      long deliveries = r.path("count").asLong();
      assertThat(deliveries).as("every receiver counts the messages of the 1 s window").isBetween(20L * 25, 20L * r.path("sent").asLong());
      assertThat(r.path("compressed").asLong()).as("deliveries that arrived compressed").isEqualTo(deliveries);
      assertThat(r.path("bytes_per_s").asDouble()).as("compressed bytes on the wire").isLessThan(1024 * r.path("rate").asDouble() / 2);
      assertThat(r.path("p99_us").asDouble()).as("send times read from inflated payloads").isPositive().isLessThan(1e6);
    }
  }

  @Test
  void deflateCountsNoCompressedDeliveryFromAServerThatDeclinesIt() throws Exception {
    JsonNode r = run(new ArrayList<>(), "--mode", "broadcast", "--path", "/broadcast", "--conns", "5", "--rate", "50",
        "--size", "1024", "--deflate", "--warmup", "0.3", "--duration", "0.5");

    assertThat(r.path("count").asLong()).isPositive();
    assertThat(r.path("compressed").asLong()).isZero();
  }

  @Test
  void handshakeCompletesUpgradesAndCloseHandshakesWithoutErrors() throws Exception {
    List<JsonNode> events = new ArrayList<>();
    JsonNode r = run(events, "--mode", "handshake", "--conns", "4", "--warmup", "0.3", "--duration", "1");

    assertThat(r.path("errors").asLong()).isZero();
    assertThat(r.path("count").asLong()).isPositive();
    assertThat(r.path("unexpected_close").asLong()).isZero();
  }

  @Test
  void idleHoldsEachStagesSocketsOpenUntilToldToGoOn() throws Exception {
    List<JsonNode> events = new ArrayList<>();
    run(events, "--mode", "idle", "--stages", "5,15");

    assertThat(kinds(events)).containsExactly("stage", "stage", "result");
    assertThat(events.get(0).path("open").asInt()).isEqualTo(5);
    assertThat(events.get(1).path("open").asInt()).isEqualTo(15);
    assertThat(events.get(1).path("errors").asLong()).isZero();
  }

  @Test
  void aServerThatRefusesEveryUpgradeEndsTheRunAtOnceWithTheReason() {
    long started = System.nanoTime();
    assertThatThrownBy(() -> run(new ArrayList<>(), "--mode", "echo", "--path", "/nowhere", "--conns", "10",
        "--warmup", "0", "--duration", "1"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("only 0 of 10 connections opened");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not the 120 s opening deadline").isLessThan(Duration.ofSeconds(20));
  }
}
