package io.squall.bench.harness;

import java.util.ArrayList;
import java.util.List;

/**
 * One measured scenario: the load generator's arguments and how its figure is read.
 *
 * @param id stable key in results and chart file names
 * @param kind what the load generator does
 * @param title heading in the report
 * @param metric what the figure counts, e.g. "msgs/s"
 * @param higherIsBetter false for memory
 * @param conns connections (receivers for broadcast, slots for handshakes, final count for idle)
 * @param size message size in bytes
 * @param rate broadcast send rate in messages/s (0 otherwise)
 * @param warmupSeconds load before the window, not measured
 * @param durationSeconds the measured window
 * @param deflate whether the load generator offers permessage-deflate (RFC 7692) on every connection
 * @param atOnce echo only: the load generator answers each echo as soon as it arrives ({@code --batch 1})
 *     instead of waiting for a batch of them (see {@link #loadgenBatch()})
 */
public record Workload(String id, Kind kind, String title, String metric, boolean higherIsBetter, int conns,
    int size, double rate, double warmupSeconds, double durationSeconds, boolean deflate, boolean atOnce) {

  public enum Kind { ECHO, BINARY, BROADCAST, HANDSHAKE, IDLE }

  /**
   * Deliveries per second a broadcast offers (send rate × receivers): 2 million, more than most
   * peers relay on one core, so a peer's figure is its capacity unless it keeps up with the offer.
   * At a rate every peer sustains, every peer would deliver the same count and the workload would
   * compare nothing but latency.
   */
  public static final double BROADCAST_OFFERED = 2_000_000;

  /**
   * Deliveries per second the compressed broadcast offers (60 messages/s to 1,000 receivers). A
   * server that keeps up sends each delivery in its own write, so the load generator pays a wake-up
   * and a receive for each, about 7.5 µs on this machine, and inflating it adds about 4 µs: at 60,000
   * it stays near 70 % of its core. A peer that keeps up delivers the offer, and the table compares
   * its latency and the server CPU it spent per delivery; one that cannot shows its capacity.
   */
  public static final double DEFLATE_BROADCAST_OFFERED = 60_000;

  /** The compressed broadcast's message: above every peer's compression threshold (Node ws: 1,024). */
  public static final int DEFLATE_MESSAGE_BYTES = 1024;

  /** A workload without compression. */
  public Workload(String id, Kind kind, String title, String metric, boolean higherIsBetter, int conns,
      int size, double rate, double warmupSeconds, double durationSeconds) {
    this(id, kind, title, metric, higherIsBetter, conns, size, rate, warmupSeconds, durationSeconds, false);
  }

  /** A workload whose load generator batches its echo completions as it does by default. */
  public Workload(String id, Kind kind, String title, String metric, boolean higherIsBetter, int conns,
      int size, double rate, double warmupSeconds, double durationSeconds, boolean deflate) {
    this(id, kind, title, metric, higherIsBetter, conns, size, rate, warmupSeconds, durationSeconds, deflate, false);
  }

  /** The load generator's wait for echo completions when it batches them: this long at most (µs). */
  public static final int BATCH_WAIT_MICROS = 200;

  /** The largest batch of echo completions the load generator waits for. */
  public static final int MAX_BATCH = 32;

  /**
   * How many echo completions the load generator waits for before it handles them (its
   * {@code --batch}, or the default it computes the same way): an eighth of the connections, at
   * most {@link #MAX_BATCH}, and 1 for an {@link #atOnce} workload or a single-digit count. It
   * waits {@link #BATCH_WAIT_MICROS} at most. Not an echo: 1 (every completion at once).
   */
  public int loadgenBatch() {
    if (kind != Kind.ECHO || atOnce) {
      return 1;
    }
    return Math.max(1, Math.min(MAX_BATCH, conns / 8));
  }

  /** Warm-up of a later round: by then the JIT has compiled the peer's hot paths. */
  public static final double REPEAT_WARMUP_SECONDS = 2;

  /** The idle workload's first stage; its last is {@link #conns}. */
  public static final int IDLE_FIRST_STAGE = 5_000;

  /**
   * The workloads and the compressed broadcast, and in full mode the two echoes again with
   * each echo answered at once (references beside the echo targets: see the report's Method);
   * quick mode shortens warm-up and window (and runs one round where full mode runs three: see
   * {@link Rounds}).
   */
  public static List<Workload> all(boolean quick) {
    double w = quick ? 2 : 5;
    double d = quick ? 2 : 5;
    // A broadcast's warm-up also builds the backlog of every peer that cannot keep up with the offer,
    // which it then works off (or is restarted) before the next window: quick runs keep it short.
    double b = quick ? 1 : 5;
    List<Workload> list = new ArrayList<>();
    list.add(new Workload("echo-100", Kind.ECHO, "Echo, 32-byte text, 100 connections", "msgs/s", true, 100, 32, 0, quick ? 2 : 10, d));
    list.add(new Workload("echo-1000", Kind.ECHO, "Echo, 32-byte text, 1,000 connections", "msgs/s", true, 1000, 32, 0, w, d));
    if (!quick) { // references for the echo targets: the same loads, each echo answered as soon as it arrives
      list.add(new Workload("echo-100-at-once", Kind.ECHO, "Echo, 32-byte text, 100 connections, each echo answered at once (reference)",
          "msgs/s", true, 100, 32, 0, w, d, false, true));
      list.add(new Workload("echo-1000-at-once", Kind.ECHO, "Echo, 32-byte text, 1,000 connections, each echo answered at once (reference)",
          "msgs/s", true, 1000, 32, 0, w, d, false, true));
    }
    list.add(new Workload("broadcast-1000", Kind.BROADCAST, "Broadcast to 1,000 receivers", "deliveries/s", true, 1000, 32, BROADCAST_OFFERED / 1000, b, d));
    list.add(new Workload("broadcast-10000", Kind.BROADCAST, "Broadcast to 10,000 receivers", "deliveries/s", true, 10_000, 32, BROADCAST_OFFERED / 10_000, b, d));
    list.add(new Workload("broadcast-deflate-1000", Kind.BROADCAST, "Broadcast of 1 KiB text to 1,000 receivers, compressed (permessage-deflate)",
        "deliveries/s", true, 1000, DEFLATE_MESSAGE_BYTES, DEFLATE_BROADCAST_OFFERED / 1000, w, d, true));
    list.add(new Workload("handshake", Kind.HANDSHAKE, "Handshakes (connect, upgrade, close), 64 in parallel", "handshakes/s", true, 64, 0, 0, quick ? 5 : 10, d)); // its own code paths: a cold JIT again (3 s left the JVM peers at half speed)
    list.add(new Workload("binary-1mib", Kind.BINARY, "Echo, 1 MiB binary, 2 connections", "MB/s", true, 2, 1 << 20, 0, w, d));
    list.add(new Workload("idle", Kind.IDLE, "Idle connections: server memory per connection (5,000 → 19,000)", "bytes/conn", false, 19_000, 0, 0, quick ? 2 : 5, 0));
    return list;
  }

  /** The load generator's command line for this workload against {@code port}. */
  public List<String> loadgenArgs(int port) {
    List<String> a = new ArrayList<>(List.of("--port", Integer.toString(port)));
    switch (kind) {
      case ECHO -> a.addAll(List.of("--mode", "echo", "--path", "/echo", "--size", Integer.toString(size)));
      case BINARY -> a.addAll(List.of("--mode", "echo", "--path", "/echo", "--binary", "--size", Integer.toString(size)));
      case BROADCAST -> a.addAll(List.of("--mode", "broadcast", "--path", "/broadcast", "--size", Integer.toString(size),
          "--rate", Double.toString(rate)));
      case HANDSHAKE -> a.addAll(List.of("--mode", "handshake", "--path", "/echo"));
      case IDLE -> {
        return List.of("--port", Integer.toString(port), "--mode", "idle", "--path", "/echo",
            "--stages", IDLE_FIRST_STAGE + "," + conns);
      }
    }
    a.addAll(List.of("--conns", Integer.toString(conns), "--warmup", Double.toString(warmupSeconds),
        "--duration", Double.toString(durationSeconds)));
    if (deflate) {
      a.add("--deflate");
    }
    if (kind == Kind.ECHO) { // the generator's own default is the same; said here, the harness is the one source
      a.addAll(List.of("--batch", Integer.toString(loadgenBatch()), "--batch-wait-us", Integer.toString(BATCH_WAIT_MICROS)));
    }
    return a;
  }

  /**
   * The same load for a later round, with a short warm-up: the server is warm by then. A broadcast
   * keeps its own, as its latency counts the backlog a peer builds from the start of the load.
   */
  public Workload repeat() {
    double warm = kind == Kind.BROADCAST ? warmupSeconds : Math.min(warmupSeconds, REPEAT_WARMUP_SECONDS);
    return new Workload(id, kind, title, metric, higherIsBetter, conns, size, rate, warm, durationSeconds, deflate, atOnce);
  }

  /** Offered deliveries per second of a broadcast (send rate × receivers). */
  public double offered() {
    return kind == Kind.BROADCAST ? rate * conns : 0;
  }
}
