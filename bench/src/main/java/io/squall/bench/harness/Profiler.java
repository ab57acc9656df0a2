package io.squall.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./squall bench --profile}: where each JVM peer's CPU and allocations go in each measured
 * window. Every JVM peer then runs with a Flight Recorder recording from its start (the JDK's
 * "profile" settings plus CPU-time sampling), kept in memory and on disk for the last minutes; after
 * a window the harness dumps that window's slice with {@code jcmd JFR.dump begin= end=}, outside
 * the window, so the only cost inside it is the recorder's own (a few per cent), the same for every
 * JVM peer. {@link ProfileSummary} then writes what it found next to the recording, in
 * bench/target/profiles. Other peers are not profiled (their runtimes have profilers of their own).
 * Confined to the harness thread.
 */
public final class Profiler {
  /** The recording's name in every JVM peer. */
  static final String RECORDING = "squall-bench";
  /**
   * The recording a JVM peer starts with: CPU-time samples (JDK 25) see the kernel time of a
   * server's reads and writes, where execution samples see only Java code. An hour at most, so
   * that a full run's slice of the last window is still there.
   */
  static final String RECORDER_FLAG = "-XX:StartFlightRecording=name=" + RECORDING
      + ",settings=profile,jdk.CPUTimeSample#enabled=true,maxage=60m";

  private final Path dir;

  public Profiler(Path dir) {
    this.dir = dir;
  }

  /** {@code peer} with the recorder on when it is a JVM peer (the flag right after the java command). */
  public static Peer profiled(Peer peer) {
    if (!peer.isJvm()) {
      return peer;
    }
    List<String> cmd = new ArrayList<>(peer.command());
    cmd.add(1, RECORDER_FLAG);
    return new Peer(peer.name(), peer.label(), peer.runtime(), peer.version(), List.copyOf(cmd), peer.env(), peer.reference());
  }

  /**
   * Dumps the window's slice of a JVM peer's recording and writes its summary; prints the top
   * lines. Returns the summary, or null for a peer that is not profiled. A failure to dump is
   * reported and costs only the profile, not the window's figure.
   *
   * @param stem the files' name: peer, workload and round
   */
  public ProfileSummary afterWindow(Peer peer, ServerProcess server, Workload w, String stem, Instant start, Instant end,
      long operations) {
    if (!peer.isJvm()) {
      return null;
    }
    try {
      Files.createDirectories(dir);
      Path jfr = dir.resolve(stem + ".jfr");
      Files.deleteIfExists(jfr);
      // A second either side: JFR's begin and end select whole chunks of events, and the summary
      // keeps exactly the window.
      Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
      String out = Versions.run(jcmd.toString(), Long.toString(server.pid()), "JFR.dump", "name=" + RECORDING,
          "filename=" + jfr, "begin=" + start.minusSeconds(1), "end=" + end.plusSeconds(1));
      if (!Files.exists(jfr)) {
        System.err.println("bench: profile of " + stem + " not written: " + out.strip());
        return null;
      }
      ProfileSummary summary = ProfileSummary.read(jfr, peer.label() + " — " + w.title(), start, end, operations,
          operationName(w.kind()));
      Path txt = dir.resolve(stem + ".txt");
      Files.writeString(txt, summary.format());
      Path cwd = Path.of("").toAbsolutePath();
      System.err.println("bench: profile " + (txt.startsWith(cwd) ? cwd.relativize(txt) : txt) + ":");
      summary.headline(5).forEach(line -> System.err.println("bench:     " + line));
      return summary;
    } catch (IOException | RuntimeException e) {
      System.err.println("bench: profile of " + stem + " failed: " + e.getMessage());
      return null;
    }
  }

  /** What the load generator counts in a workload of {@code kind}. */
  static String operationName(Workload.Kind kind) {
    return switch (kind) {
      case ECHO, BINARY -> "message";
      case BROADCAST -> "delivery";
      case HANDSHAKE -> "handshake";
      case IDLE -> "connection";
    };
  }
}
