package io.squall.bench.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.squall.bench.harness.Results.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./squall bench [--quick] [--peers a,b] [--workloads a,b] [--rounds N] [--retries N]
 * [--quiet-wait S] [--profile]}: runs every workload for every peer, writes bench/results/&lt;date&gt;.json and regenerates
 * docs/benchmarks.md with its charts. {@code --profile} also records where each JVM peer's CPU and
 * allocations go in each window ({@link Profiler}); such a run is a partial one. {@code --report FILE} only regenerates the page from a
 * results file. Exit codes: 0 done, 2 usage, 3 refused (machine busy), 4 failed.
 */
public final class BenchMain {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(System.getProperty("squall.home", ".")).toAbsolutePath().normalize();
    boolean quick = false;
    Set<String> only = null;
    Set<String> onlyWorkloads = null;
    int retries = -1;
    int rounds = -1;
    int quietWait = 120;
    Path reportOnly = null;
    boolean profile = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--peers" -> only = new HashSet<>(Arrays.asList(value(args, ++i).split(",")));
        case "--workloads" -> onlyWorkloads = new HashSet<>(Arrays.asList(value(args, ++i).split(",")));
        case "--retries" -> retries = count(args, ++i);
        case "--rounds" -> rounds = count(args, ++i);
        case "--quiet-wait" -> quietWait = count(args, ++i);
        case "--report" -> reportOnly = Path.of(value(args, ++i));
        case "--profile" -> profile = true;
        default -> {
          System.err.println("usage: ./squall bench [--quick] [--peers squall,netty,...] [--workloads echo-100,idle,...] [--rounds N] [--retries N] [--quiet-wait SECONDS] [--profile] | --report RESULTS.json");
          System.exit(2);
        }
      }
    }
    if (reportOnly != null) {
      Results r = JSON.readValue(reportOnly.toFile(), Results.class);
      writePage(root, r, root.relativize(reportOnly.toAbsolutePath()).toString());
      return;
    }
    Path loadgenBinary = root.resolve("bench/target/loadgen");
    if (!Files.isExecutable(loadgenBinary)) {
      System.err.println("bench: " + loadgenBinary + " is missing: run ./squall bench, which builds it with gcc.");
      System.exit(4);
    }
    String busy = QuietCheck.awaitQuiet(quietWait, Set.of());
    if (busy != null) {
      System.err.println("bench: " + busy);
      System.exit(3);
    }
    long t0 = System.nanoTime();
    Versions versions = Versions.detect();
    List<Peer> peers = new ArrayList<>(Peer.all(root, versions));
    if (only != null) {
      Set<String> want = only;
      peers.removeIf(p -> !want.contains(p.name()));
    } else if (quick) {
      peers.removeIf(Peer::reference); // the floor is for full runs (or named with --peers): quick runs stay under 10 minutes
    }
    List<Workload> workloads;
    try {
      workloads = workloads(quick, onlyWorkloads);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    // A partial run is for tuning: its results stay under bench/target and the page is left alone.
    // So is a profiled one: the recorder costs the JVM peers a few per cent.
    boolean partial = only != null || onlyWorkloads != null || profile;
    Path logs = Files.createDirectories(root.resolve("bench/target/bench-logs"));
    Runner runner = new Runner(new LoadGen(loadgenBinary), logs, retries >= 0 ? retries : quick ? 1 : 2, quietWait,
        quick ? Runner.QUICK_BUSY_WAIT_SECONDS : Runner.BUSY_WAIT_SECONDS);
    if (profile) {
      Path profiles = root.resolve("bench/target/profiles");
      runner.profileWith(new Profiler(profiles));
      peers.replaceAll(Profiler::profiled);
      System.err.println("bench: profiling the JVM peers (Flight Recorder) into " + root.relativize(profiles));
    }
    int roundCount = rounds > 0 ? rounds : Rounds.defaultCount(quick);
    peers.forEach(p -> System.err.println("bench: " + p.label() + " " + p.version()));
    Map<String, Map<String, Row>> rows = runner.runAll(peers, workloads, roundCount);
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    Results results = new Results(now.format(DateTimeFormatter.ISO_LOCAL_DATE) + " " + now.format(DateTimeFormatter.ofPattern("HH:mm")) + " UTC",
        quick ? "quick" : "full", Math.round((System.nanoTime() - t0) / 1e8) / 10.0, Machine.describe(),
        versions.asMap(), Peer.JVM_FLAGS,
        peers.stream().map(p -> new Results.PeerInfo(p.name(), p.label(), p.runtime(), p.version())).toList(),
        Runner.byWorkload(workloads, rows, roundCount));
    Path out = root.resolve((partial ? "bench/target/partial-" : "bench/results/") + now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmm'Z'")) + ".json");
    Files.createDirectories(out.getParent());
    JSON.writeValue(out.toFile(), results);
    System.err.println("bench: wrote " + root.relativize(out));
    if (partial) {
      System.err.println("bench: a partial run (--peers, --workloads or --profile): docs/benchmarks.md left as it was");
    } else {
      writePage(root, results, root.relativize(out).toString());
    }
  }

  /** The value after a flag, or a one-line complaint and exit code 2. */
  /**
   * The workloads of a run: those named with {@code --workloads} ({@code only}), else all of them,
   * except that a quick run leaves out the compressed broadcast, which is beyond the issue's
   * workloads, to stay under 10 minutes.
   *
   * @throws IllegalArgumentException naming the known ones, when {@code only} names another
   */
  static List<Workload> workloads(boolean quick, Set<String> only) {
    List<Workload> workloads = new ArrayList<>(Workload.all(quick));
    if (only != null) {
      List<String> known = workloads.stream().map(Workload::id).toList();
      if (!known.containsAll(only)) {
        throw new IllegalArgumentException("unknown workload in " + only + "; known: " + String.join(",", known));
      }
      workloads.removeIf(w -> !only.contains(w.id()));
    } else if (quick) {
      workloads.removeIf(Workload::deflate);
    }
    return workloads;
  }

  static String value(String[] args, int i) {
    if (i >= args.length) {
      System.err.println("bench: " + args[i - 1] + " needs a value");
      System.exit(2);
    }
    return args[i];
  }

  /** The whole number after a flag, or a one-line complaint and exit code 2. */
  static int count(String[] args, int i) {
    String flag = args[i - 1];
    try {
      int n = Integer.parseInt(value(args, i));
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    System.err.println("bench: " + flag + " needs a whole number of 0 or more, not '" + args[i] + "'");
    System.exit(2);
    return -1;
  }

  static void writePage(Path root, Results r, String resultsFile) throws IOException {
    Path chartDir = Files.createDirectories(root.resolve("docs/benchmarks"));
    Set<String> charts = new HashSet<>();
    for (Results.WorkloadResult w : r.workloads()) {
      Charts.write(w, chartDir).forEach(p -> charts.add(p.getFileName().toString()));
    }
    Path page = root.resolve("docs/benchmarks.md");
    Files.writeString(page, Report.markdown(r, resultsFile, "benchmarks", charts));
    System.err.println("bench: wrote " + root.relativize(page) + " and " + charts.size() + " charts");
  }
}
