package io.squall.bench.harness;

import io.squall.bench.harness.Results.Row;
import io.squall.bench.harness.Results.WorkloadResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The report's words on the load generator: how it waited for the servers in this run (io_uring
 * with echo completions batched, or epoll in runs made before it had io_uring or on a kernel
 * without it), and what the echoes answered at once say beside the echo targets. Pure.
 */
final class LoadgenNotes {
  private LoadgenNotes() {}

  /** The suffix of the echo workloads measured with each echo answered at once. */
  static final String AT_ONCE = "-at-once";

  /**
   * Workloads the generator runs on epoll whatever its engine: handshakes (short-lived sockets,
   * edge-triggered) and idle connections. Their rows say "epoll" without anything having fallen back.
   */
  private static final Set<String> ON_EPOLL_BY_DESIGN = Set.of("handshake", "idle");

  /** The Method bullet on the load generator, for the engine(s) this run's message windows really used. */
  static String generatorBullet(Results r) {
    List<String> engines = r.workloads().stream().filter(w -> !ON_EPOLL_BY_DESIGN.contains(w.id())).flatMap(w -> w.rows().stream())
        .map(x -> x.extra() == null ? null : x.extra().get("loadgenEngine")).filter(Objects::nonNull).map(Object::toString)
        .distinct().toList();
    String common = "Client frames are built and masked once before the run (the broadcast sender rewrites only its 16 timestamp bytes in place); "
        + "nothing is allocated per message. It reports its own CPU over the window (column *loadgen CPU*): below 100 % means it was not the bottleneck. "
        + "Throughput tables add the server's CPU time per counted operation in the same window (*server µs per …*, server CPU ÷ rate): "
        + "where the load generator limits a window the rate no longer separates servers, and this still compares what each spends, "
        + "though a server that is not saturated batches less and so spends a little more per operation; "
        + "in brackets, the part of it spent in the kernel (the process's system time from /proc: its syscalls and the loopback TCP work they trigger). "
        + "The harness also reports the server's CPU over the window and the CPU used by every other process (*other*).\n";
    if (!engines.contains("io_uring")) {
      return "- **Load generator**: `bench/loadgen/loadgen.c`, one thread on epoll (level-triggered; the short-lived handshake sockets edge-triggered, "
          + "and their upgrade request written right after `connect`, which completes at once on loopback), built with `gcc -O2`. " + common;
    }
    String where = engines.contains("epoll")
        ? " (in this run some windows fell back to epoll, where io_uring was refused; their rows say so in the results file)"
        : " (every echo and broadcast window of this run)";
    return "- **Load generator**: `bench/loadgen/loadgen.c`, one thread, built with `gcc -O2` against liburing. It opens connections on epoll "
        + "(level-triggered; the short-lived handshake sockets edge-triggered, and their upgrade request written right after `connect`, which "
        + "completes at once on loopback) and measures echo and broadcast on io_uring" + where + ": every connection keeps a multishot receive "
        + "armed over a registered ring of provided buffers, sends are queued, and one `io_uring_enter` per loop submits them and collects what "
        + "arrived. On epoll it paid a read and a write system call per message, and on a virtual machine those cost a good part of a small echo. "
        + "In echo it waits for a batch of completions, an eighth of the connections (at most " + Workload.MAX_BATCH + "; see each table's "
        + "*loadgenBatch*) or " + Workload.BATCH_WAIT_MICROS + " µs, whichever comes first, instead of being woken at every echo: a generator "
        + "faster than its server otherwise spends most of its core being woken. The server keeps the other connections' messages to work on "
        + "meanwhile, and the round trips measured include that wait. " + common;
  }

  /** The Method bullet on the echoes answered at once; empty when the run did not measure them. */
  static String atOnceBullet(Results r) {
    if (r.workloads().stream().noneMatch(w -> w.id().endsWith(AT_ONCE))) {
      return "";
    }
    return "- **Echo answered at once** (references of a full run, not in the targets): the two 32-byte echoes again for Squall, Netty, "
        + "Tornado and the floor, the generator handling each echo as soon as it arrives (`--batch 1`). It matters for a server that reads a "
        + "socket again straight after answering it, before it waits on its event loop, as Tornado does: when the client's next message is "
        + "already there, which a generator on the same machine answering within microseconds makes likely and a client across a network does "
        + "not, such a server answers that connection over and over while the others wait (see Fairness). These tables show each server "
        + "against such a client, and how the echo ratios read with it.\n";
  }

  /**
   * What the echoes answered at once say beside the echo targets: each one's Tornado rate and
   * fairness, Squall ÷ Tornado and Squall ÷ Netty round by round, and the floor's multiple of
   * Tornado. Empty when the run did not measure them.
   */
  static String atOnceParagraph(Results r) {
    List<String> parts = new ArrayList<>();
    for (String id : List.of("echo-100", "echo-1000")) {
      WorkloadResult w = r.workload(id + AT_ONCE);
      Row tornado = w == null ? null : w.row("tornado");
      if (tornado == null || !tornado.ok() || tornado.value() == 0) {
        continue;
      }
      String part = String.format(Locale.ROOT, "%s: Tornado echoed %,.0f/s (fairness %s, p50 %s, p99 %s)", id, tornado.value(),
          Report.fairness(tornado), Report.fmtUs(tornado.p50us()), Report.fmtUs(tornado.p99us()));
      Double vsTornado = ratio(r, w.id(), "tornado");
      Double vsNetty = ratio(r, w.id(), "netty");
      if (vsTornado != null) {
        part += ", Squall ÷ Tornado " + Report.fmtRatio(vsTornado);
      }
      if (vsNetty != null) {
        part += ", Squall ÷ Netty " + Report.fmtRatio(vsNetty);
      }
      Double floor = Targets.between(r, w.id(), Peer.FLOOR, "tornado");
      if (floor != null) {
        part += String.format(Locale.ROOT, ", the floor %.2f× Tornado", floor);
      }
      parts.add(part);
    }
    if (parts.isEmpty()) {
      return "";
    }
    return "**Answered at once.** The targets above are judged on the echo workloads as the generator runs them, batching its completions. "
        + "With each echo answered as soon as it arrives (references, see Method): " + String.join("; ", parts)
        + " (ratios round by round where both ran in the same rounds).\n\n";
  }

  /** Squall over {@code peer} in one workload: the median of the round-by-round ratios, else of the median rounds. */
  private static Double ratio(Results r, String id, String peer) {
    Double byRound = Targets.byRound(r, id, peer);
    return byRound != null ? byRound : Targets.ratio(r, id, "value", peer);
  }
}
