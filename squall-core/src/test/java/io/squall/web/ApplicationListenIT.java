package io.squall.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Listening on a port that cannot be had: a clear error, and nothing left open behind it. */
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
