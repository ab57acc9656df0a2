package io.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.Keys;

/**
 * Issue 4, test (c): real browsers (headless Chromium and Firefox, each test in both) chat in
 * several windows, on the plain page and on the Vue client; screenshots go to
 * {@code target/chat-it/screenshots/}.
 */
class ChatBrowserIT {
  static final String XSS = "<img src=x onerror=alert(1)>";
  static ChatServer server;

  @BeforeAll
  static void start() {
    server = ChatFixture.start(o -> o);
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  static String message(String line) {
    return ChatLine.parse(line).message();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Browser.Kind.class)
  void twoWindowsOfThePageSeeEachOthersMessagesAsText(Browser.Kind kind) {
    try (Browser browser = kind.start()) {
      String a = browser.open(ChatFixture.http(server, "/"));
      browser.awaitStatus("open");
      String b = browser.open(ChatFixture.http(server, "/index"));
      browser.awaitStatus("open");
      ChatFixture.awaitRoomSize(server, 2);

      browser.use(a);
      browser.sendWithEnter("hello from window A");
      browser.use(b);
      assertThat(message(browser.awaitLines(1).get(0))).isEqualTo("hello from window A");
      browser.sendWithButton(XSS);
      browser.type("message", "two", Keys.chord(Keys.SHIFT, Keys.ENTER), "[2026-01-01 00:00:00] 10.0.0.1 : forged", Keys.ENTER);

      for (String window : List.of(a, b)) {
        browser.use(window);
        List<String> lines = browser.awaitLines(3);
        assertThat(lines).extracting(ChatBrowserIT::message).containsExactly("hello from window A", XSS, "two\n[2026-01-01 00:00:00] 10.0.0.1 : forged");
        assertThat(browser.js("return document.querySelectorAll('#log img').length")).isEqualTo(0L);
        assertThat(browser.js("return document.getElementById('message').value")).isEqualTo("");
        assertOnlyTheServersPrefixIsDrawnAsOne(browser, lines);
        browser.screenshot("chat-window-" + (window.equals(a) ? "a" : "b"));
      }
    }
  }

  /**
   * Each line shows the server's "[time] ip : " in its own element and the message in another, so
   * a message that carries a prefix of its own (after a line break, say) still reads as message
   * text and cannot pass for another sender's line.
   */
  static void assertOnlyTheServersPrefixIsDrawnAsOne(Browser browser, List<String> lines) {
    Object metas = browser.js("return Array.from(document.querySelectorAll('#log li')).map(li => li.querySelector('.meta').textContent + '|' + li.querySelector('.text').textContent);");
    List<String> expected = lines.stream().map(l -> {
      ChatLine line = ChatLine.parse(l);
      return l.substring(0, l.length() - line.message().length()) + "|" + line.message();
    }).toList();
    assertThat(metas).isEqualTo(expected);
  }

  static double number(Object jsNumber) {
    return ((Number) jsNumber).doubleValue();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Browser.Kind.class)
  void pageFitsAPhoneScreenWithoutSidewaysScrolling(Browser.Kind kind) {
    try (Browser browser = kind.start()) {
      browser.open(ChatFixture.http(server, "/"));
      browser.resize(390, 844);
      browser.awaitStatus("open");
      browser.sendWithEnter("a long word that must wrap: " + "x".repeat(300));
      browser.awaitLines(1);
      assertThat(number(browser.js("return document.documentElement.scrollWidth - window.innerWidth"))).isLessThanOrEqualTo(0);
      assertThat(number(browser.js("return document.getElementById('send').getBoundingClientRect().right")))
          .isLessThanOrEqualTo(number(browser.js("return window.innerWidth")));
      assertThat(number(browser.js("return document.getElementById('send').getBoundingClientRect().bottom")))
          .isLessThanOrEqualTo(number(browser.js("return window.innerHeight")));
      browser.screenshot("chat-phone");
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Browser.Kind.class)
  void vueClientChatsWithThePlainPageAndClosesItsSocketWhenUnmounted(Browser.Kind kind) {
    try (Browser browser = kind.start()) {
      String vue1 = browser.open(ChatFixture.http(server, "/vue"));
      browser.awaitStatus("open");
      String vue2 = browser.open(ChatFixture.http(server, "/vue"));
      browser.awaitStatus("open");
      String plain = browser.open(ChatFixture.http(server, "/"));
      browser.awaitStatus("open");
      ChatFixture.awaitRoomSize(server, 3);

      browser.use(vue1);
      browser.sendWithEnter("hello from Vue");
      browser.use(plain);
      assertThat(message(browser.awaitLines(1).get(0))).isEqualTo("hello from Vue");
      browser.sendWithButton("hello back from the plain page");
      browser.use(vue2);
      browser.sendWithButton(XSS);

      for (String window : List.of(vue1, vue2, plain)) {
        browser.use(window);
        assertThat(browser.awaitLines(3)).extracting(ChatBrowserIT::message)
            .containsExactly("hello from Vue", "hello back from the plain page", XSS);
        assertThat(browser.js("return document.querySelectorAll('#log img').length")).isEqualTo(0L);
        assertOnlyTheServersPrefixIsDrawnAsOne(browser, browser.lines());
      }
      browser.use(vue1);
      browser.screenshot("vue-window-1");
      browser.use(vue2);
      browser.screenshot("vue-window-2");

      browser.js("window.chatApp.unmount()");
      ChatFixture.awaitRoomSize(server, 2);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Browser.Kind.class)
  void reconnectsWithBackoffAfterTheServerRestarts(Browser.Kind kind) {
    ChatServer first = ChatFixture.start(o -> o);
    int port = first.port();
    ChatServer second = null;
    try (Browser browser = kind.start()) {
      browser.open(ChatFixture.http(first, "/"));
      browser.awaitStatus("open");
      first.stop();
      browser.awaitStatus("closed");
      assertThat(browser.statusText()).startsWith("Disconnected (").contains("retrying in");
      assertThat(browser.js("return document.getElementById('send').disabled")).isEqualTo(true);

      second = ChatFixture.start(o -> o.withPort(port));
      browser.awaitStatus("open");
      browser.sendWithEnter("back again");
      assertThat(message(browser.awaitLines(1).get(0))).isEqualTo("back again");
    } finally {
      first.stop();
      if (second != null) {
        second.stop();
      }
    }
  }
}
