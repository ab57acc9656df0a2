package io.squall.interop.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An independent WebSocket server run as a child process on a free loopback port: one of the
 * scripts in {@code src/test/resources/interop/servers}. Each takes the port (0 = any free one) and
 * a lifetime, prints {@code listening PORT} when ready, exits when its stdin closes, and
 * understands the text commands listed in its header ({@code close:CODE:REASON}, {@code
 * fragments:N}, {@code binfragments:N:SIZE}, {@code ping:PAYLOAD}, {@code lastclose?}); everything
 * else it echoes with its type. What the process prints is kept for failure messages.
 *
 * <p>Thread rule: start and close on the test thread; {@link #describe()} from any thread.
 */
final class InteropServer implements AutoCloseable {
  /** How long a server may take to print its port: they start in about a second (Go compiles first). */
  static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  /** The script exits by itself after this, should the JVM die without closing it. */
  static final int LIFETIME_SECONDS = 120;
  private static final Pattern LISTENING = Pattern.compile("listening (\\d+)");

  /**
   * One kind of server: its script, the command that runs it (an executable and its arguments
   * before the script), and the Debian packages that provide it.
   */
  record Kind(String name, String debianPackage, List<String> launcher, String script, Map<String, String> env) {
    static final Kind WEBSOCKETS = new Kind(
        "Python websockets", "python3-websockets", List.of("/usr/bin/python3"), "websockets_echo.py", Map.of());
    static final Kind TORNADO = new Kind(
        "Tornado", "python3-tornado", List.of("/usr/bin/python3"), "tornado_echo.py", Map.of());
    static final Kind NODE_WS = new Kind(
        "Node ws", "node-ws", List.of("/usr/bin/node"), "ws_echo.js", Map.of("NODE_PATH", "/usr/share/nodejs"));
    /** Built and run by Debian's Go in GOPATH mode, against Debian's copy of gorilla's source. */
    static final Kind GORILLA = gorilla(Map.of());
    static final Kind GORILLA_COMPRESSING = gorilla(Map.of("GORILLA_COMPRESSION", "1"));

    private static Kind gorilla(Map<String, String> extra) {
      Map<String, String> env = new java.util.HashMap<>(Map.of("GO111MODULE", "off", "GOPATH", "/usr/share/gocode",
          "GOCACHE", Path.of(System.getProperty("java.io.tmpdir"), "squall-go-build").toString()));
      env.putAll(extra);
      return new Kind("Go gorilla/websocket", "golang-go golang-github-gorilla-websocket-dev",
          List.of("/usr/bin/go", "run"), "gorilla_echo.go", Map.copyOf(env));
    }

    String executable() {
      return launcher.get(0);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private final Kind kind;
  private final Process process;
  /** Filled by the reader thread. */
  private final StringBuffer output = new StringBuffer();
  private final CompletableFuture<Integer> port = new CompletableFuture<>();

  private InteropServer(Kind kind, Process process) {
    this.kind = kind;
    this.process = process;
  }

  /** Starts the server and waits, bounded, for its port; fails naming the package when it cannot. */
  static InteropServer start(Kind kind) {
    String install = "it needs Debian's " + kind.debianPackage() + " (apt-get install "
        + kind.debianPackage() + "; the suite's installer provides it)";
    if (!Files.isExecutable(Path.of(kind.executable()))) {
      throw new AssertionError(kind + " server cannot run: " + kind.executable() + " is missing; " + install + ".");
    }
    List<String> command = new ArrayList<>(kind.launcher());
    command.addAll(List.of(script(kind.script()).toString(), "0", String.valueOf(LIFETIME_SECONDS)));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(kind.env());
    InteropServer server;
    try {
      server = new InteropServer(kind, pb.start());
    } catch (IOException e) {
      throw new AssertionError(kind + " server cannot run: " + e.getMessage() + "; " + install + ".", e);
    }
    Thread.ofPlatform().daemon().name("interop-" + kind.script()).start(server::readOutput);
    try {
      server.port.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      return server;
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      server.close();
      throw new AssertionError(kind + " server did not print 'listening PORT' within " + START_TIMEOUT.toSeconds()
          + " s; " + install + ".\n" + server.describe(), e);
    }
  }

  private static Path script(String name) {
    try {
      return Path.of(InteropServer.class.getResource("/interop/servers/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new AssertionError("Test resource /interop/servers/" + name + " is missing.", e);
    }
  }

  private void readOutput() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        output.append(line).append('\n');
        Matcher m = LISTENING.matcher(line);
        if (!port.isDone() && m.matches()) {
          port.complete(Integer.parseInt(m.group(1)));
        }
      }
    } catch (IOException e) {
      output.append("[reading output failed: ").append(e).append("]\n");
    }
    port.completeExceptionally(new IllegalStateException("exited before listening"));
  }

  URI uri(String path) {
    return URI.create("ws://127.0.0.1:" + port.join() + path);
  }

  /** The server's state and everything it printed, for an assertion message. */
  String describe() {
    String state = process.isAlive() ? "running" : "exited with " + process.exitValue();
    return "--- " + kind + " server (pid " + process.pid() + ", " + state + ") output ---\n" + output + "--- end ---";
  }

  /** Stops the process: closing stdin asks it to exit, then it is destroyed, forcibly if need be. */
  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(2, TimeUnit.SECONDS)) {
        process.destroy();
        if (!process.waitFor(3, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
        }
      }
    } catch (IOException | InterruptedException e) {
      process.destroyForcibly();
    }
  }
}
