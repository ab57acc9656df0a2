package io.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    assertThat(o.tls()).as("plain http: nginx terminates TLS in the documented deployment").isNull();
  }

  @Test
  void tlsIsKeptByEveryOtherWither() {
    ChatOptions.Tls tls = new ChatOptions.Tls(Path.of("/etc/chat/cert.pem"), Path.of("/etc/chat/key.pem"));
    ChatOptions o = ChatOptions.defaults().withTls(tls).withPort(8443).withDebug(true).withRedis(null);
    assertThat(o.tls()).isEqualTo(tls);
    assertThat(o.port()).isEqualTo(8443);
    assertThatThrownBy(() -> new ChatOptions.Tls(Path.of("cert.pem"), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("TLS needs both a certificate file and a key file.");
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
