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
    Workload churn = new Workload("idle-warmup", Workload.Kind.HANDSHAKE, "", "", true, 64, 0, 0, 0, w.warmupSeconds());
    loadgen.run(churn.loadgenArgs(port), logs.resolve(peer.name() + "-idle-warmup-loadgen.log"), (ev, in) -> {});
    // A JVM's RSS grows as its young generation is first written: churn on until it has been
    // filled (collected) twice, so every peer's eden is resident before the first sample and the
    // slope shows what the connections keep, however fast the machine churned.
    Workload more = new Workload("idle-warmup", Workload.Kind.HANDSHAKE, "", "", true, 64, 0, 0, 0, 1);
    for (int i = 0; i < EDEN_WARMUP_ROUNDS && server.youngCollections() >= 0 && server.youngCollections() < 2; i++) {
      loadgen.run(more.loadgenArgs(port), logs.resolve(peer.name() + "-idle-warmup-loadgen.log"), (ev, in) -> {});
    }
    fillSurvivors(peer, server);
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
    extra.put("connectSeconds", connectSeconds);
    extra.put("errors", r.path("errors").asLong());
    System.err.printf("bench: %-15s %-16s %.0f bytes/conn (RSS %d → %d MiB; heap after GC %s bytes/conn)%n", peer.name(), w.id(), perConn,
        rss.get(0) >> 20, rss.get(1) >> 20, extra.getOrDefault("heapPerConnBytes", "-"));
    return new Row(peer.name(), (double) Math.round(perConn), null, null, null, null, null, null, extra);
  }

  /**
   * The survivor spaces belong to the young generation too, and the churn above leaves them
   * nearly empty: garbage dies in eden. Holds as many idle connections as the first stage while
   * churning until a young collection has copied them (more than a survivor space holds, so it
   * fills), then lets them go; twice, as each young collection copies into the other survivor
   * space. Otherwise only the second sample would find those pages written (the 19,000 connections
   * overflow a survivor space) and count them as memory its connections keep: up to 6.5 MB, some
   * 470 bytes per connection. The old generation this leaves behind stays under what the first
   * stage fills anyway. JVM peers only.
   */
  private void fillSurvivors(Peer peer, ServerProcess server) throws IOException {
    if (server.youngCollections() < 0) {
      return;
    }
    Path log = logs.resolve(peer.name() + "-idle-warmup-loadgen.log");
    Workload more = new Workload("idle-warmup", Workload.Kind.HANDSHAKE, "", "", true, 64, 0, 0, 0, 1);
    List<String> hold = List.of("--port", Integer.toString(port), "--mode", "idle", "--path", "/echo",
        "--stages", Integer.toString(Workload.IDLE_FIRST_STAGE));
    for (int space = 0; space < 2; space++) {
      server.collectGarbage(); // an empty eden: the connections are all in it when the churn fills it
      long before = server.heapUsedBytes();
      loadgen.run(hold, log, (ev, stdin) -> {
        if (ev.path("event").asText().equals("stage")) {
          long collections = server.youngCollections();
          for (int i = 0; i < EDEN_WARMUP_ROUNDS && server.youngCollections() == collections; i++) {
            loadgen.run(more.loadgenArgs(port), log, (e, in) -> {});
          }
          stdin.write('\n');
          stdin.flush();
        }
      });
      awaitReleased(server, before);
    }
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
