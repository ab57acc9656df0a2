package io.squall.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tornado's automatic ETag: a 200 to GET or HEAD is revalidated with If-None-Match and answered 304. */
class HandlerEtagIT {
  static Application app;
  static WebClient http;

  /** {@code ?v=N}: its own ETag; {@code ?stream}: flushed first; POST answers too. */
  public static final class Story extends RequestHandler {
    @Override
    public void get() {
      setHeader("Content-Language", "en");
      String v = getArgument("v", null);
      if (v != null) {
        setHeader("ETag", "\"v" + v + "\"");
      }
      write("the story");
      if (getArgument("stream", null) != null) {
        flush();
      }
    }

    @Override
    public void post() {
      write("posted");
    }
  }

  /** Opts out: no ETag, no 304. */
  public static final class Volatile extends RequestHandler {
    @Override
    public void get() {
      write("now");
    }

    @Override
    protected String computeEtag(byte[] body) {
      return null;
    }
  }

  @BeforeAll
  static void start() {
    app = Application.builder().route("/story", Story.class).route("/volatile", Volatile.class)
        .build().listen("127.0.0.1", 0);
    http = new WebClient(app);
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  static String etag(HttpResponse<?> r) {
    return r.headers().firstValue("ETag").orElse(null);
  }

  @Test
  void aRepeatedGetWithItsEtagIsAnswered304WithoutTheBody() {
    HttpResponse<String> first = http.get("/story");
    String etag = etag(first);
    assertThat(etag).matches("\"[0-9a-f]{32}\"");
    assertThat(etag(http.get("/story"))).as("same body, same tag").isEqualTo(etag);
    for (String ifNoneMatch : new String[] {etag, "W/" + etag, "\"other\", " + etag, "*"}) {
      HttpResponse<String> again = http.get("/story", "If-None-Match", ifNoneMatch);
      assertThat(again.statusCode()).as(ifNoneMatch).isEqualTo(304);
      assertThat(again.body()).isEmpty();
      assertThat(etag(again)).isEqualTo(etag);
      assertThat(again.headers().firstValue("Content-Type")).isEmpty();
      assertThat(again.headers().firstValue("Content-Language")).isEmpty();
    }
    HttpResponse<String> changed = http.get("/story", "If-None-Match", "\"stale\"");
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(changed.body()).isEqualTo("the story");
  }

  @Test
  void headIsRevalidatedAsGetIs() {
    String etag = etag(http.get("/story"));
    assertThat(etag(http.send("HEAD", "/story", null))).isEqualTo(etag);
    assertThat(http.send("HEAD", "/story", null, "If-None-Match", etag).statusCode()).isEqualTo(304);
  }

  @Test
  void aHandlersOwnEtagIsTheOneChecked() {
    assertThat(etag(http.get("/story?v=7"))).isEqualTo("\"v7\"");
    assertThat(http.get("/story?v=7", "If-None-Match", "\"v7\"").statusCode()).isEqualTo(304);
    assertThat(http.get("/story?v=8", "If-None-Match", "\"v7\"").statusCode()).isEqualTo(200);
  }

  @Test
  void postsStreamsErrorsAndOptOutsGetNoEtag() {
    HttpResponse<String> post = http.send("POST", "/story", "x", "If-None-Match", "*");
    assertThat(post.statusCode()).isEqualTo(200);
    assertThat(etag(post)).isNull();
    HttpResponse<String> streamed = http.get("/story?stream=1", "If-None-Match", "*");
    assertThat(streamed.statusCode()).isEqualTo(200);
    assertThat(etag(streamed)).isNull();
    assertThat(etag(http.get("/missing"))).isNull();
    HttpResponse<String> optedOut = http.get("/volatile", "If-None-Match", "*");
    assertThat(optedOut.statusCode()).isEqualTo(200);
    assertThat(etag(optedOut)).isNull();
  }
}
