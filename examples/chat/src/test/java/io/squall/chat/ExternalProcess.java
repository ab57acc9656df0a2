package io.squall.chat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A program a test starts (python, nginx, openssl): its stdout lines arrive in a queue and, with
 * its stderr, in a log file under {@code target/chat-it/logs/}; {@link #close()} stops it and
 * every process it started, waiting at most a few seconds.
 *
 * <p>Thread rule: one test thread uses it; a daemon thread reads stdout.
 */
final class ExternalProcess implements AutoCloseable {
  private static final String EOF = "\u0000eof";

  private final String name;
  private final Process process;
  private final Path log;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final Writer stdin;

  private ExternalProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readStdout, name + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code command}; {@code name} labels its log file and failure messages. */
  static ExternalProcess start(String name, List<String> command) {
    try {
      Path logs = Files.createDirectories(TestPaths.artifacts().resolve("logs"));
      Path log = logs.resolve(name + "-" + System.nanoTime() + ".log");
      Files.writeString(log, "$ " + String.join(" ", command) + "\n");
      Process p = new ProcessBuilder(command)
          .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
      return new ExternalProcess(name, p, log);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + name + ": " + command, e);
    }
  }

  private void readStdout() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        Files.writeString(log, line + "\n", StandardOpenOption.APPEND);
        lines.add(line);
      }
    } catch (IOException e) {
      // the process went away; EOF below says so
    } finally {
      lines.add(EOF);
    }
  }

  /** The next stdout line; fails, quoting the log, when none comes in time or the output ended. */
  String nextLine(Duration timeout) {
    String line;
    try {
      line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while waiting for " + name, e);
    }
    if (line == null) {
      throw new AssertionError(name + " printed no line within " + timeout.toMillis() + " ms. " + logText());
    }
    if (line.equals(EOF)) {
      lines.add(EOF);
      throw new AssertionError(name + " ended its output. " + logText());
    }
    return line;
  }

  void writeLine(String line) {
    try {
      stdin.write(line + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write to " + name + ". " + logText(), e);
    }
  }

  void closeStdin() {
    try {
      stdin.close();
    } catch (IOException e) {
      // already gone
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the exit; returns the exit code, failing when it takes longer than {@code timeout}. */
  int waitFor(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(name + " still runs after " + timeout.toMillis() + " ms. " + logText());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while waiting for " + name, e);
    }
  }

  String logText() {
    try {
      return "Log " + log + ":\n" + Files.readString(log);
    } catch (IOException e) {
      return "Log " + log + " unreadable: " + e;
    }
  }

  /** Stops the process (SIGTERM, then SIGKILL after 5 s) and whatever it started. */
  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    closeStdin();
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }
}
