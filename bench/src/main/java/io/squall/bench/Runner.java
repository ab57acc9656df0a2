package io.squall.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the workloads against one peer at a time: server on CPU 0, load generator on CPU 1. */
final class Runner {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path root;
  private final Path loadgen;
  private final Path logs;
  private final int warmSeconds;
  private final int measureSeconds;

  Runner(Path root, Path loadgen, Path logs, boolean quick) {
    this.root = root;
    this.loadgen = loadgen;
    this.logs = logs;
    this.warmSeconds = quick ? 3 : 10;
    this.measureSeconds = quick ? 3 : 10;
  }

  List<Result> run(Peer peer) throws Exception {
    List<Result> out = new ArrayList<>();
    int port = freePort();
    Process server = start(peer, port);
    String at = String.valueOf(port);
    try {
      loadgen(peer, server, "warm-up", "echo", at, "/echo", "100", String.valueOf(warmSeconds));
      out.add(loadgen(peer, server, "echo-100", "echo", at, "/echo", "100", String.valueOf(measureSeconds)));
      out.add(loadgen(peer, server, "echo-1000", "echo", at, "/echo", "1000", String.valueOf(measureSeconds)));
      out.add(loadgen(peer, server, "broadcast-1000", "broadcast", at, "/broadcast", "1000", "200", String.valueOf(measureSeconds)));
      out.add(loadgen(peer, server, "broadcast-10000", "broadcast", at, "/broadcast", "10000", "20", String.valueOf(measureSeconds)));
      out.add(loadgen(peer, server, "handshakes", "handshake", at, "/echo", "50", String.valueOf(measureSeconds)));
      out.add(loadgen(peer, server, "big-1mib", "big", at, "/echo", String.valueOf(measureSeconds)));
    } finally {
      stop(server);
    }
    out.add(idle(peer));
    out.removeIf(r -> r.workload().equals("warm-up"));
    return out;
  }

  private Result loadgen(Peer peer, Process server, String workload, String... args) throws Exception {
    double cpu0 = Machine.cpuSeconds(server.pid());
    long t0 = System.nanoTime();
    List<String> cmd = new ArrayList<>(List.of("taskset", "-c", "1", loadgen.toString(), args[0], "127.0.0.1"));
    for (int i = 1; i < args.length; i++) {
      cmd.add(args[i]);
    }
    Process p = new ProcessBuilder(cmd).redirectError(logs.resolve("loadgen.err").toFile()).start();
    String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
    if (!p.waitFor(measureSeconds + 120L, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    double serverCpu = (Machine.cpuSeconds(server.pid()) - cpu0) / wall;
    if (line == null) {
      System.err.printf("  %-16s %-16s failed (see %s)%n", peer.name(), workload, logs.resolve("loadgen.err"));
      return new Result(peer.name(), workload, 0, "failed", 0, 0, serverCpu, 0, -1);
    }
    JsonNode r = JSON.readTree(line);
    boolean big = workload.startsWith("big");
    double value = big ? r.get("mb_per_s").asDouble() : r.get("rate").asDouble();
    String unit = switch (args[0]) {
      case "echo" -> "msgs/s";
      case "broadcast" -> "deliveries/s";
      case "handshake" -> "handshakes/s";
      default -> "MB/s";
    };
    Result result = new Result(peer.name(), workload, value, unit, r.get("p50_us").asDouble(), r.get("p99_us").asDouble(),
        serverCpu, r.get("loadgen_cpu").asDouble(), r.get("errors").asLong());
    if (!workload.equals("warm-up")) {
      System.out.printf("  %-16s %-16s %12.1f %-13s p50 %8.0f us  p99 %8.0f us  server cpu %.2f  loadgen cpu %.2f%n",
          peer.name(), workload, value, unit, result.p50Micros(), result.p99Micros(), serverCpu, result.loadgenCpu());
    }
    return result;
  }

  /** Server RSS per idle connection: the slope between 5,000 and 19,000 open sockets. */
  private Result idle(Peer peer) throws Exception {
    int port = freePort();
    Process server = start(peer, port);
    Process p = new ProcessBuilder("taskset", "-c", "1", loadgen.toString(), "idle", "127.0.0.1", String.valueOf(port),
        "/echo", "5000", "19000").redirectError(logs.resolve("loadgen.err").toFile()).start();
    try {
      BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      Writer w = p.outputWriter();
      int n1 = readyCount(in.readLine());
      Thread.sleep(2000);
      long rss1 = Machine.rssBytes(server.pid());
      w.write("more\n");
      w.flush();
      int n2 = readyCount(in.readLine());
      Thread.sleep(2000);
      long rss2 = Machine.rssBytes(server.pid());
      w.write("done\n");
      w.flush();
      double perConnection = n2 > n1 ? (double) (rss2 - rss1) / (n2 - n1) : 0;
      System.out.printf("  %-16s %-16s %12.0f bytes/conn (RSS %d MB at %d, %d MB at %d)%n", peer.name(), "idle",
          perConnection, rss1 >> 20, n1, rss2 >> 20, n2);
      return new Result(peer.name(), "idle", perConnection, "bytes/connection", 0, 0, 0, 0, n2 == 19000 ? 0 : 19000 - n2);
    } finally {
      p.destroy();
      p.waitFor(10, TimeUnit.SECONDS);
      stop(server);
    }
  }

  private static int readyCount(String line) {
    return line != null && line.startsWith("ready ") ? Integer.parseInt(line.substring(6).trim()) : 0;
  }

  private Process start(Peer peer, int port) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(peer.commandOn(port)).redirectErrorStream(true)
        .redirectOutput(logs.resolve(peer.name().replaceAll("\\W+", "-") + ".log").toFile());
    pb.environment().putAll(peer.env());
    Process p = pb.start();
    for (int i = 0; i < 600; i++) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return p;
      } catch (IOException e) {
        if (!p.isAlive()) {
          throw new IllegalStateException(peer.name() + " exited at start; see " + logs);
        }
        Thread.sleep(50);
      }
    }
    p.destroyForcibly();
    throw new IllegalStateException(peer.name() + " did not listen within 30 s; see " + logs);
  }

  private static void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  Path root() {
    return root;
  }
}
