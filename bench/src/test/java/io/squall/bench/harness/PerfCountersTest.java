package io.squall.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PerfCountersTest {
  private static final long SELF = ProcessHandle.current().pid();

  @Test
  void readsTheLongCountersOfARunningJvmAsJcmdPrintsThem() {
    String fromFile = PerfCounters.print(SELF).orElseThrow();
    String fromJcmd = Versions.run(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(SELF), "PerfCounter.print");

    List<String> constant = Arrays.stream(fromFile.split("\n"))
        .filter(l -> l.startsWith("sun.rt.createVmBeginTime=") || l.startsWith("sun.rt.createVmEndTime=")
            || l.startsWith("sun.os.hrt.frequency=")).toList();
    assertThat(constant).hasSize(3).allSatisfy(line -> assertThat(fromJcmd).contains(line + "\n"));
    assertThat(ServerProcess.parseYoungCollections(fromFile)).isGreaterThanOrEqualTo(0);
  }

  @Test
  void answersNothingForAProcessWithoutCountersOrABufferThatIsNotPerfData() {
    assertThat(PerfCounters.print(Long.MAX_VALUE)).isEmpty();
    assertThat(PerfCounters.parse(ByteBuffer.wrap(new byte[64]))).isEmpty();
    assertThat(PerfCounters.parse(ByteBuffer.wrap(new byte[8]))).isEmpty();
  }
}
