package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A server told to compress sends gzip to the clients that take it, whole or streamed, and identity to the rest. */
class HttpCompressionIT {
  static final byte[] PAGE = page(20_000);
  static final int FILE_BYTES = 150_000;
  static final byte[] FILE = page(FILE_BYTES);
  static HttpServer server;
  static int port;
  /** The exchange of the /events request in flight, for the test to end. */
  static final CompletableFuture<HttpExchange> events = new CompletableFuture<>();

  static byte[] page(int bytes) {
    StringBuilder sb = new StringBuilder("<!doctype html><ul>\n");
    for (int i = 0; sb.length() < bytes; i++) {
      sb.append("<li class=\"message\">[12:00:").append(i % 60).append("] 127.0.0.1 : hello ").append(i).append("</li>\n");
    }
    return sb.substring(0, bytes).getBytes(StandardCharsets.UTF_8);
  }

  static Headers typed(String type) {
    return new Headers().set("Content-Type", type);
  }

  @BeforeAll
  static void start() {
    server = HttpServer.builder(HttpCompressionIT::handle).compressResponses(true).decompressRequests(true).build();
    port = server.listen("127.0.0.1", 0).getPort();
  }

  @AfterAll
  static void stop() {
    server.stop(Duration.ofSeconds(1));
  }

  private static void handle(HttpExchange exchange) {
    switch (exchange.request().path()) {
      case "/page" -> exchange.respond(200, typed("text/html; charset=UTF-8"), PAGE);
      case "/small" -> exchange.respond(200, typed("text/plain"), "hi".getBytes(StandardCharsets.US_ASCII));
      case "/png" -> exchange.respond(200, typed("image/png"), PAGE);
      case "/file" -> {
        // As a static file goes: its identity length declared, then the body in pieces.
        exchange.sendHeaders(200, typed("application/javascript").set("Content-Length", Integer.toString(FILE_BYTES)));
        for (int at = 0; at < FILE_BYTES; at += 65_536) {
          exchange.sendBody(ByteBuffer.wrap(FILE, at, Math.min(65_536, FILE_BYTES - at)));
        }
        exchange.finish();
      }
      case "/short" -> {
        exchange.sendHeaders(200, typed("text/plain").set("Content-Length", "5000"));
        exchange.sendBody(ByteBuffer.wrap(PAGE, 0, 100));
        exchange.finish();
      }
      case "/events" -> {
        exchange.sendHeaders(200, typed("text/event-stream"));
        exchange.sendBody(ByteBuffer.wrap("data: first\n\n".getBytes(StandardCharsets.UTF_8)));
        events.complete(exchange);
      }
      case "/echo-body" -> exchange.respond(200, typed("application/octet-stream")
          .set("X-Seen-Encoding", String.valueOf(exchange.request().header("X-Consumed-Content-Encoding"))),
          exchange.request().body());
      default -> exchange.respond(404, typed("text/plain"), new byte[0]);
    }
  }

  static RawResponse get(String path, String... headerLines) throws IOException {
    try (RawHttpClient c = RawHttpClient.connect(port)) {
      return c.send(request("GET", path, headerLines)).readResponse();
    }
  }

  static String request(String method, String path, String... headerLines) {
    StringBuilder sb = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (String line : headerLines) {
      sb.append(line).append("\r\n");
    }
    return sb.append("\r\n").toString();
  }

  /** Sends a request that takes gzip on {@code c} and reads the head of its answer, which must be gzip-encoded. */
  static RawResponse gzipHead(RawHttpClient c, String method, String path) throws IOException {
    c.send(request(method, path, "Accept-Encoding: gzip"));
    RawResponse head = RawResponse.parseHead(c.readHead());
    assertThat(head.header("Content-Encoding")).as(method + " " + path).isEqualTo("gzip");
    return head;
  }

  @Test
  void aWholeBodyGoesGzipWithItsCompressedLength() throws IOException {
    RawResponse r = get("/page", "Accept-Encoding: gzip, deflate, br");
    assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(r.header("Vary")).isEqualTo("Accept-Encoding");
    assertThat(r.header("Transfer-Encoding")).isNull();
    assertThat(Integer.parseInt(r.header("Content-Length"))).isEqualTo(r.body().length).isLessThan(PAGE.length / 4);
    assertThat(GzipBytes.gunzip(r.body())).isEqualTo(PAGE);
  }

  @Test
  void aClientThatDoesNotTakeGzipGetsTheBodyAsItIs() throws IOException {
    for (String[] accept : new String[][] {{}, {"Accept-Encoding: identity"}, {"Accept-Encoding: gzip;q=0, br"}}) {
      RawResponse r = get("/page", accept);
      assertThat(r.header("Content-Encoding")).as("%s", Arrays.toString(accept)).isNull();
      assertThat(r.header("Vary")).isEqualTo("Accept-Encoding");
      assertThat(r.body()).isEqualTo(PAGE);
    }
  }

  @Test
  void shortAndBinaryBodiesGoAsTheyAre() throws IOException {
    RawResponse small = get("/small", "Accept-Encoding: gzip");
    assertThat(small.header("Content-Encoding")).isNull();
    assertThat(small.text()).isEqualTo("hi");
    RawResponse png = get("/png", "Accept-Encoding: gzip");
    assertThat(png.header("Content-Encoding")).isNull();
    assertThat(png.header("Vary")).isNull();
    assertThat(png.body()).isEqualTo(PAGE);
  }

  @Test
  void aBodyStreamedUnderItsIdentityLengthGoesChunked() throws IOException {
    RawResponse r = get("/file", "Accept-Encoding: gzip");
    assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(r.header("Content-Length")).isNull();
    assertThat(r.header("Transfer-Encoding")).isEqualTo("chunked");
    assertThat(GzipBytes.gunzip(r.body())).isEqualTo(FILE);
  }

  @Test
  void anHttp10ClientGetsTheStreamedGzipUntilTheConnectionCloses() throws IOException {
    try (RawHttpClient c = RawHttpClient.connect(port)) {
      c.send("GET /file HTTP/1.0\r\nAccept-Encoding: gzip\r\n\r\n");
      RawResponse head = RawResponse.parseHead(c.readHead());
      assertThat(head.header("Content-Encoding")).isEqualTo("gzip");
      assertThat(head.header("Connection")).isEqualTo("close");
      assertThat(GzipBytes.gunzip(c.readUntilClose())).isEqualTo(FILE);
    }
  }

  @Test
  void eachFlushedPieceCanBeReadBeforeTheResponseEnds() throws Exception {
    try (RawHttpClient c = RawHttpClient.connect(port)) {
      gzipHead(c, "GET", "/events");
      Inflater inflater = new Inflater(true);
      byte[] first = c.readChunk();
      inflater.setInput(Arrays.copyOfRange(first, 10, first.length)); // past the 10-byte gzip header
      byte[] out = new byte[100];
      assertThat(new String(out, 0, inflater.inflate(out), StandardCharsets.UTF_8)).isEqualTo("data: first\n\n");
      HttpExchange exchange = events.get(5, TimeUnit.SECONDS);
      exchange.loop().execute(() -> {
        exchange.sendBody(ByteBuffer.wrap("data: second\n\n".getBytes(StandardCharsets.UTF_8)));
        exchange.finish();
      });
      inflater.setInput(c.readChunk());
      assertThat(new String(out, 0, inflater.inflate(out), StandardCharsets.UTF_8)).isEqualTo("data: second\n\n");
      inflater.setInput(c.readChunk()); // the last deflate block and the gzip trailer
      inflater.inflate(out);
      assertThat(inflater.finished()).isTrue();
      assertThat(c.readChunk()).isEmpty();
    }
  }

  @Test
  void headSaysWhatGetWouldSendWithoutABody() throws IOException {
    try (RawHttpClient c = RawHttpClient.connect(port)) {
      RawResponse page = gzipHead(c, "HEAD", "/page");
      assertThat(Integer.parseInt(page.header("Content-Length"))).isEqualTo(get("/page", "Accept-Encoding: gzip").body().length);
      RawResponse file = gzipHead(c, "HEAD", "/file");
      assertThat(file.header("Content-Length")).isNull();
      assertThat(file.header("Transfer-Encoding")).isNull();
      // No body came with either: the next answer on the connection starts right away.
      c.send(request("GET", "/small", "Accept-Encoding: gzip"));
      assertThat(c.readResponse().text()).isEqualTo("hi");
    }
  }

  @Test
  void aStreamShortOfItsDeclaredLengthIsCutWithoutAGzipTrailer() throws IOException {
    try (RawHttpClient c = RawHttpClient.connect(port)) {
      gzipHead(c, "GET", "/short");
      c.readChunk(); // the 100 bytes it did send
      assertThat(c.closesWithin(Duration.ofSeconds(5))).isTrue();
    }
  }

  @Test
  void aGzipRequestBodyReachesTheHandlerDecodedAndABombIsRefused() throws IOException {
    byte[] sent = GzipBytes.gzip(PAGE);
    try (RawHttpClient c = RawHttpClient.connect(port)) {
      c.send(request("POST", "/echo-body", "Content-Encoding: gzip", "Content-Length: " + sent.length)).send(sent);
      RawResponse r = c.readResponse();
      assertThat(r.header("X-Seen-Encoding")).isEqualTo("gzip");
      assertThat(r.body()).isEqualTo(PAGE);
      byte[] bomb = GzipBytes.gzip(new byte[101 << 20]);
      c.send(request("POST", "/echo-body", "Content-Encoding: gzip", "Content-Length: " + bomb.length)).send(bomb);
      assertThat(c.readResponse().status()).isEqualTo(413);
    }
  }

  @Test
  void curlDecodesWhatItAsksFor() throws Exception {
    assumeTrue(Files.isExecutable(HttpCurlIT.CURL), "curl is not installed at " + HttpCurlIT.CURL);
    for (String path : new String[] {"/page", "/file"}) {
      HttpCurlIT.Run run = HttpCurlIT.curl("--compressed", "-D", "-", "http://127.0.0.1:" + port + path);
      assertThat(run.exit()).as(run.err()).isZero();
      String[] headAndBody = run.out().split("\r\n\r\n", 2);
      assertThat(headAndBody[0]).contains("Content-Encoding: gzip");
      byte[] expected = path.equals("/page") ? PAGE : FILE;
      assertThat(headAndBody[1].getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(expected);
    }
  }
}
