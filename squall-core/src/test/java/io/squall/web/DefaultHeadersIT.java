package io.squall.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.http.HttpException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tornado's set_default_headers: headers every answer of a handler carries, error pages included. */
class DefaultHeadersIT {
  static Application app;
  static WebClient http;

  /** An API handler with CORS and a custom Server; {@code ?fail}: throws after setting a cache header. */
  public static final class Api extends RequestHandler {
    @Override
    protected void setDefaultHeaders() {
      setHeader("Access-Control-Allow-Origin", "*");
      setHeader("Server", "story-api");
    }

    @Override
    public void get() {
      setHeader("Cache-Control", "max-age=60");
      if (getArgument("fail", null) != null) {
        throw new IllegalStateException("planned");
      }
      if (getArgument("gone", null) != null) {
        throw new HttpException(410, "Gone for good.");
      }
      write(responseHeaders().get("Access-Control-Allow-Origin"));
    }
  }

  @BeforeAll
  static void start() {
    app = Application.builder().route("/api", Api.class).build().listen("127.0.0.1", 0);
    http = new WebClient(app);
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  static void assertDefaults(HttpResponse<String> r) {
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    assertThat(r.headers().firstValue("Server")).hasValue("story-api");
  }

  @Test
  void theyAreSetBeforeTheMethodRuns() {
    HttpResponse<String> ok = http.get("/api");
    assertThat(ok.body()).isEqualTo("*");
    assertDefaults(ok);
    assertThat(ok.headers().firstValue("Cache-Control")).hasValue("max-age=60");
  }

  @Test
  void errorPagesKeepThemAndDropTheRest() {
    for (String query : new String[] {"?fail=1", "?gone=1"}) {
      HttpResponse<String> error = http.get("/api" + query);
      assertThat(error.statusCode()).isIn(500, 410);
      assertDefaults(error);
      assertThat(error.headers().firstValue("Cache-Control")).as(query).isEmpty();
    }
    HttpResponse<String> notAllowed = http.send("DELETE", "/api", null);
    assertThat(notAllowed.statusCode()).isEqualTo(405);
    assertDefaults(notAllowed);
  }
}
