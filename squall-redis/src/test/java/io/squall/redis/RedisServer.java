package io.squall.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (Debian's {@code redis-server} package) on a free loopback port, in
 * memory only, for one test: started, stopped and restarted on the same port like an operator
 * would. Its output goes to {@code target/redis-PORT.log}.
 */
public final class RedisServer implements AutoCloseable {
  private static final Path BINARY = Path.of("/usr/bin/redis-server");
  private final int port;
  private final String password;
  private final Path dir;
  private volatile Process process;

  private RedisServer(int port, String password) throws IOException {
    this.port = port;
    this.password = password;
    this.dir = Files.createTempDirectory("squall-redis-");
    // A test that fails before closing this must not leave a Redis running after the JVM ends.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      Process p = process;
      if (p != null) {
        p.destroyForcibly();
      }
    }, "redis-server-reaper"));
  }

  /** Starts a Redis on a free loopback port and waits until it answers PING. */
  public static RedisServer start() throws IOException, InterruptedException {
    return start(null);
  }

  /** Starts a Redis that requires {@code password} (AUTH), or none when null. */
  public static RedisServer start(String password) throws IOException, InterruptedException {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is missing: apt-get install redis-server (./squall test installs it).");
    }
    int port;
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      port = s.getLocalPort();
    }
    RedisServer server = new RedisServer(port, password);
    server.startProcess();
    return server;
  }

  public int port() {
    return port;
  }

  /** The URI to connect with, the password in it when there is one. */
  public String uri() {
    return "redis://" + (password == null ? "" : ":" + password + "@") + "127.0.0.1:" + port;
  }

  private void startProcess() throws IOException, InterruptedException {
    Path log = Path.of("target", "redis-" + port + ".log").toAbsolutePath();
    Files.createDirectories(log.getParent());
    List<String> command = new java.util.ArrayList<>(List.of(BINARY.toString(),
        "--port", String.valueOf(port), "--bind", "127.0.0.1", "--protected-mode", "yes",
        "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString()));
    if (password != null) {
      command.addAll(List.of("--requirepass", password));
    }
    process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!answersPing()) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server exited with " + process.exitValue() + "; see " + log);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("redis-server did not answer PING within 10 s; see " + log);
      }
      Thread.sleep(20);
    }
  }

  private boolean answersPing() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      s.setSoTimeout(500);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      if (password != null) {
        out.write(("AUTH " + password + "\r\n").getBytes(StandardCharsets.US_ASCII));
        if (!new String(in.readNBytes(5), StandardCharsets.US_ASCII).equals("+OK\r\n")) {
          return false;
        }
      }
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] reply = in.readNBytes(7);
      return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
    } catch (IOException e) {
      return false;
    }
  }

  /** How many clients are subscribed to {@code channel}, as Redis counts them ({@code PUBSUB NUMSUB}). */
  public int subscribers(String channel) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      s.setSoTimeout(2000);
      String auth = password == null ? "" : "AUTH " + password + "\r\n";
      s.getOutputStream().write((auth + "PUBSUB NUMSUB " + channel + "\r\n").getBytes(StandardCharsets.US_ASCII));
      // *2 \r\n $len \r\n channel \r\n :N \r\n
      String reply = "";
      InputStream in = s.getInputStream();
      while (!reply.matches("(?s).*:\\d+\r\n")) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("Redis closed the connection after: " + reply);
        }
        reply += (char) b;
      }
      return Integer.parseInt(reply.substring(reply.lastIndexOf(':') + 1).trim());
    }
  }

  /** Kills the server (SIGKILL: no goodbye to the clients, as when a machine dies). */
  public void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Stops the server without closing its connections (SIGSTOP): a stalled Redis, as in a long fork or a lost network. */
  public void pause() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** Lets a paused server go on (SIGCONT). */
  public void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    int exit = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start().waitFor();
    if (exit != 0) {
      throw new IOException("kill -" + name + " " + process.pid() + " exited with " + exit);
    }
  }

  /** Starts it again on the same port, empty. */
  public void restart() throws IOException, InterruptedException {
    kill();
    startProcess();
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
