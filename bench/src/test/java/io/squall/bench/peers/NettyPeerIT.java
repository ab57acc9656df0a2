package io.squall.bench.peers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.squall.bench.Gcc;
import io.squall.bench.harness.LoadGen;
import io.squall.bench.harness.Peer;
import io.squall.bench.harness.ServerProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Netty peer as the bench runs it (its own process, the bench's JVM flags, pinned to the
 * server core) driven by the bench's load generator: Squall's targets are ratios to Netty, so
 * Netty must serve every workload, and serve it the way it does best.
 */
class NettyPeerIT {
  static Path loadgen;
  static Path log;
  static ServerProcess netty;

  @BeforeAll
  static void buildAndStart() throws Exception {
    loadgen = Gcc.build("loadgen/loadgen.c", "-lz", "-luring");
    log = loadgen.resolveSibling("loadgen.log");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(Peer.JVM_FLAGS);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), NettyPeer.class.getName(), "%PORT%"));
    Peer peer = new Peer("netty", "Netty (epoll)", "JVM", "test", cmd, Map.of(), false);
    netty = ServerProcess.start(peer, freePort(), Files.createTempFile("netty-peer", ".log"));
  }

  @AfterAll
  static void stop() {
    if (netty != null) {
      netty.close();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static JsonNode load(String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of("--port", Integer.toString(netty.port())));
    all.addAll(List.of(args));
    return new LoadGen(loadgen).run(all, log, (event, stdin) -> {});
  }

  @Test
  void echoesEveryMessageOfEveryConnection() throws Exception {
    JsonNode r = load("--mode", "echo", "--path", "/echo", "--conns", "10", "--size", "32", "--warmup", "0.5", "--duration", "1");

    assertThat(r.path("errors").asLong()).isZero();
    assertThat(r.path("count").asLong()).isPositive();
    assertThat(r.path("starved").asInt()).isZero();
  }

  @Test
  void broadcastsEveryMessageToEveryReceiver() throws Exception {
    JsonNode r = load("--mode", "broadcast", "--path", "/broadcast", "--conns", "20", "--rate", "50",
        "--warmup", "0.5", "--duration", "1");

    assertThat(r.path("errors").asLong()).isZero();
    assertThat(r.path("count").asLong()).as("every receiver counts the messages of the 1 s window")
        .isBetween(20L * 25, 20L * r.path("sent").asLong());
  }

  /**
   * Behind the offer (~100 µs of compression per delivery, 60,000 deliveries/s offered) the
   * server relays its backlog; deliveries must still reach the receivers as it goes, rather than
   * every flush waiting until a read of the sender's backlog has been relayed whole (which left
   * the bench's window without a single delivery).
   */
  @Test
  void keepsDeliveringACompressedBroadcastWhileBehindTheOffer() throws Exception {
    JsonNode r = load("--mode", "broadcast", "--path", "/broadcast", "--conns", "1000", "--rate", "60",
        "--size", "1024", "--deflate", "--warmup", "3", "--duration", "3");

    assertThat(r.path("errors").asLong()).isZero();
    assertThat(r.path("count").asLong()).as("deliveries in the window").isPositive();
    assertThat(r.path("compressed").asLong()).as("every delivery compressed").isEqualTo(r.path("count").asLong());
  }
}
