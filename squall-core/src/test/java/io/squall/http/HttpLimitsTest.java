package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpLimitsTest {
  @Test
  void hasTheDocumentedDefaults() {
    assertThat(HttpLimits.defaults()).isEqualTo(new HttpLimits(
        8192, 65536, 104_857_600L, Duration.ofSeconds(10), Duration.ofSeconds(60)));
  }

  @Test
  void copiesWithOneComponentChanged() {
    HttpLimits limits = HttpLimits.defaults()
        .withMaxRequestLineBytes(1)
        .withMaxHeaderBytes(2)
        .withMaxBodyBytes(3)
        .withHeaderTimeout(Duration.ofMillis(4))
        .withIdleTimeout(Duration.ofMillis(5));

    assertThat(limits).isEqualTo(new HttpLimits(1, 2, 3, Duration.ofMillis(4), Duration.ofMillis(5)));
    assertThat(HttpLimits.defaults().maxRequestLineBytes()).isEqualTo(8192);
  }

  @Test
  void rejectsValuesThatAreNotPositive() {
    HttpLimits d = HttpLimits.defaults();
    assertThatThrownBy(() -> d.withMaxRequestLineBytes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxRequestLineBytes must be positive, was 0.");
    assertThatThrownBy(() -> d.withMaxHeaderBytes(-1)).hasMessage("maxHeaderBytes must be positive, was -1.");
    assertThatThrownBy(() -> d.withMaxBodyBytes(0)).hasMessage("maxBodyBytes must be positive, was 0.");
    assertThatThrownBy(() -> d.withHeaderTimeout(Duration.ZERO))
        .hasMessage("headerTimeout must be positive, was PT0S.");
    assertThatThrownBy(() -> d.withIdleTimeout(Duration.ofSeconds(-1)))
        .hasMessage("idleTimeout must be positive, was PT-1S.");
    assertThatThrownBy(() -> d.withIdleTimeout(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("idleTimeout");
  }
}
