package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real client, Debian's curl, against the server: the everyday requests and their exact answers. */
class HttpCurlIT {
  static final Path CURL = Path.of("/usr/bin/curl");
  static TestHttpServer server;
  static TestHttpServer small;

  /** What one curl run printed, and how long it took. */
  record Run(int exit, String out, String err, long millis) {}

  @BeforeAll
  static void start() {
    assumeTrue(Files.isExecutable(CURL), "curl is not installed at " + CURL);
    server = TestHttpServer.start();
    small = TestHttpServer.start(HttpLimits.defaults().withMaxBodyBytes(1024));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
      small.close();
    }
  }

  /** Runs curl against loopback only, bounded to 10 s by curl and 15 s by us. */
  static Run curl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(CURL.toString(), "--noproxy", "*", "--max-time", "10", "-sS"));
    command.addAll(List.of(args));
    long start = System.nanoTime();
    Process p = new ProcessBuilder(command).start();
    p.getOutputStream().close();
    CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
    if (!p.waitFor(15, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("curl did not finish within 15 s: " + command);
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    return new Run(p.exitValue(), new String(out.join(), StandardCharsets.ISO_8859_1),
        new String(err.join(), StandardCharsets.ISO_8859_1), millis);
  }

  private static byte[] readAll(java.io.InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  static String url(TestHttpServer s, String path) {
    return s.uri(path).toString();
  }

  @Test
  void getShowsStatusHeadersAndBody() throws Exception {
    Run run = curl("-i", url(server, "/hello"));
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\nServer: Squall\r\n")
        .contains("\r\nContent-Length: 12\r\n").endsWith("\r\n\r\nHello, world");
  }

  @Test
  void headShowsTheHeadersOnly() throws Exception {
    Run run = curl("-I", url(server, "/hello"));
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\nContent-Length: 12\r\n")
        .contains("\r\nDate: ").endsWith("\r\n\r\n");
  }

  @Test
  void postWithExpectContinueGets100AtOnceThenTheAnswer() throws Exception {
    // curl waits up to --expect100-timeout for the 100 before sending the body anyway.
    Run run = curl("-i", "--expect100-timeout", "6", "-H", "Expect: 100-continue", "--data", "name=value",
        url(server, "/echo"));
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n")
        .endsWith("\r\n\r\nPOST /echo name=value");
    assertThat(run.millis()).isLessThan(5_000);
  }

  @Test
  void uploadOverTheLimitGets413InsteadOf100(@TempDir Path dir) throws Exception {
    Path big = Files.write(dir.resolve("big.bin"), new byte[1 << 20]);
    Run run = curl("-i", "--expect100-timeout", "6", "-H", "Expect: 100-continue", "--data-binary", "@" + big,
        url(small, "/echo"));
    assertThat(run.out()).startsWith("HTTP/1.1 413 Content Too Large\r\n").contains("\r\nConnection: close\r\n")
        .endsWith("413 Content Too Large: Body of 1048576 bytes exceeds maxBodyBytes 1024.\n");
    assertThat(run.millis()).isLessThan(5_000);
  }

  @Test
  void chunkedUploadIsDecoded(@TempDir Path dir) throws Exception {
    Path body = Files.writeString(dir.resolve("body.txt"), "chunked body");
    Run run = curl("-H", "Transfer-Encoding: chunked", "--data-binary", "@" + body, url(server, "/echo"));
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("POST /echo chunked body");
  }

  @Test
  void http10RequestIsAnsweredAndClosed() throws Exception {
    Run run = curl("-i", "--http1.0", url(server, "/hello"));
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\nConnection: close\r\n")
        .endsWith("\r\n\r\nHello, world");
  }

  @Test
  void http10GetsAStreamedBodyDelimitedByClose() throws Exception {
    Run run = curl("-i", "--http1.0", url(server, "/stream"));
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("HTTP/1.1 200 OK\r\n").doesNotContain("Transfer-Encoding")
        .endsWith("\r\n\r\nHello, world");
  }

  @Test
  void chunkedResponseIsReassembled() throws Exception {
    Run run = curl("-i", url(server, "/stream"));
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("\r\nTransfer-Encoding: chunked\r\n").endsWith("\r\n\r\nHello, world");
  }

  @Test
  void keepAliveConnectionIsReused() throws Exception {
    Run run = curl("-v", url(server, "/echo?n=1"), url(server, "/echo?n=2"), url(server, "/stream"));
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("GET /echo?n=1 GET /echo?n=2 Hello, world");
    assertThat(run.err()).containsOnlyOnce("Connected to 127.0.0.1").contains("Re-using existing connection");
  }
}
