package io.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChatOptionsTest {
  @Test
  void defaultsAreTheArticlesPortOnAllInterfacesWith64KiBMessagesAnd30SecondPings() {
    ChatOptions o = ChatOptions.defaults();
    assertThat(o.port()).isEqualTo(8000);
    assertThat(o.host()).isEqualTo("0.0.0.0");
    assertThat(o.maxMessageSize()).isEqualTo(64 * 1024);
    assertThat(o.pingInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.trustedProxies()).isEmpty();
  }

  @Test
  void webRootFollowsTheLaunchersSquallHome() {
    String before = System.getProperty("squall.home");
    System.setProperty("squall.home", "/opt/squall");
    try {
      assertThat(ChatOptions.defaultWebRoot()).isEqualTo(Path.of("/opt/squall/examples/chat/web"));
    } finally {
      if (before == null) {
        System.clearProperty("squall.home");
      } else {
        System.setProperty("squall.home", before);
      }
    }
  }
}
