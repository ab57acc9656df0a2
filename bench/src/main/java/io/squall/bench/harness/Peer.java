package io.squall.bench.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One server the bench compares: how to start it on a port, and what it is.
 *
 * @param name short id used in results and on the command line ({@code --peers squall,netty})
 * @param label what the report calls it
 * @param runtime "JVM", "CPython", "Node.js" or "Go"
 * @param version the peer's own version as resolved for this run
 * @param command the command line without the taskset prefix; {@code %PORT%} stands for the port
 * @param env extra environment variables
 * @param reference true for the floors: not peers but the least a server can spend per echo on this
 *     machine (the C floor) and on the JDK's {@code java.nio} (the JDK floor), measured in the echo
 *     workloads only
 */
public record Peer(String name, String label, String runtime, String version, List<String> command, Map<String, String> env,
    boolean reference) {
  /** The name of the reference floor, {@code bench/peers/c_epoll_echo.c}. */
  public static final String FLOOR = "c-floor";
  /**
   * The name of the JDK floor, {@code NioFloorPeer}: the C floor's work written on {@code java.nio},
   * run with {@link #JVM_FLAGS}, so the report tells the JDK's own cost from what Squall adds.
   */
  public static final String JDK_FLOOR = "jdk-floor";

  /**
   * The flags every JVM peer runs with, identical for all. The collector is named: a JVM pinned
   * to one CPU would silently pick SerialGC anyway, so we say so. A fixed heap, and a young
   * generation small enough that every peer has touched all of it before the idle workload
   * samples RSS (eden and both survivor spaces: see IdleMemory), so the RSS slope shows retained
   * memory rather than fresh young-generation pages.
   */
  public static final List<String> JVM_FLAGS = List.of(
      "-XX:+UseSerialGC", "-Xms1g", "-Xmx1g", "-Xmn64m", "-XX:-OmitStackTraceInFastThrow",
      "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
      "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");

  /**
   * The servers measured with each echo answered at once: the ones the echo targets name, and the
   * floor that sets their scale.
   */
  public static final java.util.Set<String> AT_ONCE = java.util.Set.of("squall", "netty", "tornado", FLOOR);

  /**
   * Whether this server takes part in {@code w}: every peer does, but the echoes answered at once
   * are for {@link #AT_ONCE} only, and the reference floor echoes only.
   */
  public boolean runs(Workload w) {
    if (w.atOnce()) {
      return AT_ONCE.contains(name);
    }
    return !reference || w.kind() == Workload.Kind.ECHO;
  }

  public boolean isJvm() {
    return runtime.equals("JVM");
  }

  public List<String> commandFor(int port) {
    return command.stream().map(s -> s.replace("%PORT%", Integer.toString(port))).toList();
  }

  /** Every peer, Squall first, and the reference floors last. */
  public static List<Peer> all(Path root, Versions v) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    String cp = root.resolve("bench/target/classes") + ":" + root.resolve("bench/target/lib") + "/*";
    List<Peer> peers = new ArrayList<>();
    peers.add(jvm("squall", "Squall", v.get("squall"), java, cp, "SquallPeer"));
    peers.add(jvm("netty", "Netty (epoll)", v.get("netty"), java, cp, "NettyPeer"));
    peers.add(jvm("jetty", "Jetty", v.get("jetty"), java, cp, "JettyPeer"));
    peers.add(jvm("vertx", "Vert.x", v.get("vertx"), java, cp, "VertxPeer"));
    peers.add(jvm("java-websocket", "Java-WebSocket", v.get("java-websocket"), java, cp, "JavaWebSocketPeer"));
    peers.add(new Peer("tornado", "Tornado", "CPython " + v.get("python"), v.get("tornado"),
        List.of("/usr/bin/python3", root.resolve("bench/peers/tornado_server.py").toString(), "%PORT%"), Map.of(), false));
    peers.add(new Peer("node-ws", "Node ws", "Node.js " + v.get("node"), v.get("node-ws"),
        List.of("node", root.resolve("bench/peers/ws_server.js").toString(), "%PORT%"),
        Map.of("NODE_PATH", "/usr/share/nodejs"), false));
    // Built by ./squall bench with go build (Debian's Go and gorilla source), next to the load generator.
    peers.add(new Peer("gorilla", "Go gorilla/websocket", "Go " + v.get("go"), v.get("gorilla"),
        List.of(root.resolve("bench/target/gorilla_server").toString(), "%PORT%"), Map.of(), false));
    // Built by ./squall bench with gcc -O2 next to the load generator.
    peers.add(new Peer(FLOOR, "C epoll floor (reference)", "C: gcc " + v.get("gcc") + " -O2, libssl " + v.get("openssl"), "bench/peers/c_epoll_echo.c",
        List.of(root.resolve("bench/target/c_epoll_echo").toString(), "%PORT%"), Map.of(), true));
    peers.add(jvm(JDK_FLOOR, "JDK java.nio floor (reference)", "java.nio, bench/src/main/java/io/squall/bench/peers/NioFloorPeer.java",
        java, cp, "NioFloorPeer", true));
    return peers;
  }

  private static Peer jvm(String name, String label, String version, Path java, String cp, String main) {
    return jvm(name, label, version, java, cp, main, false);
  }

  private static Peer jvm(String name, String label, String version, Path java, String cp, String main, boolean reference) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    cmd.addAll(JVM_FLAGS);
    cmd.addAll(List.of("-cp", cp, "io.squall.bench.peers." + main, "%PORT%"));
    return new Peer(name, label, "JVM", version, cmd, Map.of(), reference);
  }
}
