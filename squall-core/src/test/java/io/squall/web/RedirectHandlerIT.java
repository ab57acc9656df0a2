package io.squall.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code Builder.redirect} and {@link RedirectHandler} end to end: status, Location, query, encoding, build-time checks. */
class RedirectHandlerIT {
  static Application app;
  static WebClient http;

  @BeforeAll
  static void start() {
    app = Application.builder()
        .redirect("/pictures/(.*)", "/photos/{0}")
        .redirect("/drafts/(.*)", "/photos/{0}", false)
        .redirect("/from/(.*)", "/photos/{0}?src=old#top")
        .redirect("/(?<year>\\d{4})/(?<slug>[^/]+)", "/archive/{year}/{slug}")
        .redirect("/search/(.*)", "/find?q={0}")
        .redirect("/go/(.*)", "/{0}")
        .route("/old", () -> new RedirectHandler("/new", false))
        .route("/unchecked/(.*)", () -> new RedirectHandler("/x/{1}"))
        .build()
        .listen("127.0.0.1", 0);
    http = new WebClient(app);
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  private static String location(String path) {
    return http.get(path).headers().firstValue("Location").orElseThrow();
  }

  private static void assertRedirected(String path, int status, String location) {
    HttpResponse<String> r = http.get(path);
    assertThat(r.statusCode()).as(path).isEqualTo(status);
    assertThat(r.headers().firstValue("Location")).as(path).hasValue(location);
    assertThat(r.body()).as(path).isEmpty();
  }

  /** The message build() fails with. */
  private static String buildError(Application.Builder builder) {
    try {
      builder.build();
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    throw new AssertionError("build() succeeded");
  }

  @Test
  void redirectIsPermanentByDefault() {
    assertRedirected("/pictures/a/b.jpg", 301, "/photos/a/b.jpg");
  }

  @Test
  void redirectThatIsNotPermanentIs302() {
    assertRedirected("/drafts/a.jpg", 302, "/photos/a.jpg");
  }

  @Test
  void redirectKeepsTheQueryString() {
    assertThat(location("/pictures/a.jpg?size=2&name=a%20b+c&flag")).isEqualTo("/photos/a.jpg?size=2&name=a%20b+c&flag");
  }

  @Test
  void redirectMergesTheQueryStringWithTheTemplatesOwnBeforeItsFragment() {
    assertThat(location("/from/a.jpg?size=2")).isEqualTo("/photos/a.jpg?src=old&size=2#top");
    assertThat(location("/from/a.jpg")).isEqualTo("/photos/a.jpg?src=old#top");
  }

  @Test
  void namedGroupsFillNamedHoles() {
    assertThat(location("/2024/hello%20world")).isEqualTo("/archive/2024/hello%20world");
  }

  /** The decoded argument is escaped again: a '/' (sent as '/' or as %2F) stays a separator, the rest as UTF-8 escapes. */
  @Test
  void decodedArgumentsAreEscapedAgain() {
    assertThat(location("/pictures/caf%C3%A9%20x/a%2Fb+c.jpg")).isEqualTo("/photos/caf%C3%A9%20x/a/b+c.jpg");
    assertThat(location("/pictures/100%25%3F%23")).isEqualTo("/photos/100%25%3F%23");
    assertThat(location("/search/a%26b%3Dc%2Bd?page=2")).isEqualTo("/find?q=a%26b%3Dc%2Bd&page=2");
  }

  @Test
  void anArgumentCannotRedirectToAnotherSite() throws IOException {
    assertThat(location("/pictures/%2F%2Fevil.example")).isEqualTo("/photos///evil.example");
    assertThat(location("/go/%2F%2Fevil.example")).isEqualTo("/%2F/evil.example");
    assertThat(location("/go/%5Cevil.example")).isEqualTo("/%5Cevil.example");
    String raw = RawHttp.request(app, "GET", "/go//evil.example");
    assertThat(RawHttp.head(raw)).startsWith("HTTP/1.1 301 ").contains("\r\nLocation: /%2Fevil.example\r\n");
  }

  @Test
  void crAndLfInAnArgumentNeverReachTheHeaders() throws IOException {
    String raw = RawHttp.request(app, "GET", "/pictures/a%0D%0ASet-Cookie:%20x=1");
    assertThat(RawHttp.head(raw))
        .startsWith("HTTP/1.1 301 ")
        .contains("\r\nLocation: /photos/a%0D%0ASet-Cookie:%20x=1\r\n")
        .doesNotContain("\r\nSet-Cookie");
  }

  /** A query byte a URI cannot hold as it is (here é sent raw, as ISO-8859-1 E9) goes out escaped as that byte. */
  @Test
  void rawQueryBytesAreEscapedAsSent() throws IOException {
    String raw = RawHttp.request(app, "GET", "/pictures/a?q=\u00e9&r=%zz");
    assertThat(RawHttp.head(raw)).contains("\r\nLocation: /photos/a?q=%E9&r=%25zz\r\n");
  }

  @Test
  void headIsRedirectedWithoutABody() throws IOException {
    String raw = RawHttp.request(app, "HEAD", "/pictures/a.jpg");
    assertThat(RawHttp.head(raw)).startsWith("HTTP/1.1 301 ").contains("\r\nLocation: /photos/a.jpg\r\n");
    assertThat(RawHttp.body(raw)).isEmpty();
  }

  /** As Tornado's: only GET and HEAD; a 301 would make a browser repeat a POST as a GET without its body. */
  @Test
  void otherMethodsAre405() {
    HttpResponse<String> r = http.send("DELETE", "/pictures/a.jpg", null);
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().allValues("Allow")).containsExactly("GET, HEAD");
    assertThat(r.headers().firstValue("Location")).isEmpty();
  }

  @Test
  void aRedirectHandlerOnARouteOfYourOwnRedirects() {
    assertRedirected("/old?x=1", 302, "/new?x=1");
  }

  /** Made by hand, the template could not be checked against its route: a group the route lacks fails the request. */
  @Test
  void aHandMadeRedirectNamingAMissingGroupIs500() {
    assertThat(http.get("/unchecked/a").statusCode()).isEqualTo(500);
  }

  @Test
  void aHandMadeRedirectWithAnInvalidTemplateFailsAtOnce() {
    assertThatThrownBy(() -> new RedirectHandler("/x/{0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Redirect '/x/{0': '{' at 3 is not closed.");
  }

  @Test
  void aTemplateNamingAGroupThePatternLacksFailsBuild() {
    assertThat(buildError(Application.builder().redirect("/pictures/(.*)", "/photos/{3}")))
        .isEqualTo("Redirect '/photos/{3}' of route '/pictures/(.*)': {3} but the pattern has 1 group.");
    assertThat(buildError(Application.builder().redirect("/pictures/(?<id>.*)", "/photos/{name}")))
        .isEqualTo("Redirect '/photos/{name}' of route '/pictures/(?<id>.*)': no group named 'name' in the pattern.");
  }

  @Test
  void anInvalidTemplateFailsBuildNamingTheRoute() {
    assertThat(buildError(Application.builder().redirect("/(.*)", "https://{0}.example/")))
        .isEqualTo("Redirect 'https://{0}.example/' of route '/(.*)': {0} is in the host; an argument cannot choose it.");
    assertThat(buildError(Application.builder().redirect("/a", "/b\r\nX: y")))
        .isEqualTo("Redirect '/b??X: y' of route '/a': control character 0x0D at 2.");
  }

  /** The pattern is read first: an invalid one is reported as such, not as the template's fault. */
  @Test
  void anInvalidPatternIsReportedBeforeItsTemplate() {
    assertThat(buildError(Application.builder().redirect("/a/(", "/b/{0}"))).startsWith("Invalid route pattern '/a/(':");
  }
}
