package io.squall.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.http.HttpException;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code Builder.defaultHandler}: what answers a request no route matches, run as any handler. */
class DefaultHandlerIT {
  static final AtomicInteger finished = new AtomicInteger();
  static Application pages;
  static Application members;
  static Application everyMethod;

  /** A custom 404 page, written by get(); counts onFinish. */
  public static final class NotFoundPage extends RequestHandler {
    @Override
    public void get() {
      setStatus(404);
      write("<h1>Nothing at " + ErrorPages.escape(request().path()) + "</h1> args=" + pathArgs() + pathKwargs());
    }

    @Override
    public void onFinish() {
      finished.incrementAndGet();
    }
  }

  /** A page for signed-in users only, made by a Supplier with its argument (Tornado's default_handler_args). */
  static final class MembersOnly extends RequestHandler {
    private final String area;

    MembersOnly(String area) {
      this.area = area;
    }

    @Override
    public Object getCurrentUser() {
      return request().header("X-User");
    }

    @Authenticated
    @Override
    public void get() {
      write(area + " for " + currentUser());
    }
  }

  /** A 404 for every method, with its own page: prepare() fails, writeError renders. */
  public static final class NotFoundForAnyMethod extends RequestHandler {
    @Override
    public void prepare() {
      throw new HttpException(404, "No page " + request().path());
    }

    @Override
    protected void writeError(int status, String message, Throwable cause) {
      write("custom " + status + ": " + ErrorPages.escape(message));
    }

    /** No route, no side effect: a POST sees the 404 too, as with the built-in page. */
    @Override
    protected void checkXsrfCookie() {}
  }

  @BeforeAll
  static void start() {
    pages = Application.builder()
        .route("/here", ApplicationRoutingIT.GetAndPost.class)
        .route("/files/(.*)", ApplicationRoutingIT.GetAndPost.class)
        .defaultHandler(NotFoundPage.class)
        .build()
        .listen("127.0.0.1", 0);
    members = Application.builder()
        .defaultHandler(() -> new MembersOnly("lounge"))
        .setting(Settings.LOGIN_URL, "/login")
        .build()
        .listen("127.0.0.1", 0);
    everyMethod = Application.builder()
        .defaultHandler(NotFoundForAnyMethod::new)
        .setting(Settings.XSRF_COOKIES, true)
        .build()
        .listen("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    pages.stop();
    members.stop();
    everyMethod.stop();
  }

  @Test
  void aRequestNoRouteMatchesGoesToTheDefaultHandler() {
    int before = finished.get();
    HttpResponse<String> r = new WebClient(pages).get("/nope/%3Cb%3E?x=1");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=UTF-8");
    assertThat(r.body()).isEqualTo("<h1>Nothing at /nope/%3Cb%3E</h1> args=[]{}");
    assertThat(finished.get() - before).as("onFinish calls").isEqualTo(1);
  }

  @Test
  void aMatchingRouteStillAnswers() {
    assertThat(new WebClient(pages).get("/here").body()).isEqualTo("got");
  }

  @Test
  void headToTheDefaultHandlerIsAnsweredAsItsGetWithoutTheBody() throws IOException {
    String answer = RawHttp.request(pages, "HEAD", "/nope");
    int length = "<h1>Nothing at /nope</h1> args=[]{}".length();
    assertThat(RawHttp.head(answer)).startsWith("HTTP/1.1 404 Not Found\r\n").contains("Content-Length: " + length + "\r\n");
    assertThat(RawHttp.body(answer)).isEmpty();
  }

  @Test
  void aMethodTheDefaultHandlerDoesNotWriteIs405() {
    HttpResponse<String> r = new WebClient(pages).send("POST", "/nope", "");
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().allValues("Allow")).containsExactly("GET, HEAD");
    assertThat(r.body()).isEqualTo(
        "<html><title>405: Method Not Allowed</title><body>405: Method Not Allowed<p>Method POST not allowed.</p></body></html>");
  }

  /** A route that matched but whose argument is not UTF-8 is that route's 400, not the default handler's business. */
  @Test
  void aMatchedRouteWithABadArgumentIsStillA400() {
    HttpResponse<String> r = new WebClient(pages).get("/files/a%FF");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("Invalid UTF-8 in path argument 'a%FF'.");
  }

  @Test
  void anAuthenticatedDefaultHandlerSendsTheAnonymousToLogin() {
    HttpResponse<String> r = new WebClient(members).get("/secret?a=1");
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location")).hasValue("/login?next=%2Fsecret%3Fa%3D1");
    assertThat(new WebClient(members).send("POST", "/secret", "").statusCode()).isEqualTo(405);
  }

  @Test
  void anAuthenticatedDefaultHandlerServesTheSignedIn() {
    HttpResponse<String> r = new WebClient(members).get("/secret", "X-User", "ann");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("lounge for ann");
  }

  @Test
  void aDefaultHandlerFailingInPrepareGivesItsOwnErrorPageForEveryMethod() {
    WebClient http = new WebClient(everyMethod);
    for (String method : new String[] {"GET", "POST", "DELETE", "OPTIONS"}) {
      HttpResponse<String> r = http.send(method, "/gone/%3Ci%3E", method.equals("POST") ? "a=1" : null);
      assertThat(r.statusCode()).as(method).isEqualTo(404);
      assertThat(r.body()).as(method).isEqualTo("custom 404: No page /gone/%3Ci%3E");
    }
  }
}
