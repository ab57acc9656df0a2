package io.squall.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One server under test: how to start it, pinned to CPU 0. JVM peers share the same JDK and the
 * same explicit heap and GC flags.
 */
record Peer(String name, String version, List<String> command, Map<String, String> env) {
  /**
   * Identical for every JVM peer. A JVM pinned to one CPU would silently pick SerialGC: name the
   * collector. A small young generation keeps garbage from inflating RSS, so the idle-connection
   * slope reflects what connections keep, not how much eden the handshakes happened to touch.
   */
  static final List<String> JVM_FLAGS = List.of("-Xms1g", "-Xmx1g", "-Xmn64m", "-XX:+UseParallelGC", "-XX:ParallelGCThreads=1",
      "-Xss512k", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "--enable-native-access=ALL-UNNAMED",
      "--sun-misc-unsafe-memory-access=allow");

  static Peer jvm(String name, String version, String mainClass, Path root) {
    String cp = root.resolve("bench/target/squall-bench.jar") + ":" + root.resolve("bench/target/lib/*");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(JVM_FLAGS);
    cmd.addAll(List.of("-cp", cp, mainClass));
    return new Peer(name, version, cmd, Map.of());
  }

  static List<Peer> all(Path root, Map<String, String> versions) {
    String pkg = "io.squall.bench.peers.";
    return List.of(
        jvm("Squall", versions.get("squall"), pkg + "SquallServer", root),
        jvm("Netty (epoll)", versions.get("netty"), pkg + "NettyServer", root),
        jvm("Jetty", versions.get("jetty"), pkg + "JettyServer", root),
        jvm("Vert.x", versions.get("vertx"), pkg + "VertxServer", root),
        jvm("Java-WebSocket", versions.get("javawebsocket"), pkg + "JavaWebSocketServer", root),
        new Peer("Tornado", versions.get("tornado"),
            List.of("/usr/bin/python3", root.resolve("bench/peers/tornado_server.py").toString()), Map.of()),
        new Peer("Node ws", versions.get("ws"),
            List.of("/usr/bin/node", root.resolve("bench/peers/ws_server.js").toString()),
            Map.of("NODE_PATH", "/usr/share/nodejs")));
  }

  /** The command with the port, pinned to CPU 0. */
  List<String> commandOn(int port) {
    List<String> cmd = new ArrayList<>(List.of("taskset", "-c", "0"));
    cmd.addAll(command);
    cmd.add(String.valueOf(port));
    return cmd;
  }
}
