package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real client, Debian's curl, against the server. */
class CurlIT {
  static final Path CURL = Path.of("/usr/bin/curl");
  static TestHttpServer server;

  @BeforeAll
  static void start() {
    if (!Files.isExecutable(CURL)) {
      throw new AssertionError("curl is missing: install the Debian package curl (./squall test does).");
    }
    server = TestHttpServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String curl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(CURL.toString(), "-sS", "--max-time", "10"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out.replace("\r\n", "\n");
  }

  @Test
  void getShowsStatusHeadersAndBody() throws Exception {
    String out = curl("-i", server.uri("/hello").toString());
    assertThat(out).startsWith("HTTP/1.1 200 OK\n").contains("Server: Squall\n", "Content-Length: 12\n").endsWith("\n\nHello, world");
  }

  @Test
  void headGetsTheHeadersOnly() throws Exception {
    String out = curl("-I", server.uri("/hello").toString());
    assertThat(out).startsWith("HTTP/1.1 200 OK\n").contains("Content-Length: 12\n").endsWith("\n\n");
  }

  @Test
  void postWithExpectContinueDeliversTheBody() throws Exception {
    String out = curl("-H", "Expect: 100-continue", "--data-binary", "x".repeat(2000), server.uri("/echo").toString());
    assertThat(out).isEqualTo("POST /echo " + "x".repeat(2000));
  }

  @Test
  void http10RequestsWork() throws Exception {
    assertThat(curl("--http1.0", server.uri("/echo?v=1.0").toString())).isEqualTo("GET /echo?v=1.0 ");
  }

  @Test
  void chunkedResponsesAreDecoded() throws Exception {
    assertThat(curl(server.uri("/stream").toString())).isEqualTo("Hello, world");
  }
}
