package io.squall.chat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx (Debian nginx-light) in the foreground as a child process, with a generated
 * configuration that includes the shipped {@code deploy/nginx/squall-proxy.conf}. Loopback only.
 */
final class Nginx implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/sbin/nginx");
  final int port;
  final Path dir;
  private final Process process;

  /** Proxies {@code /chat/} to Squall at {@code upstreamPort} with the shipped directives, {@code /nohost/} without Host. */
  Nginx(Path dir, int upstreamPort) throws Exception {
    if (!Files.isExecutable(BINARY)) {
      throw new AssertionError("nginx is missing: install the Debian package nginx-light (./squall test does).");
    }
    this.dir = dir;
    this.port = freePort();
    Path snippet = deployDir().resolve("nginx/squall-proxy.conf").toAbsolutePath();
    for (String d : new String[] {"body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
      Files.createDirectories(dir.resolve(d));
    }
    String conf = """
        worker_processes 1;
        daemon off;
        user root;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log info;
        events { worker_connections 256; }
        http {
          access_log %1$s/access.log;
          client_body_temp_path %1$s/body;
          proxy_temp_path %1$s/proxy;
          fastcgi_temp_path %1$s/fastcgi;
          uwsgi_temp_path %1$s/uwsgi;
          scgi_temp_path %1$s/scgi;
          upstream squall_chat { server 127.0.0.1:%2$d; }
          server {
            listen 127.0.0.1:%3$d;
            location = /chat { return 301 /chat/; }
            location /chat/ {
              proxy_pass http://squall_chat/;
              include %4$s;
            }
            # The article's configuration alone: no Host forwarding (the "403 problem").
            location /nohost/ {
              proxy_pass http://squall_chat/;
              proxy_http_version 1.1;
              proxy_set_header Upgrade $http_upgrade;
              proxy_set_header Connection "Upgrade";
              proxy_set_header X-Real-IP $remote_addr;
            }
          }
        }
        """.formatted(dir.toAbsolutePath(), upstreamPort, port, snippet);
    Path file = dir.resolve("nginx.conf");
    Files.writeString(file, conf);
    this.process = new ProcessBuilder(BINARY.toString(), "-p", dir.toAbsolutePath().toString(), "-c", file.toAbsolutePath().toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
    awaitPort();
  }

  static Path deployDir() {
    Path here = Path.of("deploy");
    return Files.isDirectory(here) ? here : Path.of("examples", "chat", "deploy");
  }

  private void awaitPort() throws Exception {
    for (int i = 0; i < 200; i++) {
      if (!process.isAlive()) {
        throw new AssertionError("nginx exited: " + log());
      }
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        Thread.sleep(25);
      }
    }
    throw new AssertionError("nginx did not listen on " + port + ": " + log());
  }

  String log() throws IOException {
    Path err = dir.resolve("error.log");
    Path out = dir.resolve("stdout.log");
    return (Files.exists(out) ? Files.readString(out) : "") + (Files.exists(err) ? Files.readString(err) : "");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
