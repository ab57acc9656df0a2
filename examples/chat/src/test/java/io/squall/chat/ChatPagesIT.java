package io.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP side of the chat: the pages from the templates, their assets, the health endpoint. */
class ChatPagesIT {
  static ChatServer server;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server = ChatFixture.start(o -> o);
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  static HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(ChatFixture.http(server, path))).build(), HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/index"})
  void rootAndIndexRenderTheChatPage(String path) throws Exception {
    HttpResponse<String> page = get(path);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=UTF-8");
    assertThat(page.body()).contains("<title>Squall chat</title>", "id=\"message\"", "id=\"send\"", "id=\"status\"",
        "data-max-bytes=\"65536\"");
  }

  @Test
  void pagesLinkTheirAssetsRelativelySoTheyWorkUnderAProxySubPath() throws Exception {
    for (String path : new String[] {"/", "/vue"}) {
      String body = get(path).body();
      assertThat(body).doesNotContain("src=\"/", "href=\"/", "http://", "https://");
      Matcher assets = Pattern.compile("(?:src|href)=\"(static/[^\"]+)\"").matcher(body);
      int found = 0;
      while (assets.find()) {
        found++;
        String asset = assets.group(1).replace("&amp;", "&");
        assertThat(asset).as("versioned asset URL").matches("static/[\\w./-]+\\?v=\\w+");
        HttpResponse<String> file = get("/" + asset);
        assertThat(file.statusCode()).as(asset).isEqualTo(200);
        assertThat(file.headers().firstValue("Cache-Control")).as(asset).hasValue("public, max-age=31536000, immutable");
        assertThat(file.headers().firstValue("X-Content-Type-Options")).as(asset).hasValue("nosniff");
      }
      assertThat(found).as("assets linked from " + path).isGreaterThanOrEqualTo(path.equals("/vue") ? 4 : 3);
    }
  }

  /** Own scripts, styles and socket only, no framing; only the Vue page, which compiles its template at run time, may eval. */
  @Test
  void pagesCarryAContentSecurityPolicyAndRefuseFraming() throws Exception {
    for (String path : new String[] {"/", "/vue"}) {
      HttpResponse<String> page = get(path);
      Matcher meta = Pattern.compile("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]+)\">").matcher(page.body());
      assertThat(meta.find()).as(path).isTrue();
      String csp = meta.group(1);
      assertThat(csp).startsWith("default-src 'none'; script-src 'self'").contains("connect-src 'self'").doesNotContain("unsafe-inline");
      assertThat(csp.contains("'unsafe-eval'")).as(path).isEqualTo(path.equals("/vue"));
      assertThat(page.body().indexOf("Content-Security-Policy")).as("before any script").isLessThan(page.body().indexOf("<script"));
      assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
      assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }
  }

  @Test
  void vuePageLoadsTheVendoredVueBuild() throws Exception {
    String body = get("/vue").body();
    assertThat(body).contains("static/vendor/vue.global.prod.js?v=", "static/chat-vue.js?v=", "<div id=\"app\"");
    HttpResponse<String> vue = get("/static/vendor/vue.global.prod.js");
    assertThat(vue.statusCode()).isEqualTo(200);
    assertThat(vue.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
    assertThat(vue.body()).startsWith("/**\n* vue v3.");
  }

  @Test
  void pagesAndAssetsGoGzipToABrowserThatTakesIt() throws Exception {
    for (String path : new String[] {"/", "/static/vendor/vue.global.prod.js"}) {
      HttpRequest identity = HttpRequest.newBuilder(URI.create(ChatFixture.http(server, path))).build();
      byte[] plain = http.send(identity, HttpResponse.BodyHandlers.ofByteArray()).body();
      HttpRequest gzip = HttpRequest.newBuilder(URI.create(ChatFixture.http(server, path)))
          .header("Accept-Encoding", "gzip, deflate, br, zstd").build();
      HttpResponse<byte[]> encoded = http.send(gzip, HttpResponse.BodyHandlers.ofByteArray());
      assertThat(encoded.headers().firstValue("Content-Encoding")).as(path).hasValue("gzip");
      assertThat(encoded.body().length).as(path).isLessThan(plain.length * 3 / 4);
      try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(encoded.body()))) {
        assertThat(in.readAllBytes()).as(path).isEqualTo(plain);
      }
    }
  }

  @Test
  void healthzAnswersOkWithTheNumberOfConnections() throws Exception {
    HttpResponse<String> before = get("/healthz");
    assertThat(before.statusCode()).isEqualTo(200);
    assertThat(before.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(before.body()).isEqualTo("{\"status\":\"ok\",\"connections\":0,\"broker\":\"none\"}");
    try (JdkChatClient client = JdkChatClient.connect(ChatFixture.ws(server))) {
      ChatFixture.awaitRoomSize(server, 1);
      assertThat(get("/healthz").body()).isEqualTo("{\"status\":\"ok\",\"connections\":1,\"broker\":\"none\"}");
    }
  }

  @Test
  void unknownPathsAnswer404() throws Exception {
    assertThat(get("/nope").statusCode()).isEqualTo(404);
    assertThat(get("/static/nope.js").statusCode()).isEqualTo(404);
  }

  @Test
  void messageAnswersAPlainGetWith400() throws Exception {
    HttpResponse<String> r = get("/message");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("Can \"Upgrade\" only to \"WebSocket\".");
  }
}
