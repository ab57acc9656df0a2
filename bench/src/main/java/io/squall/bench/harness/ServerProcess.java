package io.squall.bench.harness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A peer server started for one series of workloads, pinned to core 0 with taskset (which execs,
 * so the pid is the server's). Its output goes to a log file. Confined to the harness thread.
 */
public final class ServerProcess implements AutoCloseable {
  public static final String SERVER_CORE = "0";

  private final Peer peer;
  private final Process process;
  private final int port;

  private ServerProcess(Peer peer, Process process, int port) {
    this.peer = peer;
    this.process = process;
    this.port = port;
  }

  /** Starts the peer and waits (at most 60 s) until its port accepts connections. */
  public static ServerProcess start(Peer peer, int port, Path log) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("taskset", "-c", SERVER_CORE));
    cmd.addAll(peer.commandFor(port));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(peer.env());
    ServerProcess s = new ServerProcess(peer, pb.start(), port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!s.process.isAlive()) {
        throw new IOException(peer.name() + " exited with " + s.process.exitValue() + " before listening; see " + log);
      }
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return s;
      } catch (IOException notYet) {
        QuietCheck.sleep(100);
      }
    }
    s.close();
    throw new IOException(peer.name() + " did not listen on port " + port + " within 60 s; see " + log);
  }

  /** The loopback port the server listens on. */
  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long cpuTicks() {
    return ProcStat.cpuTicks(pid());
  }

  /** The server's CPU ticks spent in the kernel (stime); -1 when it is gone. */
  public long kernelTicks() {
    return ProcStat.kernelTicks(pid());
  }

  public long rssBytes() {
    return ProcStat.rssBytes(pid());
  }

  /** Runs a full GC in a JVM peer (jcmd GC.run) so that garbage does not pass for retained memory. */
  public void collectGarbage() {
    if (!peer.isJvm()) {
      return;
    }
    jcmd("GC.run");
  }

  /**
   * Java heap in use in a JVM peer (jcmd GC.heap_info: the sum of its generations' "used"), or -1
   * for other peers. Read after {@link #collectGarbage()} it is the retained heap, a steadier
   * figure than RSS, which also keeps every page the heap ever touched.
   */
  public long heapUsedBytes() {
    if (!peer.isJvm()) {
      return -1;
    }
    return parseHeapUsed(jcmd("GC.heap_info"));
  }

  /**
   * Young collections so far in a JVM peer (its performance counters, collector 0), or -1 when not a
   * JVM or unknown.
   */
  public long youngCollections() {
    if (!peer.isJvm()) {
      return -1;
    }
    return parseYoungCollections(counters());
  }

  /**
   * Capacity of one of the young generation's two survivor spaces in a JVM peer (its performance
   * counters), or -1 when not a JVM or unknown.
   */
  public long survivorCapacityBytes() {
    if (!peer.isJvm()) {
      return -1;
    }
    return parseSurvivorCapacity(counters());
  }

  /** Spaces 1 and 2 of generation 0 are the survivors (s0, s1) of the serial and parallel heaps: the larger; -1 when absent. */
  static long parseSurvivorCapacity(String counters) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        "(?m)^sun\\.gc\\.generation\\.0\\.space\\.[12]\\.capacity=(\\d+)").matcher(counters);
    long capacity = -1;
    while (m.find()) {
      capacity = Math.max(capacity, Long.parseLong(m.group(1)));
    }
    return capacity;
  }

  /** The JVM peer's performance counters: from the file it shares them in, else through jcmd. */
  private String counters() {
    return PerfCounters.print(pid()).orElseGet(() -> jcmd("PerfCounter.print"));
  }

  /** Runs a jcmd diagnostic command in this (JVM) peer, with the harness's own JDK; its output. */
  private String jcmd(String command) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    return Versions.run(jcmd.toString(), Long.toString(pid()), command);
  }

  static long parseYoungCollections(String counters) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^sun\\.gc\\.collector\\.0\\.invocations=(\\d+)").matcher(counters);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  /** Sums "total NK, used NK" over the generations of a GC.heap_info report; -1 when none. */
  static long parseHeapUsed(String heapInfo) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("total \\d+K, used (\\d+)K").matcher(heapInfo);
    long kib = 0;
    boolean found = false;
    while (m.find()) {
      kib += Long.parseLong(m.group(1));
      found = true;
    }
    return found ? kib * 1024 : -1;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
