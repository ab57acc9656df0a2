package io.squall.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Listening on a port that cannot be had (a clear error, nothing left open behind it), or shared with SO_REUSEPORT. */
class ApplicationListenIT {
  @Test
  void aTakenPortThrowsAndLeavesNoDescriptorNorLoopBehind() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      // One attempt first, so that classes and JDK descriptors opened once are not counted.
      assertThatThrownBy(() -> Application.builder().build().listen("127.0.0.1", port))
          .isInstanceOf(UncheckedIOException.class);
      long descriptors = openDescriptors();
      long loops = loopThreads();
      for (int i = 0; i < 20; i++) {
        assertThatThrownBy(() -> Application.builder().build().listen("127.0.0.1", port))
            .isInstanceOf(UncheckedIOException.class)
            .hasMessage("Cannot listen on /127.0.0.1:" + port + ": Address already in use");
      }
      assertThat(openDescriptors()).isLessThanOrEqualTo(descriptors);
      long deadline = System.nanoTime() + 5_000_000_000L; // loop threads end just after their shutdown
      while (loopThreads() > loops && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(loopThreads()).isLessThanOrEqualTo(loops);
    }
  }

  /** Answers with the name of its server, to tell which of two on one port took a connection. */
  private static Application named(String name, boolean reusePort) {
    return Application.builder()
        .route("/who", () -> new RequestHandler() {
          @Override
          public void get() {
            write(name);
          }
        })
        .setting(Settings.REUSE_PORT, reusePort).build();
  }

  private static String who(int port) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) { // a new connection each time: the kernel picks the server
      s.getOutputStream().write("GET /who HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      return answer.substring(answer.indexOf("\r\n\r\n") + 4);
    }
  }

  @Test
  void twoServersWithReusePortShareOnePortAndTheSecondServesAloneOnceTheFirstStops() throws Exception {
    Application old = named("old", true).listen("127.0.0.1", 0);
    Application fresh = null;
    try {
      int port = old.port();
      fresh = named("new", true).listen("127.0.0.1", port); // the new release starts before the old one stops
      Set<String> served = new HashSet<>();
      for (int i = 0; i < 64 && served.size() < 2; i++) {
        served.add(who(port));
      }
      assertThat(served).as("the kernel spreads new connections over both").containsExactlyInAnyOrder("old", "new");
      old.stop();
      for (int i = 0; i < 20; i++) {
        assertThat(who(port)).as("no connection refused, none lost to the stopped one").isEqualTo("new");
      }
    } finally {
      old.stop();
      if (fresh != null) {
        fresh.stop();
      }
    }
  }

  @Test
  void withoutReusePortOnBothASecondServerOnThePortFails() {
    Application first = named("first", true).listen("127.0.0.1", 0);
    try {
      int port = first.port();
      assertThatThrownBy(() -> named("second", false).listen("127.0.0.1", port))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessage("Cannot listen on /127.0.0.1:" + port + ": Address already in use");
    } finally {
      first.stop();
    }
  }

  private static long openDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  private static long loopThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
        .filter(t -> t.getName().startsWith("squall-loop-")).count();
  }
}
