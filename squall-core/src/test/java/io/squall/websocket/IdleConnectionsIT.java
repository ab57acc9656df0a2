package io.squall.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.examples.EchoSocket;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Holds 10,000 idle WebSockets (opened by a separate Python process, so that this JVM holds only
 * the server's side) and measures the server's heap + direct memory per connection.
 */
class IdleConnectionsIT {
  static final int CONNECTIONS = 10_000;
  /** The design target is "well under 4 KiB"; the bound here leaves room for GC noise. */
  static final long MAX_BYTES_PER_CONNECTION = 4096;

  @Test
  void holdsTenThousandIdleConnectionsUnderFourKibEach() throws Exception {
    Path script = Path.of(getClass().getResource("/idle/hold_connections.py").toURI());
    try (TestServer s = TestServer.builder().route("/echo", EchoSocket.class).start()) {
      long before = usedMemory();
      Process py = new ProcessBuilder("/usr/bin/python3", script.toString(), String.valueOf(s.port()), "/echo",
          String.valueOf(CONNECTIONS)).redirectErrorStream(true).start();
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(py.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("python client output").isEqualTo("ready " + CONNECTIONS);
        assertThat(s.app.server().connectionCount()).isEqualTo(CONNECTIONS);
        long after = usedMemory();
        long perConnection = (after - before) / CONNECTIONS;
        String report = "idle connections: " + CONNECTIONS + ", heap+direct per connection: " + perConnection + " bytes";
        System.out.println(report);
        Files.writeString(Path.of("target", "idle-connections.txt"), report + "\n");
        Thread.sleep(Long.getLong("idle.hold", 0));
        assertThat(perConnection).isLessThan(MAX_BYTES_PER_CONNECTION);
        try (RawWebSocket ws = RawWebSocket.connect(s.port(), "/echo")) {
          ws.sendText("still serving");
          assertThat(ws.read().text()).isEqualTo("still serving");
        }
      } finally {
        py.getOutputStream().close();
        if (!py.waitFor(30, TimeUnit.SECONDS)) {
          py.destroyForcibly();
        }
      }
    }
  }

  private static long usedMemory() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long direct = 0;
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      direct += pool.getMemoryUsed();
    }
    return heap + direct;
  }
}
