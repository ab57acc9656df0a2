package io.squall.bench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import io.squall.bench.harness.Results.Row;
import io.squall.bench.harness.Results.WorkloadResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Runs every workload against every peer, one window at a time: the server measured on core 0
 * (the other servers wait there, idle), the load generator on core 1, nothing else busy. A window
 * disturbed by another process is measured again. Confined to the harness thread.
 */
public final class Runner {
  /** A window where other processes used more than this (% of a core) is measured again. */
  static final double DISTURBED_PERCENT = 10.0;
  /** Seconds of each unmeasured load that warms a server restarted mid-series. */
  static final double REWARM_SECONDS = 2;
  /** How long a full run waits for a server to work off its backlog before restarting it. */
  static final int BUSY_WAIT_SECONDS = 10;
  /** The same for a quick run, where a restart (a second or two) is cheaper than the wait. */
  static final int QUICK_BUSY_WAIT_SECONDS = 2;

  private final LoadGen loadgen;
  private final Path logs;
  private final int retries;
  private final int quietWaitSeconds;
  private final int busyWaitSeconds;
  /** The port of the last server started: each start takes the next one. */
  private int port = 9100;
  /** Each peer's running server between its turns, by peer name. */
  private final Map<String, ServerProcess> servers = new HashMap<>();
  /** Peers whose server has been started at least once (a later start is a restart). */
  private final Set<String> started = new HashSet<>();
  /** Peers whose server could not start, with the reason; their remaining windows fail at once. */
  private final Map<String, String> broken = new HashMap<>();
  /** Set by {@link #profileWith}: each JVM peer's windows are then profiled. */
  private Profiler profiler;

  public Runner(LoadGen loadgen, Path logs, int retries, int quietWaitSeconds, int busyWaitSeconds) {
    this.loadgen = loadgen;
    this.logs = logs;
    this.retries = retries;
    this.quietWaitSeconds = quietWaitSeconds;
    this.busyWaitSeconds = busyWaitSeconds;
  }

  /** Profiles every window of a JVM peer (whose command must carry {@link Profiler#profiled}'s recorder). */
  public void profileWith(Profiler p) {
    this.profiler = p;
  }

  /**
   * Measures every workload for every peer, workload by workload: each round measures every peer
   * once (in {@link Rounds#order}: Squall right beside Netty and Tornado, the rest one place further
   * on each round), and a peer's row is its median round, with where it stood in each round. The
   * servers stay up, idle, between their turns; idle memory comes last, from a fresh server for
   * each window.
   * Returns peer name to workload id to row.
   */
  public Map<String, Map<String, Row>> runAll(List<Peer> peers, List<Workload> workloads, int rounds) {
    Map<String, Map<String, Row>> rows = new LinkedHashMap<>();
    peers.forEach(p -> rows.put(p.name(), new LinkedHashMap<>()));
    try {
      for (Workload w : workloads) {
        if (w.kind() != Workload.Kind.IDLE) {
          int n = Rounds.of(w, rounds);
          inRounds(taking(peers, w), n, (p, round) -> measureOn(p, round == 0 ? w : w.repeat(), round,
              n == 1 ? "" : " [" + (round + 1) + "/" + n + "]"))
              .forEach((peer, row) -> rows.get(peer).put(w.id(), row));
        }
      }
    } finally {
      servers.values().forEach(ServerProcess::close);
      servers.clear();
    }
    // Idle memory: a fresh server per window, in rounds too (an RSS slope moves from one server to the next).
    for (Workload w : workloads) {
      if (w.kind() == Workload.Kind.IDLE) {
        inRounds(taking(peers, w), rounds, (p, round) -> idle(p, w)).forEach((peer, row) -> rows.get(peer).put(w.id(), row));
      }
    }
    return rows;
  }

  /** The peers that take part in {@code w} (the reference floor only echoes). */
  static List<Peer> taking(List<Peer> peers, Workload w) {
    return peers.stream().filter(p -> p.runs(w)).toList();
  }

  /** Runs {@code window} for every peer in interleaved rounds; returns each peer's median row, by name. */
  private static Map<String, Row> inRounds(List<Peer> peers, int rounds, BiFunction<Peer, Integer, Row> window) {
    Map<String, List<Row>> samples = new LinkedHashMap<>();
    Map<String, List<Integer>> positions = new LinkedHashMap<>();
    for (int round = 0; round < rounds; round++) {
      List<Peer> order = Rounds.order(peers, round, Peer::name);
      for (int i = 0; i < order.size(); i++) {
        Peer p = order.get(i);
        positions.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(i + 1);
        samples.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(window.apply(p, round));
      }
    }
    Map<String, Row> medians = new LinkedHashMap<>();
    samples.forEach((peer, s) -> medians.put(peer, Rounds.withPositions(Rounds.median(s), positions.get(peer))));
    return medians;
  }

  /** One window of {@code w} on the peer's running server, started (and, if restarted, warmed) first. */
  private Row measureOn(Peer peer, Workload w, int round, String label) {
    String why = broken.get(peer.name());
    if (why != null) {
      return Row.failed(peer.name(), why);
    }
    ServerProcess server = servers.get(peer.name());
    try {
      if (server == null || !server.isAlive()) {
        if (server != null) {
          server.close();
        }
        server = startServer(peer);
        servers.put(peer.name(), server);
        if (!started.add(peer.name())) {
          rewarm(peer, server); // a restarted JVM is cold again: the workloads before had warmed it
        }
      }
    } catch (IOException e) {
      broken.put(peer.name(), e.getMessage());
      return Row.failed(peer.name(), e.getMessage());
    }
    Row row = measure(peer, server, w, round, label);
    // An overloaded peer may still be working off the last workload's backlog; one that is still
    // busy after the wait is restarted, so that its next turn starts on a calm server and the
    // next peer's window is not shared with it.
    if (!awaitIdle(server, busyWaitSeconds)) {
      System.err.printf("bench: %-15s still busy after %s: restarting it%n", peer.name(), w.id());
      server.close();
      servers.remove(peer.name());
    }
    return row;
  }

  /**
   * Runs echo load, unmeasured, on a server started again in the middle of a series,
   * so that its next workload does not meet a cold JIT where the first server met a warm one.
   */
  private void rewarm(Peer peer, ServerProcess server) throws IOException {
    // Echo only: each workload warms its own paths (the handshake one included), as for every peer.
    Workload warm = new Workload("rewarm-echo", Workload.Kind.ECHO, "", "", true, 100, 32, 0, REWARM_SECONDS, 0.5);
    loadgen.run(warm.loadgenArgs(server.port()), logs.resolve(peer.name() + "-" + warm.id() + "-loadgen.log"), (ev, in) -> {});
    awaitIdle(server, BUSY_WAIT_SECONDS);
  }

  private ServerProcess startServer(Peer peer) throws IOException {
    port++;
    return ServerProcess.start(peer, port, logs.resolve(peer.name() + "-server-" + port + ".log"));
  }

  private Row measure(Peer peer, ServerProcess server, Workload w, int round, String label) {
    Row last = null;
    for (int attempt = 1; attempt <= retries + 1; attempt++) {
      String busy = QuietCheck.awaitQuiet(quietWaitSeconds, Set.of(server.pid()));
      if (busy != null) {
        return Row.failed(peer.name(), busy);
      }
      Instant[] window = new Instant[2];
      last = measureOnce(peer, server, w, attempt, window);
      System.err.printf("bench: %-15s %-16s %s%n", peer.name(), w.id() + label, describe(last, w));
      if (profiler != null && last.ok() && window[1] != null) {
        String stem = peer.name() + "-" + w.id() + "-round" + (round + 1) + (attempt > 1 ? "-attempt" + attempt : "");
        profiler.afterWindow(peer, server, w, stem, window[0], window[1], ((Number) last.extra().get("count")).longValue());
      }
      if (!last.ok() || last.foreignCpuPct() <= DISTURBED_PERCENT) {
        return last;
      }
    }
    return last;
  }

  /** One window; {@code window} receives the instants it started and ended. */
  private Row measureOnce(Peer peer, ServerProcess server, Workload w, int attempt, Instant[] window) {
    long[] serverTicks = new long[2];
    long[] serverKernelTicks = new long[2];
    long[] nanos = new long[2];
    List<Map<Long, ProcStat.Sample>> snaps = new ArrayList<>();
    Set<Long> own = new java.util.HashSet<>();
    Path log = logs.resolve(peer.name() + "-" + w.id() + "-loadgen.log");
    try {
      JsonNode r = loadgen.run(w.loadgenArgs(server.port()), log, (ev, stdin) -> {
        String e = ev.path("event").asText();
        if (e.equals("window") || e.equals("result")) {
          int i = e.equals("window") ? 0 : 1;
          serverTicks[i] = server.cpuTicks();
          serverKernelTicks[i] = server.kernelTicks();
          window[i] = Instant.now();
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
      if (serverKernelTicks[0] >= 0 && serverKernelTicks[1] >= serverKernelTicks[0]) {
        extra.put(Results.SERVER_KERNEL_PCT, round(ProcStat.percentOfCore(serverKernelTicks[1] - serverKernelTicks[0], secs)));
      }
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
      if (r.has("engine")) { // what the load generator really ran on (epoll where the kernel has no io_uring)
        extra.put("loadgenEngine", r.path("engine").asText());
        extra.put("loadgenBatch", r.path("batch").asInt());
      }
      if (w.kind() == Workload.Kind.ECHO && r.has("fairness")) {
        extra.put("fairness", r.path("fairness").asDouble());
        extra.put("starvedConnections", r.path("starved").asInt());
        extra.put("perConnectionMin", r.path("per_conn_min").asLong());
        extra.put("perConnectionMax", r.path("per_conn_max").asLong());
      }
      long compressed = r.path("compressed").asLong();
      if (w.deflate()) {
        extra.put("compressedDeliveries", compressed);
      }
      String note = null;
      if (r.path("errors").asLong() > 0 || r.path("unexpected_close").asLong() > 0) {
        note = r.path("errors").asLong() + " connection errors";
      }
      if (w.kind() == Workload.Kind.BROADCAST && r.path("count").asLong() == 0 && r.path("sent").asLong() > 0) {
        note = (note == null ? "" : note + "; ") + "no delivery arrived within the window: the server was still relaying its backlog";
      }
      if (w.deflate() && compressed < r.path("count").asLong()) {
        note = (note == null ? "" : note + "; ") + "%d of %d deliveries arrived compressed".formatted(compressed, r.path("count").asLong());
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

  /**
   * Idle memory from a fresh server of its own (see {@link IdleMemory}); a window whose survivor
   * fill went wrong is measured again on another fresh server, as many times as other windows.
   */
  private Row idle(Peer peer, Workload w) {
    Row last = null;
    for (int attempt = 1; attempt <= retries + 1; attempt++) {
      String busy = QuietCheck.awaitQuiet(quietWaitSeconds, Set.of());
      if (busy != null) {
        return Row.failed(peer.name(), busy);
      }
      try (ServerProcess server = startServer(peer)) {
        return new IdleMemory(loadgen, logs, server.port()).measure(peer, server, w);
      } catch (IdleMemory.FillFailed e) {
        System.err.printf("bench: %-15s %-16s %s%n", peer.name(), w.id(), e.getMessage());
        last = Row.failed(peer.name(), e.getMessage());
      } catch (IOException e) {
        return Row.failed(peer.name(), e.getMessage());
      }
    }
    return last;
  }

  /**
   * Waits (at most {@code maxSeconds}) until the server uses under 10 % of its core over 0.3 s
   * (30 clock ticks); false if it never did.
   */
  static boolean awaitIdle(ServerProcess server, int maxSeconds) {
    QuietCheck.sleep(200);
    long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
    while (server.isAlive() && System.nanoTime() < deadline) {
      long a = server.cpuTicks();
      QuietCheck.sleep(300);
      if (ProcStat.percentOfCore(server.cpuTicks() - a, 0.3) < 10) {
        return true;
      }
    }
    return !server.isAlive();
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
  public static List<WorkloadResult> byWorkload(List<Workload> workloads, Map<String, Map<String, Row>> rowsByPeer, int rounds) {
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
      if (w.deflate()) {
        params.put("compression", "permessage-deflate offered by every client");
      }
      if (w.kind() == Workload.Kind.ECHO) {
        params.put("loadgenBatch", w.loadgenBatch());
        if (w.loadgenBatch() > 1) {
          params.put("loadgenBatchWaitMicros", Workload.BATCH_WAIT_MICROS);
        }
      }
      params.put("warmupSeconds", w.warmupSeconds());
      if (rounds > 1 && w.kind() != Workload.Kind.IDLE) {
        params.put("laterRoundsWarmupSeconds", w.repeat().warmupSeconds());
      }
      params.put("windowSeconds", w.durationSeconds());
      params.put("rounds", Rounds.of(w, rounds));
      out.add(new WorkloadResult(w.id(), w.title(), w.metric(), w.higherIsBetter(), params, rows));
    }
    return out;
  }
}
