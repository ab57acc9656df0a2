package io.squall.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@link RedisBroker#connect} says about a URI it cannot use, before connecting anywhere. */
class RedisUriTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "redis://:s3cret@127.0.0.1:notaport", "redis://:s3cret@", "redis://:s3cret@127.0.0.1:99999",
      "redis://:s3cret@127.0.0.1:0", "redis://:s3cret@[::1", "http://:s3cret@127.0.0.1:6379"})
  void aMalformedUriIsRefusedWithoutItsPassword(String uri) {
    String shown = uri.replace(":s3cret@", "***@");

    assertThatThrownBy(() -> RedisBroker.connect(uri))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Not a Redis URI: " + shown + " (expected redis://host:port or rediss://host:port).")
        .hasNoCause();
  }

  @Test
  void redactionHidesOnlyTheUserInformation() {
    assertThat(RedisBroker.redacted("rediss://user:pa@ss@redis.internal:6380/0")).isEqualTo("rediss://***@redis.internal:6380/0");
    assertThat(RedisBroker.redacted("redis://127.0.0.1:6379")).isEqualTo("redis://127.0.0.1:6379");
    assertThat(RedisBroker.redacted("127.0.0.1:6379")).isEqualTo("127.0.0.1:6379");
  }
}
