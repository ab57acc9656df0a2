package io.squall.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.examples.EchoSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our client against our server: messages, close codes both ways, subprotocols, refusals. */
class WebSocketClientIT {
  static TestServer server;

  /** "close:CODE:REASON" closes from the server; records what the client's close said. */
  public static final class CloserSocket extends WebSocketHandler {
    static final List<String> closes = new CopyOnWriteArrayList<>();

    @Override
    public String selectSubprotocol(List<String> offered) {
      return offered.isEmpty() ? null : offered.get(offered.size() - 1);
    }

    @Override
    public void onMessage(String message) {
      if (message.startsWith("close:")) {
        String[] p = message.split(":", 3);
        close(Integer.parseInt(p[1]), p[2]);
      } else {
        writeMessage(message + " " + getArgument("tag", "") + " " + request().header("X-Extra"));
      }
    }

    @Override
    public void onClose() {
      closes.add(closeCode() + " " + closeReason());
    }
  }

  @BeforeAll
  static void start() {
    server = TestServer.builder().route("/echo", EchoSocket.class).route("/closer", CloserSocket.class).start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static WebSocketConnection connect(String path) throws Exception {
    return WebSocketClient.connect(URI.create(server.url(path))).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Message read(WebSocketConnection ws) throws Exception {
    return ws.readMessage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 125, 126, 65535, 65536, 1 << 20})
  void echoesTextAndBinaryOfEverySize(int size) throws Exception {
    WebSocketConnection ws = connect("/echo");
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      data[i] = (byte) (i * 7);
    }
    ws.writeMessage(data);
    ws.writeMessage("é".repeat(size / 2));
    assertThat(((Message.Binary) read(ws)).data()).isEqualTo(data);
    assertThat(((Message.Text) read(ws)).text()).isEqualTo("é".repeat(size / 2));
    ws.close();
    ws.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(read(ws)).as("end of stream").isNull();
  }

  @Test
  void sendsObjectsAsJsonAndDeliversToACallback() throws Exception {
    WebSocketConnection ws = connect("/echo");
    CompletableFuture<Message> got = new CompletableFuture<>();
    ws.onMessage(got::complete);
    ws.writeMessage((Object) Map.of("a", 1));
    assertThat(got.get(10, TimeUnit.SECONDS).asText()).isEqualTo("{\"a\":1}");
    ws.close();
  }

  @Test
  void pingIsAnsweredWithTheSamePayload() throws Exception {
    WebSocketConnection ws = connect("/echo");
    CompletableFuture<byte[]> pong = new CompletableFuture<>();
    ws.onPong(pong::complete);
    ws.ping(new byte[] {9, 8, 7});
    assertThat(pong.get(10, TimeUnit.SECONDS)).containsExactly(9, 8, 7);
    ws.close();
  }

  @Test
  void closeCodesTravelBothWays() throws Exception {
    CloserSocket.closes.clear();
    WebSocketConnection a = connect("/closer");
    a.close(4000, "client bye");
    a.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(a.closeCode()).isEqualTo(4000);
    WebSocketConnection b = connect("/closer");
    b.writeMessage("close:4001:server bye");
    b.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(b.closeCode()).isEqualTo(4001);
    assertThat(b.closeReason()).isEqualTo("server bye");
    for (int i = 0; i < 100 && CloserSocket.closes.size() < 2; i++) {
      Thread.sleep(20);
    }
    assertThat(CloserSocket.closes).contains("4000 client bye");
  }

  @Test
  void sendsHeadersQueryAndSubprotocols() throws Exception {
    WebSocketConnection ws = WebSocketClient.connect(URI.create(server.url("/closer?tag=t1")),
        WebSocketClientOptions.builder().header("X-Extra", "yes").subprotocols("one", "two").build())
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(ws.selectedSubprotocol()).isEqualTo("two");
    ws.writeMessage("hi");
    assertThat(read(ws).asText()).isEqualTo("hi t1 yes");
    ws.close();
  }

  @Test
  void failsWithTheHttpStatusWhenRefused() {
    var stage = WebSocketClient.connect(URI.create(server.url("/nowhere"))).toCompletableFuture();
    assertThatThrownBy(() -> stage.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(WebSocketConnectException.class)
        .hasMessage("Expected 101 Switching Protocols, got 404 Not Found.")
        .extracting(e -> ((WebSocketConnectException) e).status()).isEqualTo(404);
  }

  @Test
  void refusedOriginGives403() {
    var stage = WebSocketClient.connect(URI.create(server.url("/echo")),
        WebSocketClientOptions.builder().origin("http://evil.example").build()).toCompletableFuture();
    assertThatThrownBy(() -> stage.get(10, TimeUnit.SECONDS))
        .cause().isInstanceOf(WebSocketConnectException.class)
        .extracting(e -> ((WebSocketConnectException) e).status()).isEqualTo(403);
  }

  @Test
  void rejectsNonWebSocketUris() {
    assertThatThrownBy(() -> WebSocketClient.connect(URI.create("http://127.0.0.1/")).toCompletableFuture().get())
        .cause().isInstanceOf(IllegalArgumentException.class).hasMessage("Not a ws:// or wss:// URI: http://127.0.0.1/");
  }

  @Test
  void writesAfterCloseFail() throws Exception {
    WebSocketConnection ws = connect("/echo");
    ws.close();
    ws.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(ws.writeMessage("late").toCompletableFuture()).isCompletedExceptionally();
    assertThat(ws.isOpen()).isFalse();
  }

  /** A null message is the caller's bug: it hears of it at once, from any thread, and the socket stays usable. */
  @Test
  void writingNullThrowsInTheCallersThread() throws Exception {
    WebSocketConnection ws = connect("/echo");
    assertThatThrownBy(() -> ws.writeMessage((String) null)).isInstanceOf(NullPointerException.class).hasMessage("message");
    assertThatThrownBy(() -> ws.writeMessage((byte[]) null)).isInstanceOf(NullPointerException.class).hasMessage("message");
    assertThatThrownBy(() -> ws.writeMessage((java.nio.ByteBuffer) null)).isInstanceOf(NullPointerException.class).hasMessage("message");
    assertThatThrownBy(() -> ws.writeMessage((Object) null)).isInstanceOf(NullPointerException.class).hasMessage("message");
    ws.writeMessage("still here");
    assertThat(read(ws).asText()).isEqualTo("still here");
    ws.close();
  }

  @Test
  void keepalivePingsTheServer() throws Exception {
    WebSocketConnection ws = WebSocketClient.connect(URI.create(server.url("/echo")),
        WebSocketClientOptions.builder().pingInterval(Duration.ofMillis(100)).build()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    CompletableFuture<byte[]> pong = new CompletableFuture<>();
    ws.onPong(pong::complete);
    assertThat(pong.get(5, TimeUnit.SECONDS)).isEmpty();
    assertThat(ws.isOpen()).isTrue();
    ws.close();
  }

  @Test
  void connectsFromTheGivenLocalAddress() throws Exception {
    try (TestServer s = TestServer.builder().route("/ip", () -> new WebSocketHandler() {
          @Override
          public void onMessage(String message) {
            writeMessage(request().remoteIp());
          }
        }).start()) {
      WebSocketConnection ws = WebSocketClient.connect(URI.create(s.url("/ip")),
          WebSocketClientOptions.builder().localAddress(new java.net.InetSocketAddress("127.0.0.2", 0)).build())
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
      ws.writeMessage("who am I");
      assertThat(read(ws).asText()).isEqualTo("127.0.0.2");
      ws.close();
    }
  }

  @Test
  void aCallbackSetAfterTheLoopEndedStillGetsTheMessagesReadBeforeIt() throws Exception {
    io.squall.ioloop.EventLoopGroup own = new io.squall.ioloop.EventLoopGroup(1, "client-own");
    WebSocketConnection ws = WebSocketClient.connect(URI.create(server.url("/closer")),
        WebSocketClientOptions.builder().group(own).build()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    ws.writeMessage("kept");
    ws.writeMessage("close:1000:bye");
    ws.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
    own.shutdown(java.time.Duration.ofSeconds(2));

    List<String> got = new CopyOnWriteArrayList<>();
    ws.onMessage(m -> got.add(m.asText())); // threw RejectedExecutionException once the loop had ended

    assertThat(got).containsExactly("kept  null");
  }
}
