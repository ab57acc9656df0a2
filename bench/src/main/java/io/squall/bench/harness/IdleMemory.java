package io.squall.bench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import io.squall.bench.harness.Results.Row;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The idle workload on one fresh server: the server's RSS per connection as the slope between
 * 5,000 and 19,000 open idle WebSockets, each read after a full GC, with the Java heap's slope
 * beside it for JVM peers. Confined to the harness thread.
 */
final class IdleMemory {
  /** At most this many extra one-second churns to fill a JVM peer's young generation before the idle stages. */
  static final int EDEN_WARMUP_ROUNDS = 30;
  /**
   * Seconds of each churn while connections are held to fill a survivor space: short enough that
   * no churn allocates a whole eden, so the hold ends after exactly one young collection. A
   * second one would move the survivor's connections on to the old generation (the tenuring
   * threshold drops to 1 once a survivor space overflowed), writing old-generation pages the
   * first stage does not fill, and the slope would miss them (a 1-second churn did so once in
   * three rounds: 719 B/conn for a connection whose heap is 970).
   */
  static final double FILL_CHURN_SECONDS = 0.2;
  /** At most this many fill churns per hold: several times what fills eden at any peer's rate. */
  static final int FILL_CHURN_ROUNDS = 150;
  /** Heap above the level before a hold that still counts as released (5,000 connections hold 7 MB or more). */
  static final long RELEASED_SLACK_BYTES = 2L << 20;

  private final LoadGen loadgen;
  private final Path logs;
  private final int port;

  IdleMemory(LoadGen loadgen, Path logs, int port) {
    this.loadgen = loadgen;
    this.logs = logs;
    this.port = port;
  }

  /** Churns to warm {@code server} up, then opens 5,000 and 19,000 idle sockets, RSS after a GC at each. */
  public Row measure(Peer peer, ServerProcess server, Workload w) throws IOException {
    Path warmupLog = logs.resolve(peer.name() + "-idle-warmup-loadgen.log");
    churn(w.warmupSeconds(), warmupLog);
    // A JVM's RSS grows as its young generation is first written: churn on until it has been
    // filled (collected) twice, so every peer's eden is resident before the first sample and the
    // slope shows what the connections keep, however fast the machine churned.
    for (int i = 0; i < EDEN_WARMUP_ROUNDS && server.youngCollections() >= 0 && server.youngCollections() < 2; i++) {
      churn(1, warmupLog);
    }
    int survivorFill = fillSurvivors(peer, server, w.conns());
    long baseline = settledRss(server);
    List<Long> rss = new ArrayList<>();
    List<Long> heap = new ArrayList<>();
    List<Double> connectSeconds = new ArrayList<>();
    JsonNode r = loadgen.run(w.loadgenArgs(port), logs.resolve(peer.name() + "-idle-loadgen.log"), (ev, stdin) -> {
      if (ev.path("event").asText().equals("stage")) {
        rss.add(settledRss(server));
        heap.add(server.heapUsedBytes());
        connectSeconds.add(ev.path("connect_s").asDouble());
        stdin.write('\n');
        stdin.flush();
      }
    });
    if (rss.size() != 2) {
      return Row.failed(peer.name(), "idle stages incomplete: " + r);
    }
    double perConn = (rss.get(1) - rss.get(0)) / (double) (w.conns() - Workload.IDLE_FIRST_STAGE);
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("rssBaselineBytes", baseline);
    extra.put("rssAt" + Workload.IDLE_FIRST_STAGE + "Bytes", rss.get(0));
    extra.put("rssAt" + w.conns() + "Bytes", rss.get(1));
    if (heap.size() == 2 && heap.get(0) >= 0 && heap.get(1) >= 0) {
      extra.put("heapAt" + Workload.IDLE_FIRST_STAGE + "Bytes", heap.get(0));
      extra.put("heapAt" + w.conns() + "Bytes", heap.get(1));
      extra.put("heapPerConnBytes", Math.round((heap.get(1) - heap.get(0)) / (double) (w.conns() - Workload.IDLE_FIRST_STAGE)));
    }
    if (survivorFill > 0) {
      extra.put("survivorFillConnections", survivorFill);
    }
    extra.put("connectSeconds", connectSeconds);
    extra.put("errors", r.path("errors").asLong());
    System.err.printf("bench: %-15s %-16s %.0f bytes/conn (RSS %d → %d MiB; heap after GC %s bytes/conn)%n", peer.name(), w.id(), perConn,
        rss.get(0) >> 20, rss.get(1) >> 20, extra.getOrDefault("heapPerConnBytes", "-"));
    return new Row(peer.name(), (double) Math.round(perConn), null, null, null, null, null, null, extra);
  }

  /**
   * The survivor spaces belong to the young generation too, and the churn above leaves them
   * nearly empty: garbage dies in eden. Holds idle connections while churning until a young
   * collection has copied them, then lets them go; twice, as each young collection copies into the
   * other survivor space. Otherwise the first young collection during the stages would write
   * survivor pages for the first time and the slope would count them as memory its connections
   * keep (a 6.5 MB survivor space is some 470 bytes per connection over 14,000).
   *
   * <p>It holds enough connections to overflow a survivor space whatever a connection costs: a
   * quarter more than fit, from a probe of the heap one connection holds. A fixed count does not
   * do: 5,000 of Squall's connections fill three quarters of a space, and the rest (1.6 MB,
   * ~115 bytes per connection) was then written, or not, depending on whether a young collection
   * fell in the second stage. The overflow goes to the old generation, and stays under what the
   * first stage fills anyway, provided the hold sees exactly one young collection ({@link
   * #FILL_CHURN_SECONDS}) when it holds more connections than the first stage opens, and at least
   * one otherwise ({@link #filled}); else it throws {@link FillFailed}. JVM peers only; returns how many
   * connections it held, or -1 when it did nothing.
   */
  private int fillSurvivors(Peer peer, ServerProcess server, int maxConnections) throws IOException {
    long survivorBytes = server.survivorCapacityBytes();
    if (server.youngCollections() < 0 || survivorBytes <= 0) {
      return -1;
    }
    Path log = logs.resolve(peer.name() + "-idle-warmup-loadgen.log");
    int held = survivorFillConnections(survivorBytes, probeBytesPerConnection(server, log),
        Workload.IDLE_FIRST_STAGE, maxConnections);
    for (int space = 0; space < 2; space++) {
      server.collectGarbage(); // an empty eden: the connections are all in it when the churn fills it
      long before = server.heapUsedBytes();
      long start = server.youngCollections(); // one during the opening would count too: it copies them early
      long[] collected = {0};
      hold(held, log, () -> {
        long collections = server.youngCollections();
        for (int i = 0; i < FILL_CHURN_ROUNDS && server.youngCollections() == collections; i++) {
          churn(FILL_CHURN_SECONDS, log);
        }
        collected[0] = server.youngCollections() - start;
      });
      awaitReleased(server, before);
      if (!filled(collected[0], held)) {
        throw new FillFailed(held, collected[0]);
      }
    }
    return held;
  }

  /**
   * Whether a hold of {@code held} connections that saw {@code collections} young collections
   * filled a survivor space without writing old-generation pages the first stage does not. One
   * collection always does. More move the held connections on to the old generation, which is
   * harmless while they are no more than the first stage opens anyway (the peers whose 5,000
   * connections outgrow eden, where several collections cannot be avoided), and not when the
   * hold was sized above it (the pages of the extra ones would go uncounted: 719 B/conn once,
   * for a connection whose heap is 970). None did not fill anything.
   */
  static boolean filled(long collections, int held) {
    return collections == 1 || collections > 1 && !outnumbersFirstStage(held);
  }

  /** Whether a hold opens more connections than the first stage: then only one young collection will do. */
  private static boolean outnumbersFirstStage(int held) {
    return held > Workload.IDLE_FIRST_STAGE;
  }

  /** A survivor fill that did not fill (see {@link #filled}): the window is not measured. */
  static final class FillFailed extends IOException {
    FillFailed(int held, long collections) {
      super("survivor fill: " + collections + " young collections while " + held + " connections were held (needs "
          + (outnumbersFirstStage(held) ? "exactly 1, as they outnumber the first stage" : "at least 1")
          + "); a fresh server measures again");
    }
  }

  /**
   * Connections to hold so that a young collection overflows a survivor space of {@code
   * survivorBytes}: a quarter more than fit at {@code bytesPerConnection}, at least {@code min}
   * (also when the cost is unknown) and at most {@code max}.
   */
  static int survivorFillConnections(long survivorBytes, double bytesPerConnection, int min, int max) {
    if (!(bytesPerConnection > 0)) {
      return min;
    }
    double wanted = Math.ceil(1.25 * survivorBytes / bytesPerConnection);
    return (int) Math.max(min, Math.min(max, wanted));
  }

  /**
   * Heap one idle connection holds, from the first stage's count held across a full GC; -1 when
   * the heap cannot be read. The GC moves them to the old generation, which the first stage fills
   * as far anyway.
   */
  private double probeBytesPerConnection(ServerProcess server, Path log) throws IOException {
    server.collectGarbage();
    long before = server.heapUsedBytes();
    long[] held = {-1};
    hold(Workload.IDLE_FIRST_STAGE, log, () -> {
      server.collectGarbage();
      held[0] = server.heapUsedBytes();
    });
    awaitReleased(server, before);
    return before < 0 || held[0] < 0 ? -1 : (held[0] - before) / (double) Workload.IDLE_FIRST_STAGE;
  }

  /** Opens {@code connections} idle sockets, runs {@code whileHeld} once they are all open, then closes them. */
  private void hold(int connections, Path log, WhileHeld whileHeld) throws IOException {
    List<String> args = List.of("--port", Integer.toString(port), "--mode", "idle", "--path", "/echo", "--stages",
        Integer.toString(connections));
    loadgen.run(args, log, (ev, stdin) -> {
      if (ev.path("event").asText().equals("stage")) {
        whileHeld.run();
        stdin.write('\n');
        stdin.flush();
      }
    });
  }

  /** What runs while the sockets of a {@link #hold} are open. */
  private interface WhileHeld {
    void run() throws IOException;
  }

  /** Connects, upgrades and closes from 64 slots for {@code seconds}: garbage for the young generation. */
  private void churn(double seconds, Path log) throws IOException {
    Workload churn = new Workload("idle-churn", Workload.Kind.HANDSHAKE, "", "", true, 64, 0, 0, 0, seconds);
    loadgen.run(churn.loadgenArgs(port), log, (ev, in) -> {});
  }

  /**
   * Waits (at most 15 s) until the heap in use after a GC is back near {@code before}: some
   * peers let a closed connection go a second or two after its socket closed, and one still
   * held would leave old-generation pages written that the first sample does not need.
   */
  private static void awaitReleased(ServerProcess server, long before) {
    Runner.awaitIdle(server, Runner.BUSY_WAIT_SECONDS);
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (System.nanoTime() < deadline) {
      server.collectGarbage();
      long used = server.heapUsedBytes();
      if (used < 0 || used <= before + RELEASED_SLACK_BYTES) {
        return;
      }
      QuietCheck.sleep(500);
    }
  }

  private static long settledRss(ServerProcess server) {
    QuietCheck.sleep(500);
    server.collectGarbage();
    QuietCheck.sleep(300);
    return server.rssBytes();
  }
}
