package io.squall.bench.harness;

import static io.squall.bench.harness.ReportTest.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.bench.harness.Results.Row;
import io.squall.bench.harness.Results.WorkloadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {
  @Test
  void aPeerThatDeliveredNothingKeepsItsBarAndAFailedOneHasNone(@TempDir Path dir) throws Exception {
    WorkloadResult w = new WorkloadResult("broadcast-deflate-1000", "Broadcast", "deliveries/s", true, Map.of("connections", 1000),
        List.of(row("squall", 60_000.0, 900.0), row("netty", 0.0, null), Row.failed("jetty", "did not start")));

    assertThat(Charts.charted(w)).extracting(Row::peer).containsExactly("squall", "netty");
    assertThat(Charts.write(w, dir)).containsExactly(dir.resolve("broadcast-deflate-1000.png"), dir.resolve("broadcast-deflate-1000-latency.png"));
    assertThat(Files.size(dir.resolve("broadcast-deflate-1000.png"))).isPositive();
  }
}
