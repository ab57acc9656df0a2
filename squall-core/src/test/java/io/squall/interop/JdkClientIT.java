package io.squall.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.interop.JdkWebSocket.Binary;
import io.squall.interop.JdkWebSocket.Closed;
import io.squall.interop.JdkWebSocket.Pong;
import io.squall.interop.JdkWebSocket.Text;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JDK's {@code java.net.http.WebSocket} against a Squall server: the cases the scripts run.
 * Each test has its own {@code /echo} connection, so one failure cannot leave events for the next.
 */
class JdkClientIT {
  static InteropServer server;
  JdkWebSocket echo;

  @BeforeAll
  static void start() {
    server = new InteropServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void connect() throws Exception {
    echo = JdkWebSocket.connect(server.baseUrl() + "/echo");
  }

  @AfterEach
  void disconnect() throws Exception {
    try {
      echo.assertNoEventLeft();
    } finally {
      echo.close();
    }
  }

  static IntStream sizes() {
    return ClientInteropContract.sizes();
  }

  @ParameterizedTest
  @MethodSource("sizes")
  void echoesText(int size) throws Exception {
    String text = Patterns.text(size);
    echo.ws.sendText(text, true).get(10, TimeUnit.SECONDS);
    assertThat(Patterns.sha256(echo.next(Text.class).text())).isEqualTo(Patterns.sha256(text));
  }

  @ParameterizedTest
  @MethodSource("sizes")
  void echoesBinary(int size) throws Exception {
    byte[] bytes = Patterns.binary(size);
    echo.ws.sendBinary(ByteBuffer.wrap(bytes), true).get(10, TimeUnit.SECONDS);
    assertThat(Patterns.sha256(echo.next(Binary.class).bytes())).isEqualTo(Patterns.sha256(bytes));
  }

  /** {@code sendText(part, false)}, an empty part among them, and a ping between parts. */
  @Test
  void serverReassemblesFragmentedText() throws Exception {
    String text = Patterns.text(65536);
    echo.ws.sendText(text.substring(0, 1000), false).get(10, TimeUnit.SECONDS);
    echo.ws.sendPing(ByteBuffer.wrap(new byte[] {42})).get(10, TimeUnit.SECONDS);
    echo.ws.sendText("", false).get(10, TimeUnit.SECONDS);
    echo.ws.sendText(text.substring(1000), true).get(10, TimeUnit.SECONDS);
    assertThat(echo.next(Pong.class).payload()).containsExactly(42);
    assertThat(Patterns.sha256(echo.next(Text.class).text())).isEqualTo(Patterns.sha256(text));
  }

  @Test
  void serverReassemblesFragmentedBinary() throws Exception {
    byte[] bytes = Patterns.binary(65536);
    echo.ws.sendBinary(ByteBuffer.wrap(bytes, 0, 1), false).get(10, TimeUnit.SECONDS);
    echo.ws.sendBinary(ByteBuffer.wrap(bytes, 1, 39_999), false).get(10, TimeUnit.SECONDS);
    echo.ws.sendBinary(ByteBuffer.wrap(bytes, 40_000, bytes.length - 40_000), true).get(10, TimeUnit.SECONDS);
    assertThat(Patterns.sha256(echo.next(Binary.class).bytes())).isEqualTo(Patterns.sha256(bytes));
  }

  @Test
  void pongCarriesThePingPayload() throws Exception {
    echo.ws.sendPing(ByteBuffer.wrap(Patterns.pingPayload())).get(10, TimeUnit.SECONDS);
    assertThat(echo.next(Pong.class).payload()).isEqualTo(Patterns.pingPayload());
    echo.ws.sendPing(ByteBuffer.allocate(0)).get(10, TimeUnit.SECONDS);
    assertThat(echo.next(Pong.class).payload()).isEmpty();
  }

  @Test
  void handlerSeesTheClientsCloseCodeAndReason() throws Exception {
    try (JdkWebSocket c = JdkWebSocket.connect(server.baseUrl() + "/close/client_bye")) {
      c.ws.sendClose(4000, "client bye").get(10, TimeUnit.SECONDS);
      assertThat(c.next(Closed.class).code()).as("the server echoes the code").isEqualTo(4000);
      assertThat(server.closes().await("client_bye")).isEqualTo(new PeerClose(4000, "client bye"));
    }
  }

  @Test
  void clientSeesTheHandlersCloseCodeAndReason() throws Exception {
    try (JdkWebSocket c = JdkWebSocket.connect(server.baseUrl() + "/close/server_bye")) {
      c.ws.sendText("close:4001:bye", true).get(10, TimeUnit.SECONDS);
      assertThat(c.next(Closed.class)).isEqualTo(new Closed(4001, "bye"));
      assertThat(server.closes().await("server_bye").code())
          .as("the client answered the close frame (1006 would mean it did not)").isNotEqualTo(1006);
    }
  }
}
