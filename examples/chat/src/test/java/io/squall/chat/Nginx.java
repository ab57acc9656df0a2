package io.squall.chat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real nginx (Debian's {@code nginx-light}) in the foreground, with a generated configuration
 * whose pid file, logs and temp folders all live in a fresh folder under {@code target/chat-it/}.
 * {@link #close()} stops it.
 *
 * <p>Thread rule: one test class.
 */
final class Nginx implements AutoCloseable {
  static final String BINARY = "/usr/sbin/nginx";

  private final Path dir;
  private final ExternalProcess process;

  private Nginx(Path dir, ExternalProcess process) {
    this.dir = dir;
    this.process = process;
  }

  /**
   * Starts nginx with {@code http} as the body of its {@code http {}} block and waits until every
   * port in {@code ports} accepts connections on 127.0.0.1.
   */
  static Nginx start(String http, int... ports) {
    return start("", http, ports);
  }

  /** The same with {@code main} (directives of nginx's main context, such as {@code user}) first. */
  static Nginx start(String main, String http, int... ports) {
    Path dir = TestPaths.newFolder("nginx-");
    String conf = main + """
        daemon off;
        worker_processes 1;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log info;
        events { worker_connections 256; }
        http {
          access_log %1$s/access.log;
          client_body_temp_path %1$s/tmp/body;
          proxy_temp_path %1$s/tmp/proxy;
          fastcgi_temp_path %1$s/tmp/fastcgi;
          uwsgi_temp_path %1$s/tmp/uwsgi;
          scgi_temp_path %1$s/tmp/scgi;
        %2$s
        }
        """.formatted(dir, http.indent(2));
    try {
      Files.createDirectories(dir.resolve("tmp"));
      Files.writeString(dir.resolve("nginx.conf"), conf);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ExternalProcess p = ExternalProcess.start("nginx",
        List.of(BINARY, "-p", dir.toString(), "-e", dir.resolve("error.log").toString(), "-c", dir.resolve("nginx.conf").toString()));
    Nginx nginx = new Nginx(dir, p);
    try {
      for (int port : ports) {
        nginx.awaitListening(port, Duration.ofSeconds(10));
      }
    } catch (RuntimeException | AssertionError e) {
      nginx.close();
      throw e;
    }
    return nginx;
  }

  private void awaitListening(int port, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new AssertionError("nginx exited at start. " + errorLog());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("nginx does not listen on " + port + " after " + timeout.toMillis() + " ms. " + errorLog());
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new AssertionError(ie);
        }
      }
    }
  }

  /** nginx's error log (what it says when it refuses a configuration or loses an upstream). */
  String errorLog() {
    try {
      Path log = dir.resolve("error.log");
      return "nginx error log " + log + ":\n" + (Files.exists(log) ? Files.readString(log) : "(none)") + "\n" + process.logText();
    } catch (IOException e) {
      return "nginx error log unreadable: " + e;
    }
  }

  @Override
  public void close() {
    process.close();
  }
}
