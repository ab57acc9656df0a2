package io.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.web.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The article's settings, as the chat server hands them to its Application (nothing listens here). */
class ChatServerTest {
  @Test
  void passesTheArticlesSettingsAndTheChatLimitsToTheApplication() {
    Path web = Path.of("/srv/chat/web");
    ChatOptions options = ChatOptions.defaults().withDebug(true).withCookieSecret("s3cret").withWebRoot(web)
        .withTrustedProxies(List.of("127.0.0.1/32")).withAllowedOrigins(List.of("https://app.example"))
        .withMaxMessageSize(4096).withPingInterval(Duration.ofSeconds(20));
    Settings s = new ChatServer(options).application().settings();
    assertThat(s.getBoolean(Settings.DEBUG)).isTrue();
    assertThat(s.getString(Settings.COOKIE_SECRET, null)).isEqualTo("s3cret");
    assertThat(s.get(Settings.STATIC_PATH)).isEqualTo(web.resolve("static"));
    assertThat(s.get(Settings.TEMPLATE_PATH)).isEqualTo(web.resolve("templates"));
    assertThat(s.getStrings(Settings.TRUSTED_PROXIES)).containsExactly("127.0.0.1/32");
    assertThat(s.getStrings(Settings.ALLOWED_ORIGINS)).containsExactly("https://app.example");
    assertThat(s.getLong(Settings.WEBSOCKET_MAX_MESSAGE_SIZE, 0)).isEqualTo(4096);
    assertThat(s.getDuration(Settings.WEBSOCKET_PING_INTERVAL, null)).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void refusesOptionsThatListenNowhere() {
    assertThatThrownBy(() -> new ChatServer(ChatOptions.defaults().withPort(ChatOptions.NO_TCP)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("No way in: without a TCP port the chat needs a Unix-domain socket.");
  }

  @Test
  void passesReusePortToTheApplication() {
    ChatOptions options = ChatOptions.defaults().withReusePort(true).withCookieSecret("s");
    assertThat(new ChatServer(options).application().settings().getBoolean(Settings.REUSE_PORT)).isTrue();
    assertThat(new ChatServer(ChatOptions.defaults().withCookieSecret("s")).application().settings().getBoolean(Settings.REUSE_PORT))
        .isFalse();
  }

  @Test
  void generatesARandomCookieSecretWhenNoneIsGiven() {
    // (SQUALL_COOKIE_SECRET is not set where the tests run; with it, its value would be used.)
    String first = new ChatServer(ChatOptions.defaults()).application().settings().getString(Settings.COOKIE_SECRET, null);
    String second = new ChatServer(ChatOptions.defaults()).application().settings().getString(Settings.COOKIE_SECRET, null);
    if (System.getenv(ChatServer.COOKIE_SECRET_ENV) == null) {
      assertThat(first).matches("[0-9a-f]{64}").isNotEqualTo(second);
    } else {
      assertThat(first).isEqualTo(System.getenv(ChatServer.COOKIE_SECRET_ENV)).isEqualTo(second);
    }
  }
}
