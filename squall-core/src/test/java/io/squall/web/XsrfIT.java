package io.squall.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code xsrf_cookies}: the cookie, the masked form token, and the 403s of POST, PUT and DELETE. */
class XsrfIT {
  private static final Pattern FORM_TOKEN = Pattern.compile("<input type=\"hidden\" name=\"_xsrf\" value=\"([^\"]+)\"/>");
  private static final Pattern COOKIE = Pattern.compile("_xsrf=([^;]+); Path=/; SameSite=Strict");
  static Application app;
  static WebClient http;

  /** A form page; accepts its submission with any state-changing method. */
  public static final class Form extends RequestHandler {
    @Override
    public void get() {
      write("<form method=\"post\">" + xsrfFormHtml() + "</form>");
    }

    @Override
    public void post() {
      write("ok " + getArgument("msg", "-"));
    }

    @Override
    public void put() {
      post();
    }

    @Override
    public void delete() {
      post();
    }
  }

  @BeforeAll
  static void start() {
    app = Application.builder()
        .route("/form", Form.class)
        .setting(Settings.XSRF_COOKIES, true)
        .build()
        .listen("127.0.0.1", 0);
    http = new WebClient(app);
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  /** A fresh visitor's page: the cookie it was given and the token in its form. */
  private record Page(String cookie, String token) {}

  private static Page visit(String... headers) {
    HttpResponse<String> r = http.get("/form", headers);
    assertThat(r.statusCode()).isEqualTo(200);
    Matcher token = FORM_TOKEN.matcher(r.body());
    assertThat(token.find()).as("form token in %s", r.body()).isTrue();
    String cookie = r.headers().firstValue("Set-Cookie").map(c -> {
      Matcher m = COOKIE.matcher(c);
      assertThat(m.matches()).as("xsrf cookie %s", c).isTrue();
      return m.group(1);
    }).orElse(null);
    return new Page(cookie, token.group(1));
  }

  private static String form(String token) {
    return "msg=hi&_xsrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
  }

  @Test
  void getSetsTheCookieAndRendersTheToken() {
    Page page = visit();
    assertThat(page.cookie()).matches("2\\|[0-9a-f]{8}\\|[0-9a-f]{32}\\|\\d+");
    assertThat(page.token()).matches("2\\|[0-9a-f]{8}\\|[0-9a-f]{32}\\|\\d+");
  }

  /** An upload form (multipart/form-data) carries its token as a part, and is checked like any other form. */
  @Test
  void multipartPostIsCheckedByTheTokenInItsParts() {
    Page page = visit();
    String boundary = "----squall7MA4YWxk";
    String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"_xsrf\"\r\n\r\n" + page.token() + "\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"msg\"\r\n\r\nuploaded\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n\r\nA\r\n"
        + "--" + boundary + "--\r\n";
    String type = "multipart/form-data; boundary=" + boundary;
    HttpResponse<String> ok = http.send("POST", "/form", body, "Content-Type", type, "Cookie", "_xsrf=" + page.cookie());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("ok uploaded");
    HttpResponse<String> forged = http.send("POST", "/form", body.replace(page.token(), visit().token()),
        "Content-Type", type, "Cookie", "_xsrf=" + page.cookie());
    assertThat(forged.statusCode()).isEqualTo(403);
    HttpResponse<String> malformed = http.send("POST", "/form", "--" + boundary + "\r\njunk",
        "Content-Type", type, "Cookie", "_xsrf=" + page.cookie());
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body()).contains("Malformed multipart/form-data body: ");
  }

  @Test
  void postWithoutTokenIsForbidden() {
    Page page = visit();
    HttpResponse<String> r = http.postForm("/form", "msg=hi", "Cookie", "_xsrf=" + page.cookie());
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).isEqualTo(
        "<html><title>403: Forbidden</title><body>403: Forbidden<p>'_xsrf' argument missing from POST</p></body></html>");
  }

  @Test
  void postWithAnotherBrowsersTokenIsForbidden() {
    Page mine = visit();
    Page theirs = visit();
    HttpResponse<String> r = http.postForm("/form", form(theirs.token()), "Cookie", "_xsrf=" + mine.cookie());
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("<p>XSRF cookie does not match POST argument</p>");
  }

  @Test
  void postWithTokenButNoCookieIsForbidden() {
    Page page = visit();
    HttpResponse<String> r = http.postForm("/form", form(page.token()));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("<p>XSRF cookie does not match POST argument</p>");
  }

  @Test
  void postWithMalformedTokenIsForbidden() {
    Page page = visit();
    HttpResponse<String> r = http.postForm("/form", form("not-a-token"), "Cookie", "_xsrf=" + page.cookie());
    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  void postWithCookieAndFormFieldIsAccepted() {
    Page page = visit();
    HttpResponse<String> r = http.postForm("/form", form(page.token()), "Cookie", "_xsrf=" + page.cookie());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("ok hi");
  }

  @Test
  void headerTokensAreAccepted() {
    Page page = visit();
    HttpResponse<String> xsrf = http.postForm("/form", "msg=h", "Cookie", "_xsrf=" + page.cookie(), "X-Xsrftoken", page.token());
    assertThat(xsrf.statusCode()).isEqualTo(200);
    assertThat(xsrf.body()).isEqualTo("ok h");
    HttpResponse<String> csrf = http.postForm("/form", "msg=c", "Cookie", "_xsrf=" + page.cookie(), "X-CSRFToken", page.token());
    assertThat(csrf.body()).isEqualTo("ok c");
  }

  @Test
  void putAndDeleteAreCheckedToo() {
    Page page = visit();
    assertThat(http.send("PUT", "/form", "", "Cookie", "_xsrf=" + page.cookie()).statusCode()).isEqualTo(403);
    assertThat(http.send("DELETE", "/form", null, "Cookie", "_xsrf=" + page.cookie()).statusCode()).isEqualTo(403);
    HttpResponse<String> ok = http.send("DELETE", "/form", null, "Cookie", "_xsrf=" + page.cookie(), "X-Xsrftoken", page.token());
    assertThat(ok.body()).isEqualTo("ok -");
  }

  @Test
  void tokenIsMaskedAfreshOnEachPageAndBothValidate() {
    Page first = visit();
    Page second = visit("Cookie", "_xsrf=" + first.cookie());
    assertThat(second.cookie()).as("an existing cookie is kept").isNull();
    assertThat(second.token()).isNotEqualTo(first.token());
    for (String token : new String[] {first.token(), second.token()}) {
      HttpResponse<String> r = http.postForm("/form", form(token), "Cookie", "_xsrf=" + first.cookie());
      assertThat(r.body()).isEqualTo("ok hi");
    }
  }

  /** As Tornado's ErrorHandler: a POST to no route has no effect to guard, so it is a 404, not a 403. */
  @Test
  void postToUnknownPathIsNotFoundNotForbidden() {
    HttpResponse<String> r = http.postForm("/nowhere", "msg=hi");
    assertThat(r.statusCode()).isEqualTo(404);
  }
}
