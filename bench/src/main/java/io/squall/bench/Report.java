package io.squall.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** Writes docs/benchmarks.md and its PNG charts from one run's results. */
final class Report {
  /** Workload, title, and whether a higher figure is better. */
  record Workload(String key, String title, boolean higherIsBetter, String what) {}

  static final List<Workload> WORKLOADS = List.of(
      new Workload("echo-100", "Echo, 100 connections", true, "32-byte text messages, closed loop: messages echoed per second"),
      new Workload("echo-1000", "Echo, 1,000 connections", true, "32-byte text messages, closed loop: messages echoed per second"),
      new Workload("broadcast-1000", "Broadcast to 1,000 receivers", true,
          "one sender at 200 msgs/s (200,000 deliveries/s offered): deliveries per second and delivery latency"),
      new Workload("broadcast-10000", "Broadcast to 10,000 receivers", true,
          "one sender at 20 msgs/s (200,000 deliveries/s offered): deliveries per second and delivery latency"),
      new Workload("idle", "Idle connections: server RSS per connection", false,
          "slope of the server's RSS between 5,000 and 19,000 open idle sockets (lower is better)"),
      new Workload("handshakes", "Handshakes", true, "connect, upgrade, close; 50 at a time: completed upgrades per second"),
      new Workload("big-1mib", "1 MiB binary echo", true, "one connection echoing 1 MiB binary messages: MB/s"));

  private Report() {}

  static void write(Path docs, Map<String, Object> meta, List<Result> results) throws IOException {
    Path charts = docs.resolve("benchmarks");
    Files.createDirectories(charts);
    StringBuilder md = new StringBuilder();
    md.append("# Benchmarks\n\n")
        .append("Every number on this page comes from one run of `./squall bench")
        .append(Boolean.TRUE.equals(meta.get("quick")) ? " --quick" : "").append("` on ")
        .append(meta.get("date")).append(", on ").append(meta.get("machine")).append(".\n")
        .append("Raw results: `bench/results/").append(meta.get("file")).append("`.\n\n")
        .append("## Method\n\n")
        .append("- The server runs pinned to CPU 0 (`taskset -c 0`), the load generator to CPU 1; before measuring, the run\n")
        .append("  refuses to start while other processes use more than 10% of the machine's CPU.\n")
        .append("- The load generator is C with epoll (`bench/loadgen/loadgen.c`, built with `gcc -O2`): frames are\n")
        .append("  pre-built and pre-masked, nothing is allocated per message. Its own CPU use is in each table:\n")
        .append("  below 1.0 means it was not the bottleneck.\n")
        .append("- Every JVM peer runs on the same JDK (").append(meta.get("jdk")).append(") with the same flags: `")
        .append(String.join(" ", Peer.JVM_FLAGS.subList(0, 6))).append("` (the collector is named: a JVM pinned to one CPU\n")
        .append("  would otherwise switch to SerialGC silently). Each server gets ").append(meta.get("warm"))
        .append(" s of echo traffic as warm-up, then each workload runs ").append(meta.get("measure")).append(" s.\n")
        .append("- Message sizes: 32-byte text for echo and broadcast (the broadcast payload carries its send time),\n")
        .append("  1 MiB binary for throughput. Latencies are round trips (echo) or send-to-delivery (broadcast).\n")
        .append("- Peers, each written the way its documentation recommends for speed (`bench/src/main/java/io/squall/bench/peers`,\n")
        .append("  `bench/peers`): ");
    @SuppressWarnings("unchecked")
    Map<String, String> versions = (Map<String, String>) meta.get("versions");
    md.append(String.join(", ", versions.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList())).append(".\n\n");
    for (Workload w : WORKLOADS) {
      List<Result> rows = results.stream().filter(r -> r.workload().equals(w.key())).toList();
      if (rows.isEmpty()) {
        continue;
      }
      double squall = rows.stream().filter(r -> r.peer().equals("Squall")).mapToDouble(Result::value).findFirst().orElse(0);
      md.append("## ").append(w.title()).append("\n\n").append(w.what()).append(".\n\n");
      md.append("| peer | ").append(rows.get(0).unit()).append(" | ratio to Squall | p50 µs | p99 µs | server CPU | loadgen CPU |\n");
      md.append("|---|---:|---:|---:|---:|---:|---:|\n");
      Map<String, Double> chart = new LinkedHashMap<>();
      for (Result r : rows) {
        String ratio = squall == 0 || r.value() == 0 ? "–" : String.format(Locale.ROOT, "%.2f×", r.value() / squall);
        md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", r.peer(),
            r.errors() < 0 ? "failed" : String.format(Locale.ROOT, "%,.0f", r.value()), ratio,
            r.p50Micros() > 0 ? String.format(Locale.ROOT, "%.0f", r.p50Micros()) : "–",
            r.p99Micros() > 0 ? String.format(Locale.ROOT, "%.0f", r.p99Micros()) : "–",
            r.serverCpu() > 0 ? String.format(Locale.ROOT, "%.2f", r.serverCpu()) : "–",
            r.loadgenCpu() > 0 ? String.format(Locale.ROOT, "%.2f", r.loadgenCpu()) : "–"));
        chart.put(r.peer(), r.value());
      }
      String png = w.key() + ".png";
      chart(w.title(), rows.get(0).unit(), chart, charts.resolve(png));
      md.append("\n![").append(w.title()).append("](benchmarks/").append(png).append(")\n\n");
    }
    md.append("Ratios: a peer's figure divided by Squall's (for idle memory, a ratio above 1 means the peer uses more).\n");
    Files.writeString(docs.resolve("benchmarks.md"), md.toString());
  }

  private static void chart(String title, String unit, Map<String, Double> values, Path file) throws IOException {
    CategoryChart c = new CategoryChartBuilder().width(800).height(420).title(title).yAxisTitle(unit).build();
    c.getStyler().setLegendVisible(false);
    c.getStyler().setXAxisLabelRotation(20);
    c.addSeries(unit, List.copyOf(values.keySet()), List.copyOf(values.values()));
    BitmapEncoder.saveBitmap(c, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
