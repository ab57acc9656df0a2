package io.squall.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class WebSocketProtocolTest {
  @Test
  void acceptKeyMatchesTheRfcSample() {
    // RFC 6455 §1.3 and §11.3.3: the sample nonce and the Sec-WebSocket-Accept a server answers with
    assertThat(WebSocketProtocol.acceptKey("dGhlIHNhbXBsZSBub25jZQ=="))
        .isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  }

  @Test
  void acceptKeyHashesTheKeyAsGiven() {
    // RFC 6455 §4.2.2: the key is used as sent (already trimmed), not base64-decoded first
    assertThat(WebSocketProtocol.acceptKey("x3JJHMbDL1EzLkh9GBhXDw=="))
        .isEqualTo("HSmrc0sMlYUkAGmm5OPpG2HaGWk=");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dGhlIHNhbXBsZSBub25jZQ==", "AAAAAAAAAAAAAAAAAAAAAA==", "/////////////////////w=="})
  void acceptsBase64KeysOf16Bytes(String key) {
    assertThat(WebSocketProtocol.isValidClientKey(key)).isTrue();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {
      "dGhlIHNhbXBsZSBub25jZQ", // 16 bytes but padding missing: 22 characters
      "dGhlIHNhbXBsZSBub25jZQ=", // one padding character short
      "dGhlIHNhbXBsZSBub25jZSE=", // 17 bytes
      "dGhlIHNhbXBsZSBub25j", // 15 bytes
      "dGhlIHNhbXBsZSBub25jZQ==AAAA", // 19 bytes
      "dGhlIHNhbXBsZSBub25jZ!==", // not base64
      " dGhlIHNhbXBsZSBub25jZQ=", // whitespace is the header parser's to trim
      "dGhlIHNhbXBsZSBub25jZQ-_", // base64url alphabet, not base64
  })
  void rejectsKeysThatAreNot16BytesOfBase64(String key) {
    assertThat(WebSocketProtocol.isValidClientKey(key)).isFalse();
  }

  @Test
  void constantsNameTheHeaderBits() {
    assertThat(WebSocketProtocol.FLAG_FIN | WebSocketProtocol.MASK_RSV | WebSocketProtocol.MASK_OPCODE)
        .isEqualTo(0xFF);
    assertThat(WebSocketProtocol.FLAG_MASK | WebSocketProtocol.MASK_PAYLOAD_LENGTH).isEqualTo(0xFF);
    assertThat(WebSocketProtocol.isControl(WebSocketProtocol.OPCODE_CLOSE)).isTrue();
    assertThat(WebSocketProtocol.isControl(WebSocketProtocol.OPCODE_PONG)).isTrue();
    assertThat(WebSocketProtocol.isControl(WebSocketProtocol.OPCODE_BINARY)).isFalse();
    assertThat(WebSocketProtocol.isControl(WebSocketProtocol.OPCODE_CONTINUATION)).isFalse();
  }
}
