package io.squall.bench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import io.squall.bench.harness.Results.Row;
import io.squall.bench.harness.Results.WorkloadResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs every workload against every peer, one peer at a time: the server on core 0, the load
 * generator on core 1, nothing else busy. A window disturbed by another process is measured
 * again. Confined to the harness thread.
 */
public final class Runner {
  /** A window where other processes used more than this (% of a core) is measured again. */
  static final double DISTURBED_PERCENT = 10.0;
  /** At most this many extra one-second churns to fill a JVM peer's young generation before the idle stages. */
  static final int EDEN_WARMUP_ROUNDS = 30;
  /** Seconds of each unmeasured load that warms a server restarted mid-series. */
  static final double REWARM_SECONDS = 2;

  private final LoadGen loadgen;
  private final Path logs;
  private final int retries;
  private final int quietWaitSeconds;
  private int port = 9100;

  public Runner(LoadGen loadgen, Path logs, int retries, int quietWaitSeconds) {
    this.loadgen = loadgen;
    this.logs = logs;
    this.retries = retries;
    this.quietWaitSeconds = quietWaitSeconds;
  }

  /** Measures every workload for this peer; returns one row per workload id. */
  public Map<String, Row> runPeer(Peer peer, List<Workload> workloads) {
    Map<String, Row> rows = new LinkedHashMap<>();
    List<Workload> loaded = workloads.stream().filter(w -> w.kind() != Workload.Kind.IDLE).toList();
    ServerProcess server = null;
    try {
      boolean first = true;
      for (Workload w : loaded) {
        if (server == null || !server.isAlive()) {
          if (server != null) {
            server.close();
          }
          server = startServer(peer);
          if (!first) {
            rewarm(peer, server); // a restarted JVM is cold again: the workloads before had warmed it
          }
        }
        first = false;
        rows.put(w.id(), measure(peer, server, w));
        // An overloaded peer may still be working off the last workload's backlog; one that is
        // still busy after the wait is restarted, so that the next workload starts on a calm server.
        if (!awaitIdle(server)) {
          System.err.printf("bench: %-15s still busy after %s: restarting it%n", peer.name(), w.id());
          server.close();
          server = null;
        }
      }
    } catch (IOException e) {
      loaded.stream().filter(w -> !rows.containsKey(w.id())).forEach(w -> rows.put(w.id(), Row.failed(peer.name(), e.getMessage())));
    } finally {
      if (server != null) {
        server.close();
      }
    }
    workloads.stream().filter(w -> w.kind() == Workload.Kind.IDLE).forEach(w -> rows.put(w.id(), idle(peer, w)));
    return rows;
  }

  /**
   * Runs echo load, unmeasured, on a server started again in the middle of a series,
   * so that its next workload does not meet a cold JIT where the first server met a warm one.
   */
  private void rewarm(Peer peer, ServerProcess server) throws IOException {
    // Echo only: each workload warms its own paths (the handshake one included), as for every peer.
    Workload warm = new Workload("rewarm-echo", Workload.Kind.ECHO, "", "", true, 100, 32, 0, REWARM_SECONDS, 0.5);
    loadgen.run(warm.loadgenArgs(port), logs.resolve(peer.name() + "-" + warm.id() + "-loadgen.log"), (ev, in) -> {});
    awaitIdle(server);
  }

  private ServerProcess startServer(Peer peer) throws IOException {
    port++;
    return ServerProcess.start(peer, port, logs.resolve(peer.name() + "-server-" + port + ".log"));
  }

  private Row measure(Peer peer, ServerProcess server, Workload w) {
    Row last = null;
    for (int attempt = 1; attempt <= retries + 1; attempt++) {
      String busy = QuietCheck.awaitQuiet(quietWaitSeconds, Set.of(server.pid()));
      if (busy != null) {
        return Row.failed(peer.name(), busy);
      }
      last = measureOnce(peer, server, w, attempt);
      System.err.printf("bench: %-15s %-16s %s%n", peer.name(), w.id(), describe(last, w));
      if (!last.ok() || last.foreignCpuPct() <= DISTURBED_PERCENT) {
        return last;
      }
    }
    return last;
  }

  private Row measureOnce(Peer peer, ServerProcess server, Workload w, int attempt) {
    long[] serverTicks = new long[2];
    long[] nanos = new long[2];
    List<Map<Long, ProcStat.Sample>> snaps = new ArrayList<>();
    Set<Long> own = new java.util.HashSet<>();
    Path log = logs.resolve(peer.name() + "-" + w.id() + "-loadgen.log");
    try {
      JsonNode r = loadgen.run(w.loadgenArgs(port), log, (ev, stdin) -> {
        String e = ev.path("event").asText();
        if (e.equals("window") || e.equals("result")) {
          int i = e.equals("window") ? 0 : 1;
          serverTicks[i] = server.cpuTicks();
          own.addAll(ProcStat.ownProcessTree()); // the load generator is alive now
          nanos[i] = System.nanoTime();
          snaps.add(ProcStat.snapshot());
        }
      });
      double secs = (nanos[1] - nanos[0]) / 1e9;
      own.add(server.pid());
      ProcStat.Foreign foreign = snaps.size() == 2 ? ProcStat.foreign(snaps.get(0), snaps.get(1), own, secs) : new ProcStat.Foreign(0, List.of());
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("count", r.path("count").asLong());
      extra.put("errors", r.path("errors").asLong());
      extra.put("attempt", attempt);
      if (!foreign.busiest().isEmpty()) {
        extra.put("foreignBusiest", foreign.busiest());
      }
      double value = switch (w.kind()) {
        case BINARY -> r.path("bytes_per_s").asDouble() / 1e6;
        default -> r.path("rate").asDouble();
      };
      if (w.kind() == Workload.Kind.BROADCAST) {
        extra.put("offeredPerSecond", w.offered());
        extra.put("sent", r.path("sent").asLong());
        extra.put("skippedSends", r.path("skipped").asLong());
      }
      String note = null;
      if (r.path("errors").asLong() > 0 || r.path("unexpected_close").asLong() > 0) {
        note = r.path("errors").asLong() + " connection errors";
      }
      if (w.kind() == Workload.Kind.BROADCAST && r.path("count").asLong() == 0 && r.path("sent").asLong() > 0) {
        note = (note == null ? "" : note + "; ") + "no delivery arrived within the window: the server was still relaying its backlog";
      }
      if (foreign.percentOfCore() > DISTURBED_PERCENT) {
        note = (note == null ? "" : note + "; ") + "disturbed: other processes used %.0f%% of a core".formatted(foreign.percentOfCore());
      }
      boolean hasLatency = r.path("samples").asLong() > 0;
      return new Row(peer.name(), value, hasLatency ? r.path("p50_us").asDouble() : null, hasLatency ? r.path("p99_us").asDouble() : null,
          round(ProcStat.percentOfCore(serverTicks[1] - serverTicks[0], secs)), round(r.path("cpu_pct").asDouble()),
          round(foreign.percentOfCore()), note, extra);
    } catch (IOException e) {
      return Row.failed(peer.name(), e.getMessage());
    }
  }

  /** A fresh server: churn to warm it up, then 5,000 and 19,000 idle sockets, RSS after a GC at each. */
  private Row idle(Peer peer, Workload w) {
    String busy = QuietCheck.awaitQuiet(quietWaitSeconds, Set.of());
    if (busy != null) {
      return Row.failed(peer.name(), busy);
    }
    try (ServerProcess server = startServer(peer)) {
      Workload churn = new Workload("idle-warmup", Workload.Kind.HANDSHAKE, "", "", true, 64, 0, 0, 0, w.warmupSeconds());
      loadgen.run(churn.loadgenArgs(port), logs.resolve(peer.name() + "-idle-warmup-loadgen.log"), (ev, in) -> {});
      // A JVM's RSS grows as its young generation is first written: churn on until it has been
      // filled (collected) twice, so every peer's eden is resident before the first sample and the
      // slope shows what the connections keep, however fast the machine churned.
      Workload more = new Workload("idle-warmup", Workload.Kind.HANDSHAKE, "", "", true, 64, 0, 0, 0, 1);
      for (int i = 0; i < EDEN_WARMUP_ROUNDS && server.youngCollections() >= 0 && server.youngCollections() < 2; i++) {
        loadgen.run(more.loadgenArgs(port), logs.resolve(peer.name() + "-idle-warmup-loadgen.log"), (ev, in) -> {});
      }
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
    } catch (IOException e) {
      return Row.failed(peer.name(), e.getMessage());
    }
  }

  /** Waits (at most 10 s) until the server uses under 10 % of its core over half a second; false if it never did. */
  static boolean awaitIdle(ServerProcess server) {
    QuietCheck.sleep(500);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (server.isAlive() && System.nanoTime() < deadline) {
      long a = server.cpuTicks();
      QuietCheck.sleep(500);
      if (ProcStat.percentOfCore(server.cpuTicks() - a, 0.5) < 10) {
        return true;
      }
    }
    return !server.isAlive();
  }

  private static long settledRss(ServerProcess server) {
    QuietCheck.sleep(1000);
    server.collectGarbage();
    QuietCheck.sleep(500);
    return server.rssBytes();
  }

  static String describe(Row r, Workload w) {
    if (!r.ok()) {
      return "FAILED: " + r.note();
    }
    return "%.0f %s  p50 %s µs  p99 %s µs  server %.0f%%  loadgen %.0f%%  other %.0f%%%s".formatted(
        r.value(), w.metric(), r.p50us() == null ? "-" : Math.round(r.p50us()), r.p99us() == null ? "-" : Math.round(r.p99us()), r.serverCpuPct(), r.loadgenCpuPct(), r.foreignCpuPct(),
        r.note() == null ? "" : "  (" + r.note() + ")");
  }

  static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  /** Packs the rows of every peer into one result per workload. */
  public static List<WorkloadResult> byWorkload(List<Workload> workloads, Map<String, Map<String, Row>> rowsByPeer) {
    List<WorkloadResult> out = new ArrayList<>();
    for (Workload w : workloads) {
      List<Row> rows = new ArrayList<>();
      rowsByPeer.forEach((peer, rows0) -> {
        if (rows0.containsKey(w.id())) {
          rows.add(rows0.get(w.id()));
        }
      });
      Map<String, Object> params = new LinkedHashMap<>();
      params.put("connections", w.conns());
      if (w.size() > 0) {
        params.put("messageBytes", w.size());
      }
      if (w.rate() > 0) {
        params.put("sendRatePerSecond", w.rate());
        params.put("offeredDeliveriesPerSecond", w.offered());
      }
      params.put("warmupSeconds", w.warmupSeconds());
      params.put("windowSeconds", w.durationSeconds());
      out.add(new WorkloadResult(w.id(), w.title(), w.metric(), w.higherIsBetter(), params, rows));
    }
    return out;
  }
}
