package io.squall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the real {@code squall} command (the packaged jar and its libraries) as separate processes. */
class CliIT {
  static Process echo;
  static int echoPort;

  record Result(int exit, String out, String err) {}

  static List<String> squall(String... args) {
    Path target = Path.of("target").toAbsolutePath();
    String cp = target.resolve("squall-cli.jar") + File.pathSeparator + target.resolve("lib") + File.separator + "*";
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dsquall.home=" + target.getParent().getParent(), "-cp", cp, "io.squall.cli.Main"));
    cmd.addAll(List.of(args));
    return cmd;
  }

  static Result run(String stdin, String... args) throws Exception {
    Process p = new ProcessBuilder(squall(args)).start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("squall " + String.join(" ", args) + " did not finish within 30 s");
    }
    return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static void awaitPort(int port) throws Exception {
    for (int i = 0; i < 300; i++) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    throw new AssertionError("nothing listens on " + port);
  }

  @BeforeAll
  static void startEcho() throws Exception {
    echoPort = freePort();
    echo = new ProcessBuilder(squall("echo", "--port", String.valueOf(echoPort)))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    awaitPort(echoPort);
  }

  @AfterAll
  static void stopEcho() throws Exception {
    echo.destroy();
    if (!echo.waitFor(10, TimeUnit.SECONDS)) {
      echo.destroyForcibly();
    }
  }

  @Test
  void connectOncePrintsTheFirstReplyAndExitsZero() throws Exception {
    Result r = run("hello\n", "connect", "ws://127.0.0.1:" + echoPort + "/", "--once");
    assertThat(r.out()).isEqualTo("hello\n");
    assertThat(r.exit()).as(r.err()).isZero();
  }

  @Test
  void pipedConnectStreamsEveryLineThenClosesNormally() throws Exception {
    Result r = run("one\ntwo\nthree\n", "connect", "ws://127.0.0.1:" + echoPort + "/any/path");
    assertThat(r.out()).isEqualTo("one\ntwo\nthree\n");
    assertThat(r.exit()).as(r.err()).isZero();
  }

  @Test
  void connectSendsHeadersAndOrigin() throws Exception {
    Result r = run("hi\n", "connect", "ws://127.0.0.1:" + echoPort + "/", "--once", "--header", "X-Test: 1",
        "--origin", "http://127.0.0.1:" + echoPort);
    assertThat(r.out()).isEqualTo("hi\n");
  }

  @Test
  void refusedConnectionFailsWithOneLine() throws Exception {
    Result r = run("", "connect", "ws://127.0.0.1:" + freePort() + "/");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().strip()).startsWith("squall connect: cannot connect to ws://127.0.0.1:").doesNotContain("\n");
  }

  @Test
  void refusedHandshakeNamesTheStatus() throws Exception {
    Result r = run("", "connect", "ws://127.0.0.1:" + echoPort + "/", "--origin", "http://evil.example");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().strip()).endsWith("Expected 101 Switching Protocols, got 403 Forbidden.");
  }

  @Test
  void badFlagsGetAOneLineMessageAndExitTwo() throws Exception {
    Result r = run("", "chat", "--bogus");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("squall chat: Unknown option: '--bogus' (see: squall chat --help)");
    Result b = run("", "connect", "ws://127.0.0.1:1/", "--binary-as", "octal");
    assertThat(b.exit()).isEqualTo(1);
    assertThat(b.err().strip()).isEqualTo("squall connect: --binary-as must be hex or base64, got 'octal'");
  }

  @Test
  void helpListsTheSubcommands() throws Exception {
    Result r = run("", "--help");
    assertThat(r.out()).contains("chat", "echo", "connect");
    assertThat(Files.exists(Path.of("target", "squall-cli.jar"))).isTrue();
  }
}
