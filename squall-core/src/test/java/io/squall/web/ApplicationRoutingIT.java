package io.squall.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Regex routes end to end: full matches, decoded groups, first match wins, reversed URLs, 404 and 405. */
class ApplicationRoutingIT {
  static Application app;
  static WebClient http;

  /** Writes its route's name, the path arguments and the named ones. */
  static class EchoArgs extends RequestHandler {
    private final String name;

    EchoArgs(String name) {
      this.name = name;
    }

    @Override
    public void get() {
      write(name + " " + pathArgs() + " " + pathKwargs());
    }
  }

  /** Overrides GET and POST only. */
  public static final class GetAndPost extends RequestHandler {
    @Override
    public void get() {
      write("got");
    }

    @Override
    public void post() {
      write("posted");
    }
  }

  /** Writes the path of the route named by {@code ?route=}, its groups filled with the {@code ?arg=} values. */
  public static final class Linker extends RequestHandler {
    @Override
    public void get() {
      write(reverseUrl(getArgument("route"), getArguments("arg").toArray()));
    }
  }

  @BeforeAll
  static void start() {
    app = Application.builder()
        .route("/user/(\\d+)", () -> new EchoArgs("digits"))
        .route("/user/(.*)", () -> new EchoArgs("any"))
        .route("/user/7", () -> new EchoArgs("never"))
        .route("/files/(.*)", () -> new EchoArgs("files"))
        .route("/blog/(?<year>\\d{4})/(?<slug>[^/]+)", () -> new EchoArgs("blog"), "blog")
        .route("/tag/([^/]+)", () -> new EchoArgs("tag"), "tag")
        .route("/link", Linker.class, "link")
        .route("/opt(/\\d+)?", () -> new EchoArgs("opt"))
        .route("/exact", () -> new EchoArgs("exact"))
        .route("/both", GetAndPost.class)
        .build()
        .listen("127.0.0.1", 0);
    http = new WebClient(app);
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  @Test
  void groupsBecomePathArguments() {
    HttpResponse<String> r = http.get("/user/42");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("digits [42] {}");
  }

  @Test
  void patternsMustMatchTheWholePath() {
    assertThat(http.get("/user/42x").body()).isEqualTo("any [42x] {}");
    assertThat(http.get("/exact/more").statusCode()).isEqualTo(404);
    assertThat(http.get("/prefix/exact").statusCode()).isEqualTo(404);
  }

  @Test
  void firstMatchingRouteWins() {
    assertThat(http.get("/user/7").body()).isEqualTo("digits [7] {}");
  }

  @Test
  void pathArgumentsArePercentDecodedButPlusStaysPlus() {
    assertThat(http.get("/files/a%20b+c%2Fd%C3%A9").body()).isEqualTo("files [a b+c/d\u00e9] {}");
  }

  @Test
  void pathArgumentThatIsNotUtf8Answers400NotAReplacementCharacter() {
    HttpResponse<String> r = http.get("/files/a%FFb");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("Invalid UTF-8 in path argument 'a%FFb'.");
    assertThat(http.get("/blog/2024/%C0%AF").statusCode()).isEqualTo(400); // overlong '/'
  }

  @Test
  void namedGroupsBecomePathKeywordArguments() {
    assertThat(http.get("/blog/2024/hello%20world").body())
        .isEqualTo("blog [2024, hello world] {year=2024, slug=hello world}");
  }

  @Test
  void groupThatTookNoPartIsNull() {
    assertThat(http.get("/opt").body()).isEqualTo("opt [null] {}");
    assertThat(http.get("/opt/3").body()).isEqualTo("opt [/3] {}");
  }

  @Test
  void queryStringIsNotPartOfTheMatch() {
    assertThat(http.get("/exact?x=1").body()).isEqualTo("exact [] {}");
  }

  @Test
  void noRouteAnswers404Page() {
    HttpResponse<String> r = http.get("/nope");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=UTF-8");
    assertThat(r.body())
        .isEqualTo("<html><title>404: Not Found</title><body>404: Not Found<p>No route for /nope</p></body></html>");
  }

  @Test
  void optionsStarAnswersWithTheServersMethods() throws IOException {
    String answer = RawHttp.request(app, "OPTIONS", "*");
    assertThat(RawHttp.head(answer)).startsWith("HTTP/1.1 200 OK\r\n")
        .contains("\r\nAllow: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS\r\n")
        .contains("\r\nContent-Length: 0\r\n");
    assertThat(RawHttp.head(RawHttp.request(app, "GET", "*"))).startsWith("HTTP/1.1 400 ");
  }

  @Test
  void notFoundPageEscapesThePath() throws IOException {
    String answer = RawHttp.request(app, "GET", "/<i>&");
    assertThat(RawHttp.head(answer)).startsWith("HTTP/1.1 404 Not Found\r\n");
    assertThat(RawHttp.body(answer)).isEqualTo(
        "<html><title>404: Not Found</title><body>404: Not Found<p>No route for /&lt;i&gt;&amp;</p></body></html>");
  }

  @Test
  void methodNotOverriddenAnswers405WithAllow() {
    HttpResponse<String> r = http.send("DELETE", "/both", null);
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().allValues("Allow")).containsExactly("GET, HEAD, POST");
    assertThat(r.body()).isEqualTo(
        "<html><title>405: Method Not Allowed</title><body>405: Method Not Allowed<p>Method DELETE not allowed.</p></body></html>");
  }

  /** RFC 9110 §9.1: HEAD is a MUST wherever GET is served; Tornado answers 405 here. */
  @Test
  void headIsAnsweredAsGetWithoutTheBody() throws IOException {
    String answer = RawHttp.request(app, "HEAD", "/both");
    assertThat(RawHttp.head(answer)).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Length: 3\r\n");
    assertThat(RawHttp.body(answer)).isEmpty();
  }

  @Test
  void overriddenMethodsAnswer() {
    assertThat(http.send("POST", "/both", "").body()).isEqualTo("posted");
    assertThat(http.get("/both").body()).isEqualTo("got");
  }

  /** TRACE and CONNECT are no handler's business: the parser answers 501 before routing. */
  @Test
  void traceIsRefusedBeforeAnyHandler() {
    HttpResponse<String> r = http.send("TRACE", "/both", null);
    assertThat(r.statusCode()).isEqualTo(501);
    assertThat(r.body()).isEqualTo("501 Not Implemented: Method \"TRACE\" is not implemented.\n");
  }

  /**
   * A method outside RFC 9110's list never reaches the web layer: the HTTP parser answers 501
   * (RFC 9110 §9.1) before routing, where Tornado would answer 405.
   */
  @Test
  void unknownMethodIsRefusedBeforeAnyHandler() {
    HttpResponse<String> r = http.send("PROPFIND", "/both", null);
    assertThat(r.statusCode()).isEqualTo(501);
    assertThat(r.body()).isEqualTo("501 Not Implemented: Method \"PROPFIND\" is not implemented.\n");
  }

  @Test
  void reversedUrlLeadsBackToTheRouteWithTheSameArgument() {
    String tag = "a b/c\u00e9?";
    String url = http.get("/link?route=tag&arg=" + URLEncoder.encode(tag, StandardCharsets.UTF_8)).body();
    assertThat(url).isEqualTo("/tag/a%20b%2Fc%C3%A9%3F");
    assertThat(http.get(url).body()).isEqualTo("tag [" + tag + "] {}");
  }

  @Test
  void reverseUrlFillsNamedGroupsInPatternOrder() {
    String url = http.get("/link?route=blog&arg=2024&arg=hello").body();
    assertThat(url).isEqualTo("/blog/2024/hello");
    assertThat(http.get(url).body()).isEqualTo("blog [2024, hello] {year=2024, slug=hello}");
    assertThat(app.reverseUrl("link")).isEqualTo("/link");
  }

  @Test
  void reverseUrlOfAnUnknownRouteFailsTheRequest() {
    assertThat(http.get("/link?route=nope").statusCode()).isEqualTo(500);
    assertThatThrownBy(() -> app.reverseUrl("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("No route named 'nope'.");
  }

  @Test
  void routeNameUsedTwiceFailsBuild() {
    Application.Builder builder = Application.builder()
        .route("/a", GetAndPost.class, "page")
        .route("/b", GetAndPost::new, "page");
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Duplicate route name 'page': '/a' and '/b'.");
  }
}
