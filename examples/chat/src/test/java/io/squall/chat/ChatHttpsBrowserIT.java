package io.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The chat over Squall's own TLS (no proxy: {@code --certfile/--keyfile}) in real browsers, whose
 * TLS stacks are not the JDK's (Chromium's BoringSSL, Firefox's NSS): the page over https, its
 * socket over wss, and a message larger than a TLS record (16 KiB) broadcast back intact.
 */
class ChatHttpsBrowserIT {
  /** Sends one large message on a socket of its own and waits for its broadcast; reports its length and whether it matched. */
  static final String LARGE_MESSAGE = """
      const done = arguments[arguments.length - 1];
      const text = '加密的聊天 over wss, '.repeat(2000);
      const ws = new WebSocket(arguments[0]);
      ws.onopen = () => ws.send(text);
      ws.onmessage = (e) => { if (e.data.endsWith(' : ' + text)) { done('intact ' + text.length); ws.close(); } };
      ws.onclose = (e) => done('closed ' + e.code);
      """;

  static ChatServer server;

  @BeforeAll
  static void start() {
    Path tls = TestPaths.newFolder("chat-tls-");
    try (ExternalProcess openssl = ExternalProcess.start("openssl", List.of("openssl", "req", "-x509", "-newkey", "ec",
        "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
        "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", tls.resolve("key.pem").toString(),
        "-out", tls.resolve("cert.pem").toString()))) {
      assertThat(openssl.waitFor(Duration.ofSeconds(30))).as(openssl.logText()).isZero();
    }
    server = ChatFixture.start(o -> o.withTls(new ChatOptions.Tls(tls.resolve("cert.pem"), tls.resolve("key.pem"))));
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  static String https(String path) {
    return "https://127.0.0.1:" + server.port() + path;
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Browser.Kind.class)
  void twoWindowsChatOverHttpsAndWss(Browser.Kind kind) {
    try (Browser browser = kind.startTrustingAnyCertificate()) {
      String a = browser.open(https("/"));
      browser.awaitStatus("open");
      String b = browser.open(https("/vue"));
      browser.awaitStatus("open");
      ChatFixture.awaitRoomSize(server, 2);
      assertThat(browser.js("return window.SquallChat.socketUrl(window.location)"))
          .isEqualTo("wss://127.0.0.1:" + server.port() + "/message");

      browser.sendWithEnter("hello over wss from the Vue page");
      browser.use(a);
      ChatLine line = ChatLine.parse(browser.awaitLines(1).get(0));
      assertThat(line.message()).isEqualTo("hello over wss from the Vue page");
      assertThat(line.ip()).isEqualTo("127.0.0.1");

      assertThat(browser.jsAsync(Duration.ofSeconds(15), LARGE_MESSAGE, "wss://127.0.0.1:" + server.port() + "/message"))
          .isEqualTo("intact " + "加密的聊天 over wss, ".length() * 2000);
      browser.use(b);
      browser.await("the large message in the other window", () -> browser.lines().size() == 2);
      browser.screenshot("chat-over-https");
    }
  }
}
