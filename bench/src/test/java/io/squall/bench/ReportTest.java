package io.squall.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
  @Test
  void writesATablePerWorkloadWithRatiosToSquallAndACharts(@TempDir Path docs) throws Exception {
    System.setProperty("java.awt.headless", "true");
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("date", "2026-11-25");
    meta.put("machine", "2 cores, test CPU");
    meta.put("jdk", "OpenJDK 25");
    meta.put("quick", true);
    meta.put("warm", 3);
    meta.put("measure", 3);
    meta.put("versions", Map.of("netty", "4.2.18.Final"));
    meta.put("file", "x.json");
    List<Result> results = List.of(
        new Result("Squall", "echo-100", 200_000, "msgs/s", 400, 900, 0.99, 0.9, 0),
        new Result("Netty (epoll)", "echo-100", 100_000, "msgs/s", 500, 1000, 0.99, 0.8, 0),
        new Result("Squall", "idle", 2000, "bytes/connection", 0, 0, 0, 0, 0),
        new Result("Netty (epoll)", "idle", 4000, "bytes/connection", 0, 0, 0, 0, 0));
    Report.write(docs, meta, results);
    String md = Files.readString(docs.resolve("benchmarks.md"));
    assertThat(md).contains("## Echo, 100 connections", "| Netty (epoll) | 100,000 | 0.50× | 500 | 1000 | 0.99 | 0.80 |",
        "| Squall | 200,000 | 1.00× |", "on 2026-11-25, on 2 cores, test CPU", "| Netty (epoll) | 4,000 | 2.00× |");
    assertThat(md).doesNotContain("## Broadcast");
    assertThat(Files.size(docs.resolve("benchmarks/echo-100.png"))).isPositive();
    assertThat(Files.size(docs.resolve("benchmarks/idle.png"))).isPositive();
  }
}
