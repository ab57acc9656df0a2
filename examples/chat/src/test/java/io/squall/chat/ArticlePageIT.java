package io.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The article's own {@code index.html} (socket URL changed, nothing else) as the chat's template,
 * in Chromium and in Firefox, against our server. Its CDN links cannot load here (no network): they
 * are made to fail at once, and jQuery 3.4.1 — the version the page links — is put in place before the page's
 * scripts run, as the CDN would. The page only logs what it receives, so the test records
 * {@code console.log}.
 */
class ArticlePageIT {
  static final Path FIXTURE = TestPaths.module().resolve("src/test/resources/article");
  static final String RECORD_CONSOLE = """
      window.__console = [];
      (function (log) {
        console.log = function () {
          window.__console.push(Array.prototype.map.call(arguments, String).join(' '));
          return log.apply(console, arguments);
        };
      })(console.log);
      window.addEventListener('error', function (e) { window.__console.push('error: ' + e.message); });
      """;

  /**
   * Defines {@code $} and {@code jQuery} so that the first use loads jQuery 3.4.1. It cannot simply
   * run at document start: jQuery's selector engine needs {@code document.documentElement}, which
   * does not exist yet then; on first use (the page's inline script) it does.
   */
  static final String PROVIDE_JQUERY = """
      (function (source) {
        function load() {
          delete window.$;
          delete window.jQuery;
          (0, eval)(source);
          return window.jQuery;
        }
        Object.defineProperty(window, '$', { configurable: true, get: load });
        Object.defineProperty(window, 'jQuery', { configurable: true, get: load });
      })(JQUERY_SOURCE);
      """;

  @ParameterizedTest(name = "{0}")
  @EnumSource(Browser.Kind.class)
  void articlesPageSendsAndReceivesThroughOurServer(Browser.Kind kind) throws IOException {
    Path webRoot = TestPaths.newFolder("article-web-");
    Files.createDirectories(webRoot.resolve("templates"));
    Files.createDirectories(webRoot.resolve("static"));
    Files.copy(FIXTURE.resolve("index.html"), webRoot.resolve("templates/index.html"));
    ChatServer server = ChatFixture.start(o -> o.withWebRoot(webRoot));
    // Chromium is told the CDN's name does not exist; Firefox's profile sends it to a dead proxy.
    try (Browser browser = kind == Browser.Kind.CHROMIUM
        ? Chromium.start("--host-resolver-rules=MAP cdn.bootcss.com ~NOTFOUND") : kind.start()) {
      String jquery = Files.readString(FIXTURE.resolve("jquery-3.4.1.min.js"));
      browser.runBeforeEachPage(RECORD_CONSOLE + PROVIDE_JQUERY.replace("JQUERY_SOURCE", new ObjectMapper().writeValueAsString(jquery)));
      browser.open(ChatFixture.http(server, "/index"));
      browser.await("the article's 'websocket open' log", () -> console(browser).contains("websocket open"));
      assertThat(console(browser)).as("the page's own log").doesNotContain("browser not support WebSocket")
          .noneMatch(l -> l.startsWith("error: ") && !l.contains("bootstrap") && !l.contains("Bootstrap"));
      assertThat(browser.js("return window.jQuery.fn.jquery")).isEqualTo("3.4.1");

      try (PythonChatClient other = PythonChatClient.to(ChatFixture.ws(server)).open()) {
        ChatFixture.awaitRoomSize(server, 2);
        browser.type("message", "来自文章的页面");
        browser.click("send"); // the page's $("#send").on("click", ...)
        String raw = other.nextMessage();
        ChatLine fromPage = ChatLine.parse(raw);
        assertThat(fromPage.message()).isEqualTo("来自文章的页面");
        assertThat(fromPage.ip()).isEqualTo("127.0.0.1");
        browser.await("the broadcast in the page's log", () -> console(browser).contains(raw));

        other.send("hello, article page");
        String line = other.nextMessage();
        browser.await("the python client's line in the page's log", () -> console(browser).contains(line));
      }
      browser.screenshot("article-page");
    } finally {
      server.stop();
    }
  }

  @SuppressWarnings("unchecked")
  static List<String> console(Browser browser) {
    return (List<String>) browser.js("return window.__console || []");
  }
}
