package io.squall.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProcStatTest {
  // A /proc/PID/stat line whose command holds a space and a parenthesis; utime 1200, stime 345.
  static final String LINE = "4242 (my (odd) cmd) S 1 4242 4242 0 -1 4194560 500 0 0 0 1200 345 0 0 20 0 3 0 100 0 0";

  @Test
  void cpuTicksAreUserPlusSystemTimeAfterTheCommand() {
    assertThat(ProcStat.parseCpuTicks(LINE)).isEqualTo(1545);
    assertThat(ProcStat.parseKernelTicks(LINE)).isEqualTo(345);
    assertThat(ProcStat.commandName(LINE)).isEqualTo("my (odd) cmd");
  }

  @Test
  void kernelTicksOfALiveProcessNeverExceedItsCpuTicks() {
    long pid = ProcessHandle.current().pid();
    long kernel = ProcStat.kernelTicks(pid);
    assertThat(kernel).isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(ProcStat.cpuTicks(pid));
    assertThat(ProcStat.kernelTicks(Long.MAX_VALUE)).isEqualTo(-1);
  }

  @Test
  void foreignCpuLeavesOutOwnProcessesAndNamesTheBusiest() {
    Map<Long, ProcStat.Sample> before = Map.of(1L, new ProcStat.Sample("bench", 100), 2L, new ProcStat.Sample("mvn", 50),
        3L, new ProcStat.Sample("idle", 7));
    Map<Long, ProcStat.Sample> after = Map.of(1L, new ProcStat.Sample("bench", 190), 2L, new ProcStat.Sample("mvn", 110),
        3L, new ProcStat.Sample("idle", 7), 4L, new ProcStat.Sample("new", 5));
    ProcStat.Foreign f = ProcStat.foreign(before, after, Set.of(1L), 1.0);
    assertThat(f.percentOfCore()).isEqualTo(65.0); // (60 + 5) ticks of 1/100 s in one second
    assertThat(f.busiest()).isEqualTo(List.of("mvn (pid 2, 60%)", "new (pid 4, 5%)"));
  }
}
