package io.squall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import io.squall.examples.EchoSocket;
import io.squall.net.TestCertificates;
import io.squall.redis.RedisServer;
import io.squall.web.Application;
import io.squall.web.Settings;
import io.squall.websocket.WebSocketCompression;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
  void connectRefusesHeadersAndOptionsThatWouldSpoilTheHandshakeInOneLine() throws Exception {
    String url = "ws://127.0.0.1:" + echoPort + "/";
    Result host = run("", "connect", url, "--header", "Host: evil.example");
    assertThat(host.exit()).isEqualTo(1);
    assertThat(host.err().strip()).isEqualTo("squall connect: --header: Header 'Host' is written by the WebSocket client itself.");
    Result protocol = run("", "connect", url, "--subprotocol", "x,y");
    assertThat(protocol.err().strip()).isEqualTo("squall connect: --subprotocol: Subprotocol 'x,y' is not a token (RFC 6455 §4.1).");
    Result timeout = run("", "connect", url, "--connect-timeout", "-1");
    assertThat(timeout.err().strip()).isEqualTo("squall connect: --connect-timeout must be more than 0 seconds, got -1.0");
  }

  @Test
  void chatWithoutItsPageSaysSoInOneLineInsteadOfServing500s() throws Exception {
    Path empty = Files.createTempDirectory("no-web-root");
    try {
      Result r = run("", "chat", "--port", String.valueOf(freePort()), "--web-root", empty.toString());
      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.err().strip()).isEqualTo("squall chat: no chat page in " + empty.toAbsolutePath()
          + " (templates/index.html is missing): check --web-root");
    } finally {
      Files.delete(empty);
    }
  }

  @Test
  void aPortAlreadyTakenIsOneLineAndExitOneNotAStackTrace() throws Exception {
    String taken = String.valueOf(echoPort); // the echo server of this class holds it
    Result echoAgain = run("", "echo", "--port", taken);
    Result chat = run("", "chat", "--host", "127.0.0.1", "--port", taken);
    assertThat(echoAgain.exit()).isEqualTo(1);
    assertThat(echoAgain.err().strip())
        .isEqualTo("squall echo: Cannot listen on /127.0.0.1:" + taken + ": Address already in use");
    assertThat(chat.exit()).isEqualTo(1);
    assertThat(chat.err().lines().filter(l -> l.startsWith("squall chat:")).toList())
        .containsExactly("squall chat: Cannot listen on /127.0.0.1:" + taken + ": Address already in use");
    assertThat(chat.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void chatOnAUnixSocketServesThereAndRemovesItsFileWhenStopped(@TempDir Path dir) throws Exception {
    Path socket = dir.resolve("chat.sock");
    Path log = dir.resolve("chat.log");
    Process chat = new ProcessBuilder(squall("chat", "--unix-socket", socket.toString(), "--trusted-proxy", "unix:",
            "--cookie-secret", "cli-test"))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(log.toFile()).start();
    try {
      awaitLine(log, "Chat listening on unix:" + socket);
      String health;
      try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
        ch.write(ByteBuffer.wrap("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        health = new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
      }
      assertThat(health).startsWith("HTTP/1.1 200 ").contains("\"status\":\"ok\"");
      assertThat(Files.readString(log)).as("no TCP port without --port").doesNotContain("Chat listening on 0.0.0.0");
      Result said = run("through the socket\n", "connect", "--unix-socket", socket.toString(), "ws://localhost/message", "--once");
      assertThat(said.exit()).as(said.err()).isZero();
      assertThat(said.out().strip()).as("no X-Real-IP: the peer with no address, as Tornado shows it")
          .matches("\\[\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}] 0\\.0\\.0\\.0 : through the socket");
    } finally {
      chat.destroy();
      if (!chat.waitFor(10, TimeUnit.SECONDS)) {
        chat.destroyForcibly();
      }
    }
    assertThat(socket).doesNotExist();
  }

  @Test
  void aUnixSocketThatCannotBeHadIsOneLineAndExitOne() throws Exception {
    Path file = Files.createTempFile("not-a-socket", ".txt");
    try {
      Result r = run("", "chat", "--unix-socket", file.toString());
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err().lines().filter(l -> l.startsWith("squall chat:")).toList())
          .containsExactly("squall chat: Cannot listen on unix:" + file + ": " + file + " exists and is not a socket");
      assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    } finally {
      Files.delete(file);
    }
  }

  @Test
  void chatWithAnUnreachableOrMalformedRedisSaysSoInOneLine() throws Exception {
    int closed = freePort();
    Result unreachable = run("", "chat", "--port", String.valueOf(freePort()), "--redis", "redis://127.0.0.1:" + closed);
    assertThat(unreachable.exit()).isEqualTo(1);
    assertThat(unreachable.err().lines().filter(l -> l.startsWith("squall chat:")).toList())
        .singleElement().asString().startsWith("squall chat: Cannot connect to Redis at 127.0.0.1:" + closed + ": ");
    Result malformed = run("", "chat", "--redis", "127.0.0.1:6379");
    assertThat(malformed.exit()).isEqualTo(2);
    assertThat(malformed.err().strip())
        .isEqualTo("squall chat: --redis must be redis://host:port or rediss://host:port, got '127.0.0.1:6379'");
  }

  @Test
  void aNewChatWithReusePortStartsOnThePortOfARunningOneThatThenStops(@TempDir Path dir) throws Exception {
    int port = freePort();
    List<Process> chats = new ArrayList<>();
    try {
      for (String name : List.of("old", "new")) {
        Path log = dir.resolve(name + ".log");
        chats.add(new ProcessBuilder(squall("chat", "--host", "127.0.0.1", "--port", String.valueOf(port), "--reuse-port",
                "--cookie-secret", "cli-test"))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(log.toFile()).start());
        awaitLine(log, "Chat listening on 127.0.0.1 port " + port);
      }
      Process old = chats.get(0);
      old.destroy(); // SIGTERM: its sockets get 1001, the pages reconnect, to the new one
      assertThat(old.waitFor(15, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 20; i++) {
        awaitHealth(port, "\"status\":\"ok\"");
      }
      assertThat(chats.get(1).isAlive()).isTrue();
    } finally {
      for (Process p : chats) {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
  }

  @Test
  void twoChatProcessesOnOneRedisShareTheRoom() throws Exception {
    try (RedisServer redis = RedisServer.start()) {
      int portA = freePort();
      int portB = freePort();
      List<Process> chats = new ArrayList<>();
      try {
        for (int port : new int[] {portA, portB}) {
          chats.add(new ProcessBuilder(squall("chat", "--host", "127.0.0.1", "--port", String.valueOf(port), "--redis", redis.uri(),
                  "--cookie-secret", "cli-test"))
              .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start());
          awaitPort(port);
        }
        Process listener = new ProcessBuilder(squall("connect", "ws://127.0.0.1:" + portB + "/message", "--once"))
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
          awaitSubscribedListener(portB);
          Result sent = run("hello from A\n", "connect", "ws://127.0.0.1:" + portA + "/message", "--once");
          assertThat(sent.exit()).isZero();
          assertThat(listener.waitFor(20, TimeUnit.SECONDS)).isTrue();
          assertThat(new String(listener.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip())
              .matches("\\[\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}] 127\\.0\\.0\\.1 : hello from A");
        } finally {
          listener.destroyForcibly();
        }
      } finally {
        for (Process p : chats) {
          p.destroy();
          if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
          }
        }
      }
    }
  }

  @Test
  void chatLogsARedisOutageOnceAndItsEndOnce() throws Exception {
    try (RedisServer redis = RedisServer.start()) {
      int port = freePort();
      Path log = Files.createTempFile("squall-chat-", ".log");
      Process chat = new ProcessBuilder(squall("chat", "--host", "127.0.0.1", "--port", String.valueOf(port), "--redis", redis.uri(),
              "--cookie-secret", "cli-test"))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(log.toFile()).start();
      try {
        awaitPort(port);
        redis.kill();
        awaitLine(log, "Lost the connection to Redis");
        Thread.sleep(12_000); // Lettuce retries every 2 s at most and would say so every 5 s
        redis.restart();
        awaitLine(log, "Reconnected to Redis");
        awaitHealth(port, "\"status\":\"ok\"");
      } finally {
        chat.destroy();
        if (!chat.waitFor(10, TimeUnit.SECONDS)) {
          chat.destroyForcibly();
        }
      }
      List<String> lines = Files.readAllLines(log);
      Files.delete(log);
      assertThat(lines).filteredOn(l -> l.contains("Lost the connection to Redis")).hasSize(1);
      assertThat(lines).filteredOn(l -> l.contains("Reconnected to Redis")).hasSize(1);
      assertThat(lines).noneMatch(l -> l.contains("Cannot reconnect"));
    }
  }

  private static void awaitLine(Path log, String text) throws Exception {
    for (int i = 0; i < 300; i++) {
      if (Files.readString(log).contains(text)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no line with '" + text + "' in " + Files.readString(log));
  }

  /** Waits until node B's /healthz counts the listening socket. */
  private static void awaitSubscribedListener(int port) throws Exception {
    awaitHealth(port, "\"connections\":1");
  }

  private static void awaitHealth(int port, String text) throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.http.HttpRequest health = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/healthz")).build();
    for (int i = 0; i < 200; i++) {
      if (http.send(health, java.net.http.HttpResponse.BodyHandlers.ofString()).body().contains(text)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("/healthz on port " + port + " never said " + text);
  }

  @Test
  void echoWithCompressAcceptsAPermessageDeflateOffer() throws Exception {
    int port = freePort();
    Process echoCompressing = new ProcessBuilder(squall("echo", "--port", String.valueOf(port), "--compress"))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      awaitPort(port);
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        s.setSoTimeout(10_000);
        StringBuilder head = new StringBuilder();
        java.io.InputStream in = s.getInputStream();
        while (head.indexOf("\r\n\r\n") < 0) {
          int b = in.read();
          if (b < 0) {
            break;
          }
          head.append((char) b);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101 ").contains("Sec-WebSocket-Extensions: permessage-deflate");
      }
    } finally {
      echoCompressing.destroy();
      echoCompressing.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** A wss:// server with a self-signed certificate, compressing, recording whether each socket agreed to compression. */
  private static Application tlsEcho(List<Boolean> compressed) {
    return Application.builder()
        .route("/echo", () -> new EchoSocket() {
          @Override
          public void open() {
            compressed.add(isCompressed());
          }
        })
        .setting(Settings.SSL_OPTIONS, TestCertificates.loopback().serverContext())
        .setting(Settings.WEBSOCKET_COMPRESSION, WebSocketCompression.on())
        .build().listen("127.0.0.1", 0);
  }

  @Test
  void connectTrustsTheCacertAndOffersCompressionOverWss() throws Exception {
    List<Boolean> compressed = new java.util.concurrent.CopyOnWriteArrayList<>();
    Application tls = tlsEcho(compressed);
    try {
      String url = "wss://127.0.0.1:" + tls.port() + "/echo";
      Result r = run("hello over tls\n", "connect", url, "--cacert", TestCertificates.loopback().pem().toString(), "--compress", "--once");
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out().strip()).isEqualTo("hello over tls");
      assertThat(compressed).containsExactly(true);

      Result untrusted = run("", "connect", url, "--once");
      assertThat(untrusted.exit()).isEqualTo(1);
      assertThat(untrusted.err().strip()).startsWith("squall connect: cannot connect to " + url + ": ")
          .contains("unable to find valid certification path").doesNotContain("\n");
      Result missing = run("", "connect", url, "--cacert", "/nonexistent.pem");
      assertThat(missing.exit()).isEqualTo(1);
      assertThat(missing.err().strip()).startsWith("squall connect: cannot use --cacert /nonexistent.pem: ");
    } finally {
      tls.stop();
    }
  }

  @Test
  void helpListsTheSubcommands() throws Exception {
    Result r = run("", "--help");
    assertThat(r.out()).contains("chat", "echo", "connect");
    assertThat(Files.exists(Path.of("target", "squall-cli.jar"))).isTrue();
  }
}
