package io.squall.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.squall.bench.Gcc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --profile} as a run uses it: the Squall peer started by {@link ServerProcess} with the
 * recorder flag, driven by the load generator, and the window's slice dumped from the live
 * process with jcmd and summarised.
 */
class ProfilerIT {
  @Test
  void profilesAWindowOfTheSquallPeerFromItsLiveRecording(@TempDir Path dir) throws Exception {
    Path loadgen = Gcc.build("loadgen/loadgen.c", "-lz", "-luring");
    Peer peer = Profiler.profiled(squallPeer());
    assertThat(peer.command()).contains(Profiler.RECORDER_FLAG);
    Workload echo = new Workload("echo-100", Workload.Kind.ECHO, "Echo", "msgs/s", true, 100, 32, 0, 2, 3);
    Profiler profiler = new Profiler(dir.resolve("profiles"));

    ProfileSummary summary;
    long count;
    try (ServerProcess server = ServerProcess.start(peer, PortPicker.free(), dir.resolve("server.log"))) {
      Instant[] window = new Instant[2];
      JsonNode result = new LoadGen(loadgen).run(echo.loadgenArgs(server.port()), dir.resolve("loadgen.log"), (ev, in) -> {
        switch (ev.path("event").asText()) {
          case "window" -> window[0] = Instant.now();
          case "result" -> window[1] = Instant.now();
          default -> {}
        }
      });
      count = result.path("count").asLong();
      summary = profiler.afterWindow(peer, server, echo, "squall-echo-100-round1", window[0], window[1], count);
    }

    assertThat(count).isPositive();
    assertThat(summary).isNotNull();
    assertThat(dir.resolve("profiles/squall-echo-100-round1.jfr")).isNotEmptyFile();
    assertThat(Files.readString(dir.resolve("profiles/squall-echo-100-round1.txt"))).isEqualTo(summary.format());
    assertThat(summary.operations()).isEqualTo(count);
    assertThat(summary.cpuEvent()).isEqualTo(ProfileSummary.CPU_TIME_SAMPLE);
    assertThat(summary.cpuSamples()).isGreaterThan(50); // 3 s of a busy loop, one sample per 10 ms of CPU
    // the loop thread reads and echoes: Squall's read path is on the stack of most samples
    assertThat(summary.totalFrames()).anySatisfy(f -> {
      assertThat(f.what()).isEqualTo("io.squall.ioloop.EventLoop.run");
      assertThat(f.share()).isGreaterThan(0.8);
    });
    assertThat(summary.selfFrames()).extracting(ProfileSummary.Share::what)
        .anyMatch(m -> m.startsWith("sun.nio.ch.SocketDispatcher.write0")); // kernel time counts, against the write
    // an echo allocates its received text and the reply's frame: a few hundred bytes, not kilobytes
    assertThat(summary.bytesPerOperation()).isBetween(32.0, 4_000.0);
    assertThat(summary.allocationSites()).extracting(ProfileSummary.Share::what).anyMatch(s -> s.contains(" at io.squall."));
  }

  @Test
  void leavesPeersOtherThanJvmOnesAsTheyAre() {
    Peer node = new Peer("node-ws", "Node ws", "Node.js", "x", List.of("node", "ws_server.js", "%PORT%"), Map.of(), false);
    assertThat(Profiler.profiled(node)).isSameAs(node);
    assertThat(Profiler.operationName(Workload.Kind.BROADCAST)).isEqualTo("delivery");
    assertThat(Profiler.operationName(Workload.Kind.HANDSHAKE)).isEqualTo("handshake");
  }

  private static Peer squallPeer() {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(Peer.JVM_FLAGS);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.squall.bench.peers.SquallPeer", "%PORT%"));
    return new Peer("squall", "Squall", "JVM", "test", List.copyOf(cmd), Map.of(), false);
  }

  /** A loopback port nothing listens on now. */
  static final class PortPicker {
    static int free() throws java.io.IOException {
      try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        return s.getLocalPort();
      }
    }
  }
}
