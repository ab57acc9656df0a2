package io.squall.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.websocket.WebSocketLimits;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** {@link WebSocketSession} on its own, without a socket. */
class WebSocketSessionTest {
  /** An endpoint that ignores everything but the texts, which it adds to {@link #received()}. */
  interface TextsOnly extends WebSocketEndpoint {
    List<String> received();

    @Override default CompletionStage<?> onOpen(WebSocketSession session) { return null; }
    @Override default CompletionStage<?> onText(String message) { received().add(message); return null; }
    @Override default CompletionStage<?> onBinary(ByteBuffer message) { return null; }
    @Override default void onPing(ByteBuffer payload) {}
    @Override default void onPong(ByteBuffer payload) {}
    @Override default void onWritable() {}
    @Override default void onClose() {}
  }

  /** Records the texts it is given. */
  record Texts(List<String> received) implements TextsOnly {
    Texts() {
      this(new ArrayList<>());
    }
  }

  @Test
  void aConnectionThatOnlyListensHoldsNoFrameParserUntilItsPeerSendsAByte() {
    Texts endpoint = new Texts();
    WebSocketSession session = WebSocketSession.create(endpoint, false, WebSocketLimits.defaults(), KeepAlive.Settings.OFF);
    assertThat(session.hasFrameReader()).isFalse();

    // RFC 6455 §5.7: a masked "Hello", split so that the parser must keep state between reads.
    session.onData(null, Hex.buffer("81 85 37 fa"));
    assertThat(session.hasFrameReader()).isTrue();
    session.onData(null, Hex.buffer("21 3d 7f 9f 4d 51 58"));
    assertThat(endpoint.received()).containsExactly("Hello");
  }

  /** A session that is its own endpoint, as a server handler's is. */
  static final class SelfTexts extends WebSocketSession implements TextsOnly {
    final List<String> received = new ArrayList<>();

    SelfTexts() {
      super(WebSocketLimits.defaults(), KeepAlive.Settings.OFF, null);
    }

    @Override
    public List<String> received() {
      return received;
    }
  }

  @Test
  void aSubclassThatIsItsOwnEndpointReceivesTheMessages() {
    SelfTexts session = new SelfTexts();
    session.onData(null, Hex.buffer("81 85 37 fa 21 3d 7f 9f 4d 51 58"));
    assertThat(session.received).containsExactly("Hello");
  }

  @Test
  void aSubclassWithoutAnEndpointIsRefusedWhenMade() {
    class NoEndpoint extends WebSocketSession {
      NoEndpoint() {
        super(WebSocketLimits.defaults(), KeepAlive.Settings.OFF, null);
      }
    }
    assertThatThrownBy(NoEndpoint::new)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("must implement WebSocketEndpoint");
  }

  @Test
  void aSessionGivenNoEndpointIsRefused() {
    assertThatThrownBy(() -> WebSocketSession.create(null, false, WebSocketLimits.defaults(), KeepAlive.Settings.OFF))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("endpoint");
  }
}
