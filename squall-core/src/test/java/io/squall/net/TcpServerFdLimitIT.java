package io.squall.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Accepting when the process is out of file descriptors (EMFILE), in a child JVM with a low limit. */
class TcpServerFdLimitIT {
  @Test
  void acceptPausesInsteadOfSpinningWhenTheProcessIsOutOfFileDescriptors() throws Exception {
    assumeTrue(new File("/bin/bash").canExecute(), "needs bash for ulimit");
    String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(p -> p.contains("squall-core") || p.contains("slf4j")) // a short path: few files to open
        .collect(Collectors.joining(File.pathSeparator));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = Files.createTempFile("fd-limit", ".log");
    Process child = new ProcessBuilder("/bin/bash", "-c",
        "ulimit -n 64 && exec \"$0\" -Xshare:off -cp \"$1\" io.squall.net.AcceptUnderFdLimit", java, classPath)
        .redirectError(log.toFile())
        .start();
    List<Socket> clients = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter in = new PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8)) {
      String first = out.readLine();
      assertThat(first).as("child's first line; its log: %s", Files.readString(log)).startsWith("port ");
      int port = Integer.parseInt(first.substring(5));
      for (int i = 0; i < 100; i++) { // more than the child can hold: the rest wait in its backlog
        clients.add(new Socket("127.0.0.1", port));
      }
      in.println("measure");
      String cpu = out.readLine();
      long warnings = Files.readAllLines(log).stream().filter(l -> l.contains("Accept failed")).count();
      assertThat(warnings).as("accept failures logged").isEqualTo(1);
      assertThat(Long.parseLong(cpu.substring(7))).as("CPU ms of the accepting loop in one second").isLessThan(200);
    } finally {
      for (Socket s : clients) {
        s.close();
      }
      child.destroy();
      child.waitFor(5, TimeUnit.SECONDS);
      Files.deleteIfExists(log);
    }
  }
}
