package io.squall.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code static_path} served end to end: headers, conditional and range requests, and containment. */
class StaticFileHandlerIT {
  static final String CSS = "body { color: red; }\n";
  static final String SECRET = "TOP SECRET";
  @TempDir static Path root;
  static Application app;
  static WebClient http;

  /** Writes {@code staticUrl} of the file its path names. */
  public static final class UrlOf extends RequestHandler {
    @Override
    public void get() {
      write(staticUrl(pathArg(0)));
    }
  }

  @BeforeAll
  static void start() throws IOException {
    Path statics = Files.createDirectories(root.resolve("static"));
    Files.writeString(statics.resolve("app.css"), CSS);
    Files.writeString(statics.resolve("robots.txt"), "User-agent: *\n");
    Files.write(statics.resolve("favicon.ico"), new byte[] {0, 0, 1, 0});
    Files.writeString(Files.createDirectories(statics.resolve("sub")).resolve("inner.txt"), "inner");
    Files.writeString(root.resolve("secret.txt"), SECRET);
    Files.createSymbolicLink(statics.resolve("link.txt"), root.resolve("secret.txt"));
    Files.createSymbolicLink(statics.resolve("up"), root);
    app = Application.builder()
        .route("/url/(.+)", UrlOf.class)
        .setting(Settings.STATIC_PATH, statics)
        .build()
        .listen("127.0.0.1", 0);
    http = new WebClient(app);
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  @Test
  void servesAFileWithValidatorsAndCachingHeaders() {
    HttpResponse<String> r = http.get("/static/app.css");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(CSS);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/css; charset=UTF-8");
    assertThat(r.headers().firstValue("Content-Length")).hasValue(Integer.toString(CSS.length()));
    assertThat(r.headers().firstValue("ETag").orElseThrow()).matches("\"[0-9a-f]{32}\"");
    String modified = r.headers().firstValue("Last-Modified").orElseThrow();
    assertThat(ZonedDateTime.parse(modified, DateTimeFormatter.RFC_1123_DATE_TIME)).isNotNull();
    assertThat(r.headers().firstValue("Accept-Ranges")).hasValue("bytes");
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache");
  }

  @Test
  void matchingETagAnswers304WithoutBody() throws IOException {
    String etag = http.get("/static/app.css").headers().firstValue("ETag").orElseThrow();
    String answer = RawHttp.exchange(app, "GET /static/app.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        + "If-None-Match: \"other\", W/" + etag + "\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 304 Not Modified\r\n").contains("\r\nETag: " + etag + "\r\n");
    assertThat(RawHttp.head(answer)).doesNotContain("Content-Length").doesNotContain("\r\nContent-Type:");
    assertThat(RawHttp.body(answer)).isEmpty();
    assertThat(http.get("/static/app.css", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
  }

  @Test
  void unchangedSinceLastModifiedAnswers304() {
    String modified = http.get("/static/app.css").headers().firstValue("Last-Modified").orElseThrow();
    HttpResponse<String> r = http.get("/static/app.css", "If-Modified-Since", modified);
    assertThat(r.statusCode()).isEqualTo(304);
    assertThat(r.body()).isEmpty();
    assertThat(http.get("/static/app.css", "If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT").statusCode())
        .isEqualTo(200);
    // the same date in the obsolete forms a server MUST also accept (RFC 9110 §5.6.7)
    ZonedDateTime date = ZonedDateTime.parse(modified, DateTimeFormatter.RFC_1123_DATE_TIME);
    String rfc850 = date.format(DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US));
    String asctime = date.format(DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US));
    assertThat(http.get("/static/app.css", "If-Modified-Since", rfc850).statusCode()).isEqualTo(304);
    assertThat(http.get("/static/app.css", "If-Modified-Since", asctime).statusCode()).isEqualTo(304);
  }

  @Test
  void byteRangeAnswers206() {
    HttpResponse<String> r = http.get("/static/app.css", "Range", "bytes=0-3");
    assertThat(r.statusCode()).isEqualTo(206);
    assertThat(r.body()).isEqualTo("body");
    assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes 0-3/" + CSS.length());
    assertThat(r.headers().firstValue("Content-Length")).hasValue("4");
    assertThat(http.get("/static/app.css", "Range", "bytes=-3").body()).isEqualTo(" }\n");
  }

  /** RFC 9110 §13.1.5: a resumed download keeps its range only while the file is the one it began with. */
  @Test
  void ifRangeServesTheRangeOfTheSameFileAndTheWholeOfAChangedOne() {
    HttpResponse<String> first = http.get("/static/app.css");
    String etag = first.headers().firstValue("ETag").orElseThrow();
    String modified = first.headers().firstValue("Last-Modified").orElseThrow();
    assertThat(http.get("/static/app.css", "Range", "bytes=0-3", "If-Range", etag).statusCode()).isEqualTo(206);
    assertThat(http.get("/static/app.css", "Range", "bytes=0-3", "If-Range", modified).statusCode()).isEqualTo(206);
    HttpResponse<String> stale = http.get("/static/app.css", "Range", "bytes=0-3", "If-Range", "\"stale\"");
    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(stale.body()).isEqualTo(CSS);
    assertThat(stale.headers().firstValue("Content-Range")).isEmpty();
  }

  /** RFC 9110 §13.1.1 and §13.1.4: a conditional request on another version of the file fails with 412. */
  @Test
  void ifMatchAndIfUnmodifiedSinceAnswer412ForAnotherVersion() {
    HttpResponse<String> first = http.get("/static/app.css");
    String etag = first.headers().firstValue("ETag").orElseThrow();
    String modified = first.headers().firstValue("Last-Modified").orElseThrow();
    HttpResponse<String> failed = http.get("/static/app.css", "If-Match", "\"nope\"");
    assertThat(failed.statusCode()).isEqualTo(412);
    assertThat(failed.body()).doesNotContain("color");
    assertThat(http.get("/static/app.css", "If-Match", etag).body()).isEqualTo(CSS);
    assertThat(http.get("/static/app.css", "If-Match", "*").statusCode()).isEqualTo(200);
    assertThat(http.get("/static/app.css", "If-Unmodified-Since", "Mon, 01 Jan 1990 00:00:00 GMT").statusCode()).isEqualTo(412);
    assertThat(http.get("/static/app.css", "If-Unmodified-Since", modified).statusCode()).isEqualTo(200);
  }

  @Test
  void unsatisfiableRangeAnswers416WithTheSize() {
    HttpResponse<String> r = http.get("/static/app.css", "Range", "bytes=1000-");
    assertThat(r.statusCode()).isEqualTo(416);
    assertThat(r.headers().allValues("Content-Range")).containsExactly("bytes */" + CSS.length());
    assertThat(r.body()).doesNotContain("color");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/static/../secret.txt", "/static/%2e%2e/secret.txt", "/static/..%2fsecret.txt", "/static/%2E%2E%2Fsecret.txt",
      "/static/%252e%252e/secret.txt", "/static/sub/../../secret.txt", "/static/..%5csecret.txt",
      "/static//etc/passwd", "/static/%2fetc%2fpasswd", "/static/app.css%00.txt", "/static/link.txt",
      "/static/up/secret.txt"})
  void neverServesAFileOutsideTheFolder(String target) throws IOException {
    String answer = RawHttp.request(app, "GET", target);
    assertThat(answer).matches("(?s)HTTP/1\\.1 40[34] .*").doesNotContain(SECRET).doesNotContain("root:");
  }

  @Test
  void directoryIsNotFound() {
    assertThat(http.get("/static/sub").statusCode()).isEqualTo(404);
    assertThat(http.get("/static/sub/").statusCode()).isEqualTo(404);
    assertThat(http.get("/static/").statusCode()).isEqualTo(404);
    assertThat(http.get("/static/sub/inner.txt").body()).isEqualTo("inner");
  }

  @Test
  void staticUrlCarriesAContentHashAndIsCachedForAYear() {
    String url = http.get("/url/app.css").body();
    assertThat(url).matches("/static/app\\.css\\?v=[0-9a-f]{16}");
    HttpResponse<String> r = http.get(url);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(CSS);
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
  }

  @Test
  void staticUrlChangesWithTheContent() throws IOException {
    Path file = root.resolve("static/changing.js");
    Files.writeString(file, "let a = 1;");
    String first = http.get("/url/changing.js").body();
    Files.writeString(file, "let a = 22;");
    String second = http.get("/url/changing.js").body();
    assertThat(second).startsWith("/static/changing.js?v=").isNotEqualTo(first);
    assertThat(http.get(second).body()).isEqualTo("let a = 22;");
  }

  /** staticUrl takes a file name, not a URL: spaces, '?', '%' and non-ASCII come out escaped and lead back to the file. */
  @ParameterizedTest
  @ValueSource(strings = {"sp ace.txt", "q?x.txt", "pct%41.txt", "caf\u00e9.txt"})
  void staticUrlEscapesAFileNameAndLeadsBackToTheFile(String name) throws IOException {
    Files.writeString(root.resolve("static").resolve(name), "named " + name);
    String url = http.get("/url/" + Application.encodePath(name)).body();
    assertThat(url).startsWith("/static/" + Application.encodePath(name) + "?v=").doesNotContain(" ");
    assertThat(url.substring(0, url.indexOf("?v="))).doesNotContain("?");
    HttpResponse<String> r = http.get(url);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("named " + name);
  }

  @Test
  void encodesAFilePathForAUrlPath() {
    assertThat(Application.encodePath("css/a b?#%.css")).isEqualTo("css/a%20b%3F%23%25.css");
    assertThat(Application.encodePath("caf\u00e9/x+y@z.js")).isEqualTo("caf%C3%A9/x+y@z.js");
  }

  @Test
  void staticUrlOfAMissingFileHasNoVersion() {
    assertThat(http.get("/url/missing.css").body()).isEqualTo("/static/missing.css");
  }

  @Test
  void faviconAndRobotsComeFromTheStaticFolder() {
    HttpResponse<byte[]> icon = http.getBytes("/favicon.ico");
    assertThat(icon.statusCode()).isEqualTo(200);
    assertThat(icon.body()).containsExactly(0, 0, 1, 0);
    assertThat(icon.headers().firstValue("Content-Type")).hasValue("image/x-icon");
    HttpResponse<String> robots = http.get("/robots.txt");
    assertThat(robots.body()).isEqualTo("User-agent: *\n");
    assertThat(robots.headers().firstValue("Content-Type")).hasValue("text/plain; charset=UTF-8");
  }

  @Test
  void headSendsTheHeadersOfGetWithoutBody() throws IOException {
    String answer = RawHttp.request(app, "HEAD", "/static/app.css");
    assertThat(RawHttp.head(answer)).startsWith("HTTP/1.1 200 OK\r\n")
        .contains("\r\nContent-Length: " + CSS.length() + "\r\n")
        .contains("\r\nContent-Type: text/css; charset=UTF-8\r\n")
        .contains("\r\nETag: \"");
    assertThat(RawHttp.body(answer)).isEmpty();
  }

  @Test
  void otherMethodsAnswer405() {
    HttpResponse<String> r = http.postForm("/static/app.css", "a=1");
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }
}
