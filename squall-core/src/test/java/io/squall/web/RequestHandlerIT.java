package io.squall.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A RequestHandler's life and its response API, seen from a real client. */
class RequestHandlerIT {
  static final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  static Application app;
  static WebClient http;

  /** Records prepare, get and onFinish; {@code ?stop} finishes in prepare, {@code ?fail} throws in get. */
  public static final class Lifecycle extends RequestHandler {
    @Override
    public void prepare() {
      events.add("prepare");
      if (getArgument("stop", null) != null) {
        finish("stopped in prepare");
      }
    }

    @Override
    public void get() {
      events.add("get");
      if (getArgument("fail", null) != null) {
        throw new IllegalStateException("planned failure");
      }
      if (getArgument("assert", null) != null) {
        throw new AssertionError("a broken invariant"); // an Error, not an Exception
      }
      write("get ran");
    }

    @Override
    public void onFinish() {
      events.add("finish " + getStatus());
    }
  }

  /** Echoes the last value of {@code name} unstripped, in brackets. */
  public static final class RawArgs extends RequestHandler {
    @Override
    public void get() {
      write("[" + getArgument("name", null, false) + "]");
    }
  }

  /** Echoes the last value and every value of {@code name}, and {@code opt} with a default. */
  public static final class Args extends RequestHandler {
    @Override
    public void get() {
      write(getArgument("name") + " " + getArguments("name") + " " + getArgument("opt", "dflt"));
    }

    @Override
    public void post() {
      get();
      request().files().forEach((field, files) -> files.forEach(f ->
          write(" | " + field + ": " + f.filename() + " " + f.contentType() + " " + new String(f.body(), StandardCharsets.UTF_8))));
    }
  }

  /** Exercises the response API by path. */
  public static final class Responses extends RequestHandler {
    @Override
    public void get() {
      switch (pathArg(0)) {
        case "text" -> {
          write("h\u00e9llo ");
          write("w\u00f6rld".getBytes(StandardCharsets.UTF_8));
        }
        case "json" -> write((Object) Map.of("html", "</script><script>alert(1)"));
        case "redirect" -> redirect("/target?a=1");
        case "permanent" -> redirect("https://example.org/new", true);
        case "unicode" -> redirect("/caf\u00e9/\u20ac \ud83d\ude00?q=\u00fc");
        case "headers" -> {
          setStatus(201);
          setHeader("X-One", 1);
          addHeader("X-Multi", "a");
          addHeader("X-Multi", "b");
          setHeader("X-Gone", "x");
          clearHeader("X-Gone");
          setHeader("X-Replaced", "old");
          setHeader("X-Replaced", "new");
          write("created");
        }
        case "refused" -> {
          List<String> messages = new ArrayList<>();
          refuse(messages, () -> setHeader("X-Evil", "a\r\nSet-Cookie: x=1"));
          refuse(messages, () -> addHeader("X-Evil", "a\nb"));
          refuse(messages, () -> setHeader("X-Evil\r\nX-Injected", "1"));
          refuse(messages, () -> setStatus(99));
          refuse(messages, () -> setStatus(101));
          refuse(messages, () -> setStatus(100));
          refuse(messages, () -> setStatus(600));
          write(String.join("\n", messages));
        }
        case "uncaught" -> setHeader("X-Evil", "a\r\nX-Injected: 1");
        case "fails-dressed" -> {
          setHeader("Cache-Control", "public, max-age=86400");
          setHeader("Location", "/elsewhere");
          setHeader("ETag", "\"v1\"");
          setHeader("Content-Disposition", "attachment; filename=report.csv");
          setCookie("seen", "1");
          throw new IllegalStateException("failed after setting headers");
        }
        case "stream" -> {
          write("first");
          flush();
          write("second");
          flush();
          write("third");
        }
        case "longer-than-length" -> {
          setHeader("Content-Length", "2");
          write("hello");
          flush();
        }
        case "shorter-than-length" -> {
          setHeader("Content-Length", "100");
          write("hello");
          flush();
        }
        case "after-finish" -> {
          finish("done");
          refuse(new ArrayList<>(), () -> write("more"));
        }
        default -> throw new IllegalArgumentException(pathArg(0));
      }
    }

    @Override
    public void head() {
      setHeader("X-Head", "yes");
      write("hello");
    }

    private static void refuse(List<String> messages, Runnable action) {
      try {
        action.run();
        messages.add("accepted");
      } catch (IllegalArgumentException | IllegalStateException e) {
        messages.add(e.getMessage());
        events.add(e.getMessage());
      }
    }
  }

  @BeforeAll
  static void start() {
    app = Application.builder()
        .route("/life", Lifecycle.class)
        .route("/args", Args.class)
        .route("/rawargs", RawArgs.class)
        .route("/r/(.+)", Responses.class)
        .build()
        .listen("127.0.0.1", 0);
    http = new WebClient(app);
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  @AfterEach
  void nothingLeftUnexamined() throws InterruptedException {
    assertThat(events.poll(50, TimeUnit.MILLISECONDS)).as("unexamined event").isNull();
  }

  /** The events of one request up to its "finish", then a short wait to see no second one. */
  private static List<String> eventsOfOneRequest() throws InterruptedException {
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 10 && (seen.isEmpty() || !seen.getLast().startsWith("finish")); i++) {
      String e = events.poll(5, TimeUnit.SECONDS);
      if (e == null) {
        break;
      }
      seen.add(e);
    }
    String extra = events.poll(100, TimeUnit.MILLISECONDS);
    if (extra != null) {
      seen.add(extra);
    }
    return seen;
  }

  @Test
  void runsPrepareThenMethodThenOnFinishOnce() throws InterruptedException {
    HttpResponse<String> r = http.get("/life");
    assertThat(r.body()).isEqualTo("get ran");
    assertThat(eventsOfOneRequest()).containsExactly("prepare", "get", "finish 200");
  }

  @Test
  void finishingInPrepareSkipsTheMethod() throws InterruptedException {
    HttpResponse<String> r = http.get("/life?stop=1");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("stopped in prepare");
    assertThat(eventsOfOneRequest()).containsExactly("prepare", "finish 200");
  }

  @Test
  void onFinishRunsOnceAfterAnError() throws InterruptedException {
    assertThat(http.get("/life?fail=1").statusCode()).isEqualTo(500);
    assertThat(eventsOfOneRequest()).containsExactly("prepare", "get", "finish 500");
  }

  @Test
  void anErrorThrownByAHandlerIsA500AndTheConnectionServesTheNextRequest() throws InterruptedException {
    assertThat(http.get("/life?assert=1").statusCode()).isEqualTo(500);
    assertThat(eventsOfOneRequest()).containsExactly("prepare", "get", "finish 500");
    assertThat(http.get("/life").body()).isEqualTo("get ran");
    assertThat(eventsOfOneRequest()).containsExactly("prepare", "get", "finish 200");
  }

  @Test
  void argumentsLoseControlCharactersAndSurroundingWhitespaceAsInTornado() {
    // %00 and %1f become spaces; tab, newline and a no-break space around the value are stripped.
    assertThat(http.get("/args?name=%20%09a%00b%1fc%0A%C2%A0").body()).isEqualTo("a b c [a b c] dflt");
    assertThat(http.get("/args?name=%20%20&opt=x").body()).isEqualTo(" [] x");
    assertThat(http.get("/rawargs?name=%20a%00b%20").body()).isEqualTo("[ a b ]");
  }

  @Test
  void lastQueryValueWinsAndAllAreListedInOrder() {
    assertThat(http.get("/args?name=a&name=b").body()).isEqualTo("b [a, b] dflt");
  }

  @Test
  void formValuesFollowQueryValues() {
    HttpResponse<String> r = http.postForm("/args?name=a", "name=c&name=d%20e&opt=x+y");
    assertThat(r.body()).isEqualTo("d e [a, c, d e] x y");
  }

  /** Tornado's request.files: an upload form's fields join the arguments, its files are listed by field. */
  @Test
  void multipartFieldsAreArgumentsAndItsFilesAreListed() {
    String b = "XyZ";
    String body = "--" + b + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nc\r\n"
        + "--" + b + "\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
        + "--" + b + "\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"b.bin\"\r\n\r\nbye\r\n"
        + "--" + b + "--\r\n";
    HttpResponse<String> r = http.send("POST", "/args?name=a", body, "Content-Type", "multipart/form-data; boundary=" + b);
    assertThat(r.body()).isEqualTo("c [a, c] dflt | doc: a.txt text/plain hello | doc: b.bin application/octet-stream bye");
  }

  @Test
  void missingRequiredArgumentAnswers400() {
    HttpResponse<String> r = http.get("/args?other=1");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo(
        "<html><title>400: Bad Request</title><body>400: Bad Request<p>Missing argument name</p></body></html>");
  }

  @Test
  void writesTextAndBytesAsUtf8Html() {
    HttpResponse<String> r = http.get("/r/text");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=UTF-8");
    assertThat(r.headers().firstValue("Content-Length")).hasValue("13");
    assertThat(r.body()).isEqualTo("h\u00e9llo w\u00f6rld");
  }

  @Test
  void writesObjectsAsJsonWithScriptEndEscaped() {
    HttpResponse<String> r = http.get("/r/json");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=UTF-8");
    assertThat(r.body()).isEqualTo("{\"html\":\"<\\/script><script>alert(1)\"}");
  }

  @Test
  void redirectsWith302() {
    HttpResponse<String> r = http.get("/r/redirect");
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location")).hasValue("/target?a=1");
    assertThat(r.body()).isEmpty();
  }

  @Test
  void redirectsPermanentlyWith301() {
    HttpResponse<String> r = http.get("/r/permanent");
    assertThat(r.statusCode()).isEqualTo(301);
    assertThat(r.headers().firstValue("Location")).hasValue("https://example.org/new");
  }

  @Test
  void redirectPercentEncodesWhatAUriCannotHold() throws IOException {
    String answer = RawHttp.request(app, "GET", "/r/unicode");
    assertThat(RawHttp.head(answer)).startsWith("HTTP/1.1 302 Found\r\n")
        .contains("\r\nLocation: /caf%C3%A9/%E2%82%AC%20%F0%9F%98%80?q=%C3%BC\r\n");
  }

  /** As Tornado's HTTPOutputError: a body that does not match its Content-Length ends the connection, never spills into the next answer. */
  @Test
  void bodyThatBreaksItsOwnContentLengthClosesTheConnection() throws IOException {
    for (String path : List.of("/r/longer-than-length", "/r/shorter-than-length")) {
      String answer = RawHttp.exchange(app, "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n"
          + "GET /r/text HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertThat(answer.split("HTTP/1\\.1 ", -1)).as(answer).hasSizeLessThanOrEqualTo(2); // no pipelined answer
      if (!answer.isEmpty()) { // the excess case may be cut before even the head leaves
        assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n");
        long declared = Long.parseLong(answer.replaceAll("(?s).*\r\nContent-Length: (\\d+)\r\n.*", "$1"));
        assertThat((long) RawHttp.body(answer).length()).as(path).isLessThanOrEqualTo(declared);
      }
    }
  }

  @Test
  void setsStatusAndHeaders() {
    HttpResponse<String> r = http.get("/r/headers");
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.headers().allValues("X-One")).containsExactly("1");
    assertThat(r.headers().allValues("X-Multi")).containsExactly("a", "b");
    assertThat(r.headers().allValues("X-Replaced")).containsExactly("new");
    assertThat(r.headers().map()).doesNotContainKey("x-gone");
    assertThat(r.body()).isEqualTo("created");
  }

  @Test
  void refusesHeaderValuesNamesAndInterimStatusesThatCouldSplitTheResponse() {
    HttpResponse<String> r = http.get("/r/refused");
    List<String> recorded = new ArrayList<>();
    events.drainTo(recorded);
    assertThat(r.body()).isEqualTo("""
        Invalid character 0x0D in value of header X-Evil.
        Invalid character 0x0A in value of header X-Evil.
        Header name "X-Evil\\x0D\\x0AX-Injected" is not a token.
        Invalid HTTP status 99: an answer's status is 200 to 599.
        Invalid HTTP status 101: an answer's status is 200 to 599.
        Invalid HTTP status 100: an answer's status is 200 to 599.
        Invalid HTTP status 600: an answer's status is 200 to 599.""");
    assertThat(r.headers().map()).doesNotContainKeys("x-evil", "x-injected", "set-cookie");
    assertThat(recorded).containsExactlyElementsOf(List.of(r.body().split("\n")));
  }

  @Test
  void uncaughtHeaderInjectionEndsInA500WithoutTheHeader() throws IOException {
    String answer = RawHttp.request(app, "GET", "/r/uncaught");
    assertThat(answer).startsWith("HTTP/1.1 500 Internal Server Error\r\n").doesNotContain("X-Injected");
  }

  /** As Tornado's send_error: the headers of the answer that failed do not dress its error page. */
  @Test
  void anErrorPageDropsTheHeadersSetForTheFailedAnswerButKeepsCookies() throws IOException {
    String head = RawHttp.head(RawHttp.request(app, "GET", "/r/fails-dressed"));
    assertThat(head).startsWith("HTTP/1.1 500 Internal Server Error\r\n").contains("\r\nSet-Cookie: seen=1")
        .contains("\r\nContent-Type: text/html; charset=UTF-8");
    assertThat(head.toLowerCase(java.util.Locale.ROOT))
        .doesNotContain("cache-control").doesNotContain("location").doesNotContain("etag").doesNotContain("content-disposition");
  }

  @Test
  void flushStreamsChunksThenFinishEndsThem() throws IOException {
    String answer = RawHttp.request(app, "GET", "/r/stream");
    assertThat(RawHttp.head(answer)).startsWith("HTTP/1.1 200 OK\r\n")
        .contains("\r\nTransfer-Encoding: chunked").doesNotContain("Content-Length");
    assertThat(RawHttp.body(answer)).isEqualTo("5\r\nfirst\r\n6\r\nsecond\r\n5\r\nthird\r\n0\r\n\r\n");
    assertThat(http.get("/r/stream").body()).isEqualTo("firstsecondthird");
  }

  @Test
  void writeAfterFinishIsRefused() throws InterruptedException {
    assertThat(http.get("/r/after-finish").body()).isEqualTo("done");
    assertThat(events.poll(5, TimeUnit.SECONDS))
        .isEqualTo("Cannot write after finish() for GET /r/after-finish (127.0.0.1)");
  }

  @Test
  void headSendsHeadersAndLengthWithoutBody() throws IOException {
    String answer = RawHttp.request(app, "HEAD", "/r/any");
    assertThat(RawHttp.head(answer)).startsWith("HTTP/1.1 200 OK\r\n")
        .contains("\r\nX-Head: yes").contains("\r\nContent-Length: 5");
    assertThat(RawHttp.body(answer)).isEmpty();
  }
}
