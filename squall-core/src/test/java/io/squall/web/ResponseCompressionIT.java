package io.squall.web;

import static io.squall.http.GzipBytes.gunzip;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code compress_response}: pages, JSON, errors and static files go gzip to clients that take it, validators kept right. */
class ResponseCompressionIT {
  @TempDir static Path root;
  static Application app;
  static Application plain;
  static WebClient client;
  static byte[] script;

  public static class Page extends RequestHandler {
    @Override
    public void get() {
      if (getArgument("json", null) != null) {
        write(Map.of("lines", List.of(lines(200).split("\n"))));
      } else if (getArgument("missing", null) != null) {
        throw new io.squall.http.HttpException(404, "No page " + lines(100));
      } else {
        finish(lines(300));
      }
    }
  }

  static String lines(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append("<p>[12:00:00] 127.0.0.1 : message number ").append(i).append("</p>\n");
    }
    return sb.toString();
  }

  @BeforeAll
  static void start() throws IOException {
    script = lines(5000).getBytes(StandardCharsets.UTF_8); // past one 64 KiB file chunk
    Files.write(root.resolve("app.js"), script);
    Files.write(root.resolve("tiny.css"), "p{}".getBytes(StandardCharsets.UTF_8));
    Files.write(root.resolve("photo.png"), script);
    app = Application.builder().route("/page", Page.class)
        .setting(Settings.STATIC_PATH, root).setting(Settings.COMPRESS_RESPONSE, true)
        .build().listen("127.0.0.1", 0);
    plain = Application.builder().route("/page", Page.class).build().listen("127.0.0.1", 0);
    client = new WebClient(app);
  }

  @AfterAll
  static void stop() {
    app.stop();
    plain.stop();
  }

  @Test
  void aPageJsonAndAnErrorPageGoGzip() throws IOException {
    HttpResponse<byte[]> page = client.getBytes("/page", "Accept-Encoding", "gzip");
    assertThat(page.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(new String(gunzip(page.body()), StandardCharsets.UTF_8)).isEqualTo(lines(300));
    String etag = page.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).startsWith("W/\"");
    HttpResponse<byte[]> unchanged = client.getBytes("/page", "Accept-Encoding", "gzip", "If-None-Match", etag);
    assertThat(unchanged.statusCode()).isEqualTo(304);
    assertThat(unchanged.headers().firstValue("Vary")).hasValue("Accept-Encoding");
    HttpResponse<byte[]> json = client.getBytes("/page?json=1", "Accept-Encoding", "gzip");
    assertThat(json.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(new String(gunzip(json.body()), StandardCharsets.UTF_8)).startsWith("{\"lines\":[\"<p>[12:00:00]");
    HttpResponse<byte[]> missing = client.getBytes("/page?missing=1", "Accept-Encoding", "gzip");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(new String(gunzip(missing.body()), StandardCharsets.UTF_8)).contains("message number 99");
  }

  @Test
  void withoutTheSettingNothingIsCompressed() {
    HttpResponse<byte[]> page = new WebClient(plain).getBytes("/page", "Accept-Encoding", "gzip");
    assertThat(page.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(page.headers().firstValue("Vary")).isEmpty();
    assertThat(new String(page.body(), StandardCharsets.UTF_8)).isEqualTo(lines(300));
  }

  @Test
  void aStaticFileGoesGzipWithAWeakEtagThatStillRevalidates() throws IOException {
    HttpResponse<byte[]> first = client.getBytes("/static/app.js", "Accept-Encoding", "gzip");
    assertThat(first.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(first.headers().firstValue("Vary")).hasValue("Accept-Encoding");
    assertThat(gunzip(first.body())).isEqualTo(script);
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).startsWith("W/\"");
    HttpResponse<byte[]> again = client.getBytes("/static/app.js", "Accept-Encoding", "gzip", "If-None-Match", etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.headers().firstValue("Vary")).hasValue("Accept-Encoding");
    assertThat(again.body()).isEmpty();
  }

  @Test
  void aRangeIsServedFromTheIdentityBytes() {
    HttpResponse<byte[]> part = client.getBytes("/static/app.js", "Accept-Encoding", "gzip", "Range", "bytes=100-199");
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(script, 100, 200));
    // The gzip form's weak validator never pairs with identity bytes: the whole file comes instead.
    String weak = client.getBytes("/static/app.js", "Accept-Encoding", "gzip").headers().firstValue("ETag").orElseThrow();
    HttpResponse<byte[]> whole = client.getBytes("/static/app.js", "Range", "bytes=100-199", "If-Range", weak);
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.body()).isEqualTo(script);
  }

  @Test
  void tinyAndBinaryFilesGoAsTheyAre() throws IOException {
    HttpResponse<byte[]> css = client.getBytes("/static/tiny.css", "Accept-Encoding", "gzip");
    assertThat(css.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(css.headers().firstValue("ETag").orElseThrow()).startsWith("\"");
    assertThat(css.body()).isEqualTo("p{}".getBytes(StandardCharsets.UTF_8));
    HttpResponse<byte[]> png = client.getBytes("/static/photo.png", "Accept-Encoding", "gzip");
    assertThat(png.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(png.body()).isEqualTo(Files.readAllBytes(root.resolve("photo.png")));
  }
}
