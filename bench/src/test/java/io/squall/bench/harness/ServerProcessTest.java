package io.squall.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerProcessTest {
  @Test
  void heapUsedSumsTheGenerationsOfASerialHeapReport() {
    String serial = """
        12550:
        DefNew     total 59008K, used 10528K [0x00000000c0000000, 0x00000000c4000000, 0x00000000c4000000)
         eden space 52480K,  20% used [0x00000000c0000000, 0x00000000c0a483c8, 0x00000000c3340000)
         from space 6528K,   0% used [0x00000000c3340000, 0x00000000c3340000, 0x00000000c39a0000)
        Tenured    total 983040K, used 1166K [0x00000000c4000000, 0x0000000100000000, 0x0000000100000000)
         Metaspace       used 5012K, committed 5248K, reserved 1114112K
        """;
    assertThat(ServerProcess.parseHeapUsed(serial)).isEqualTo((10528L + 1166L) * 1024);
  }

  @Test
  void heapUsedIsUnknownWhenJcmdSaidNothingUseful() {
    assertThat(ServerProcess.parseHeapUsed("12550:\ncom.sun.tools.attach.AttachNotSupportedException")).isEqualTo(-1);
  }

  @Test
  void youngCollectionsComeFromTheFirstCollectorsInvocationCounter() {
    String counters = "sun.gc.collector.0.invocations=17\nsun.gc.collector.1.invocations=2\nsun.gc.collector.0.time=123\n";
    assertThat(ServerProcess.parseYoungCollections(counters)).isEqualTo(17);
    assertThat(ServerProcess.parseYoungCollections("12550:\nno counters")).isEqualTo(-1);
  }

  @Test
  void survivorCapacityComesFromTheYoungGenerationsSpacesOneAndTwo() {
    String counters = """
        sun.gc.generation.0.space.0.capacity=53739520
        sun.gc.generation.0.space.0.used=1200
        sun.gc.generation.0.space.1.capacity=6684672
        sun.gc.generation.0.space.1.used=5047296
        sun.gc.generation.0.space.2.capacity=6684672
        sun.gc.generation.0.space.2.used=0
        sun.gc.generation.1.space.0.capacity=1006632960
        """;
    assertThat(ServerProcess.parseSurvivorCapacity(counters)).isEqualTo(6684672);
    assertThat(ServerProcess.parseSurvivorCapacity("12550:\nsun.gc.generation.0.space.0.capacity=1\n")).isEqualTo(-1);
  }
}
