package io.squall.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebSocketClientOptionsTest {
  @Test
  void keepsExtraHeadersInOrderWithRepeats() {
    WebSocketClientOptions o = WebSocketClientOptions.builder()
        .header("Authorization", "Bearer x").header("X-Tag", "a").header("X-Tag", "b").build();
    assertThat(o.headers()).containsEntry("Authorization", List.of("Bearer x")).containsEntry("X-Tag", List.of("a", "b"));
  }

  /** A second Host or Sec-WebSocket-Key would make the request ambiguous: a server must answer 400 to two Hosts. */
  @ParameterizedTest
  @ValueSource(strings = {"Host", "host", "Upgrade", "Connection", "Origin", "Sec-WebSocket-Key", "sec-websocket-version",
      "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions", "Content-Length", "Transfer-Encoding"})
  void refusesTheHandshakesOwnHeaders(String name) {
    assertThatThrownBy(() -> WebSocketClientOptions.builder().header(name, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Header '" + name + "' is written by the WebSocket client itself.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "X Tag", "X-Tag:", "X\r\nY"})
  void refusesAHeaderNameThatIsNotAToken(String name) {
    assertThatThrownBy(() -> WebSocketClientOptions.builder().header(name, "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("Header name '" + name + "' is not a token.");
  }

  /** RFC 6455 §4.1: each offered subprotocol is a token, so "x,y" cannot smuggle in a second offer. */
  @ParameterizedTest
  @ValueSource(strings = {"x,y", "a b", "", "chat\"", "é"})
  void refusesASubprotocolThatIsNotAToken(String protocol) {
    assertThatThrownBy(() -> WebSocketClientOptions.builder().subprotocols("ok", protocol))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Subprotocol '" + protocol + "' is not a token (RFC 6455 §4.1).");
  }

  @Test
  void offersTokenSubprotocolsInOrder() {
    assertThat(WebSocketClientOptions.builder().subprotocols("v2.chat", "mqtt").build().subprotocols())
        .containsExactly("v2.chat", "mqtt");
  }
}
