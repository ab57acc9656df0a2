package io.squall.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./squall bench [--quick] [--only PEER,...]}: every workload for every peer, in one run, then
 * {@code bench/results/<date>.json} and {@code docs/benchmarks.md} with charts.
 */
public final class BenchMain {
  /** More than this share of the machine's CPU in use before the run: refuse to measure. */
  static final double MAX_BUSY = 0.10;

  public static void main(String[] args) throws Exception {
    System.setProperty("java.awt.headless", "true");
    Path root = Path.of(System.getProperty("squall.home", ".")).toAbsolutePath().normalize();
    boolean quick = List.of(args).contains("--quick");
    List<String> only = new ArrayList<>();
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("--only")) {
        only.addAll(List.of(args[i + 1].split(",")));
      }
    }
    double busy = Machine.busyFraction(1000);
    if (busy > MAX_BUSY) {
      System.err.printf("squall bench: the machine is busy (%.0f%% of its CPU in use by other processes); "
          + "stop them and retry.%n", busy * 100);
      System.exit(3);
    }
    Map<String, String> versions = new LinkedHashMap<>();
    versions.put("squall", "0.1.0-SNAPSHOT");
    versions.put("netty", "4.2.18.Final");
    versions.put("jetty", "12.1.14");
    versions.put("vertx", "5.0.7");
    versions.put("javawebsocket", "1.6.0");
    versions.put("tornado", Versions.python("import tornado; print(tornado.version)"));
    versions.put("ws", Versions.node());
    Path logs = root.resolve("bench/target/logs");
    Files.createDirectories(logs);
    Runner runner = new Runner(root, root.resolve("bench/target/loadgen"), logs, quick);
    List<Result> results = new ArrayList<>();
    for (Peer peer : Peer.all(root, versions)) {
      if (!only.isEmpty() && only.stream().noneMatch(o -> peer.name().toLowerCase().startsWith(o.toLowerCase()))) {
        continue;
      }
      System.out.println(peer.name() + " " + peer.version());
      results.addAll(runner.run(peer));
    }
    ZonedDateTime now = ZonedDateTime.now();
    String file = now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm")) + (quick ? "-quick" : "") + ".json";
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("date", now.format(DateTimeFormatter.ISO_LOCAL_DATE));
    meta.put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + Machine.cpuModel() + ", Linux " + Machine.kernel());
    meta.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    meta.put("quick", quick);
    meta.put("warm", quick ? 3 : 10);
    meta.put("measure", quick ? 3 : 10);
    meta.put("versions", versions);
    meta.put("file", file);
    Map<String, Object> json = new LinkedHashMap<>(meta);
    json.put("results", results);
    Path out = root.resolve("bench/results").resolve(file);
    Files.createDirectories(out.getParent());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), json);
    Report.write(root.resolve("docs"), meta, results);
    System.out.println("Results: " + out + "\nReport: " + root.resolve("docs/benchmarks.md"));
  }
}
