package io.squall.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OriginPolicyTest {
  private static final OriginPolicy NONE = new OriginPolicy(List.of());

  @ParameterizedTest
  @CsvSource({
      "http://chat.example:8000, chat.example:8000", "HTTPS://Chat.Example, chat.example",
      "http://chat_web:19401, chat_web:19401", "http://[::1]:8000, [::1]:8000", "http://127.0.0.1/, 127.0.0.1",
      "http://chat.example:/path?q, chat.example",
  })
  void acceptsItsOwnHostWhateverTheCaseAndWithUnderscores(String origin, String host) {
    assertThat(NONE.allows(origin, host)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"null", "chat.example", "http://evil@chat.example", "http://chat.example:80a", "http://[::1",
      "http://chat.example;x", "1http://chat.example", "://chat.example", "http://"})
  void refusesWhatIsNotAnOriginOfTheHost(String origin) {
    assertThat(NONE.allows(origin, "chat.example")).isFalse();
    assertThat(OriginPolicy.netloc(origin)).isNull();
  }

  @Test
  void refusesAnotherHostOrPort() {
    assertThat(NONE.allows("http://evil.example", "chat.example")).isFalse();
    assertThat(NONE.allows("http://chat.example:8001", "chat.example:8000")).isFalse();
  }

  @Test
  void aHostPatternMatchesSubdomainsOnly() {
    OriginPolicy policy = new OriginPolicy(List.of(" *.Example.com "));
    assertThat(policy.allows("https://app.example.com", "chat.internal")).isTrue();
    assertThat(policy.allows("https://a_b.example.com:8443", "chat.internal")).isTrue();
    assertThat(policy.allows("https://example.com", "chat.internal")).isFalse();
    assertThat(policy.allows("https://evilexample.com", "chat.internal")).isFalse();
    assertThat(policy.allows("https://example.com.evil.com", "chat.internal")).isFalse();
    assertThat(policy.allows("https://evil@app.example.com", "chat.internal")).isFalse();
  }

  @Test
  void anExactOriginOrStarIsAllowed() {
    assertThat(new OriginPolicy(List.of("https://App.Example:8443")).allows("https://app.example:8443", "x")).isTrue();
    assertThat(new OriginPolicy(List.of("https://app.example:8443")).allows("https://app.example", "x")).isFalse();
    assertThat(new OriginPolicy(List.of("*")).allows("null", "x")).isTrue();
  }
}
