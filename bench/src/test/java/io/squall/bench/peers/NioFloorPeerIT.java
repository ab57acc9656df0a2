package io.squall.bench.peers;

import java.nio.file.Path;
import java.util.List;

/** The JDK floor ({@link NioFloorPeer}), started as ./squall bench starts it: its own JVM. */
class NioFloorPeerIT extends FloorEchoContract {
  @Override
  Process start(int port) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), NioFloorPeer.class.getName(),
        Integer.toString(port))).redirectErrorStream(true).start();
  }
}
