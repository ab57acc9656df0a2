package io.squall.interop.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** An independent WebSocket server (Python, Tornado or Node) run as a child process on a free loopback port. */
final class EchoServerProcess implements AutoCloseable {
  final int port;
  private final Process process;
  private final StringBuilder output = new StringBuilder();

  EchoServerProcess(String interpreter, String script, String debianPackage, Map<String, String> env) throws Exception {
    if (!Files.isExecutable(Path.of(interpreter))) {
      throw new AssertionError(interpreter + " is missing: install the Debian package " + debianPackage + " (./squall test does).");
    }
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path path = Path.of(EchoServerProcess.class.getResource("/interop/servers/" + script).toURI());
    ProcessBuilder pb = new ProcessBuilder(interpreter, path.toString(), String.valueOf(port)).redirectErrorStream(true);
    pb.environment().putAll(env);
    process = pb.start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
      try {
        String line;
        while ((line = out.readLine()) != null) {
          synchronized (output) {
            output.append(line).append('\n');
          }
          if (line.equals("listening " + port)) {
            Thread.ofVirtual().start(() -> drain(out));
            return line;
          }
        }
        return null;
      } catch (IOException e) {
        return null;
      }
    });
    String line = ready.get(20, TimeUnit.SECONDS);
    if (line == null) {
      throw new AssertionError(script + " did not start (is " + debianPackage + " installed?):\n" + output());
    }
  }

  private void drain(BufferedReader out) {
    try {
      String line;
      while ((line = out.readLine()) != null) {
        synchronized (output) {
          output.append(line).append('\n');
        }
      }
    } catch (IOException ignored) {
      // process ended
    }
  }

  String output() {
    synchronized (output) {
      return output.toString();
    }
  }

  String url() {
    return "ws://127.0.0.1:" + port + "/echo";
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
