package io.squall.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebSocketLimitsTest {
  @Test
  void defaultsMatchTornado() {
    WebSocketLimits limits = WebSocketLimits.defaults();
    assertThat(limits.maxMessageSize()).isEqualTo(10_485_760);
    assertThat(limits.maxOutboundBytes()).isEqualTo(16_777_216);
    assertThat(limits.closeTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(limits.sendTimeout()).as("nginx's send_timeout; Tornado has none").isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void withMethodsChangeOneValue() {
    WebSocketLimits limits = WebSocketLimits.defaults()
        .withMaxMessageSize(65536)
        .withMaxOutboundBytes(1 << 20)
        .withCloseTimeout(Duration.ofMillis(500));
    assertThat(limits).isEqualTo(new WebSocketLimits(65536, 1 << 20, Duration.ofMillis(500)));
    assertThat(limits.withSendTimeout(Duration.ZERO))
        .isEqualTo(new WebSocketLimits(65536, 1 << 20, Duration.ofMillis(500), Duration.ZERO));
    assertThat(WebSocketLimits.defaults().maxMessageSize()).isEqualTo(10_485_760);
  }

  @Test
  void unchangedValuesKeepTheSameRecordSoConnectionsShareIt() {
    WebSocketLimits d = WebSocketLimits.defaults();
    assertThat(d.withMaxMessageSize(d.maxMessageSize()).withMaxOutboundBytes(d.maxOutboundBytes())
        .withCloseTimeout(Duration.ofSeconds(5)).withSendTimeout(Duration.ofSeconds(60))).isSameAs(d);
  }

  @Test
  void refusesValuesThatCannotWork() {
    WebSocketLimits d = WebSocketLimits.defaults();
    assertThatThrownBy(() -> d.withMaxMessageSize(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxMessageSize must be positive, got 0.");
    assertThatThrownBy(() -> d.withMaxMessageSize(3_000_000_000L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxMessageSize 3000000000 exceeds the largest array, 2147483639.");
    assertThatThrownBy(() -> d.withMaxOutboundBytes(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxOutboundBytes must be positive, got -1.");
    assertThatThrownBy(() -> d.withCloseTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("closeTimeout must be positive, got PT0S.");
    assertThatThrownBy(() -> d.withCloseTimeout(null))
        .isInstanceOf(NullPointerException.class).hasMessage("closeTimeout");
    assertThatThrownBy(() -> d.withSendTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sendTimeout must be zero (no limit) or positive, got PT-1S.");
    assertThatThrownBy(() -> d.withSendTimeout(null))
        .isInstanceOf(NullPointerException.class).hasMessage("sendTimeout");
  }
}
