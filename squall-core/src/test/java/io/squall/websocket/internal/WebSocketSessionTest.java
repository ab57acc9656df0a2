package io.squall.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.websocket.WebSocketLimits;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** {@link WebSocketSession} on its own, without a socket. */
class WebSocketSessionTest {
  /** Records the texts it is given. */
  static final class Texts implements WebSocketEndpoint {
    final List<String> received = new ArrayList<>();

    @Override public CompletionStage<?> onOpen(WebSocketSession session) { return null; }
    @Override public CompletionStage<?> onText(String message) { received.add(message); return null; }
    @Override public CompletionStage<?> onBinary(ByteBuffer message) { return null; }
    @Override public void onPing(ByteBuffer payload) {}
    @Override public void onPong(ByteBuffer payload) {}
    @Override public void onWritable() {}
    @Override public void onClose() {}
  }

  @Test
  void aConnectionThatOnlyListensHoldsNoFrameParserUntilItsPeerSendsAByte() {
    Texts endpoint = new Texts();
    WebSocketSession session = new WebSocketSession(endpoint, false, WebSocketLimits.defaults(), KeepAlive.Settings.OFF);
    assertThat(session.hasFrameReader()).isFalse();

    // RFC 6455 §5.7: a masked "Hello", split so that the parser must keep state between reads.
    session.onData(null, Hex.buffer("81 85 37 fa"));
    assertThat(session.hasFrameReader()).isTrue();
    session.onData(null, Hex.buffer("21 3d 7f 9f 4d 51 58"));
    assertThat(endpoint.received).containsExactly("Hello");
  }
}
