package io.squall.websocket;

import static io.squall.websocket.WebSocketFramingIT.assertClosedWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.examples.EchoSocket;
import io.squall.web.Settings;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** permessage-deflate on the wire (RFC 7692), with a raw client that compresses by hand. */
class WebSocketCompressionIT {
  static final String OFFER = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n";
  static final int RSV1 = 4;
  static TestServer compressing;
  static TestServer withContext;
  static TestServer plain;

  @BeforeAll
  static void start() {
    compressing = TestServer.builder().route("/echo", EchoSocket.class)
        .setting(Settings.WEBSOCKET_COMPRESSION, WebSocketCompression.on())
        .setting(Settings.WEBSOCKET_MAX_MESSAGE_SIZE, 65_536)
        .start();
    withContext = TestServer.builder().route("/echo", EchoSocket.class)
        .setting(Settings.WEBSOCKET_COMPRESSION, WebSocketCompression.on().withContextTakeover(true))
        .start();
    plain = TestServer.builder().route("/echo", EchoSocket.class).start();
  }

  @AfterAll
  static void stop() {
    compressing.close();
    withContext.close();
    plain.close();
  }

  /** Raw deflate with the sync-flush tail removed, as RFC 7692 §7.2.1 sends it. */
  static byte[] deflate(byte[] data) {
    Deflater d = new Deflater(6, true);
    d.setInput(data);
    byte[] out = new byte[data.length + 64];
    int n = d.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
    d.end();
    return Arrays.copyOf(out, n - 4);
  }

  static String inflate(byte[] data) throws DataFormatException {
    Inflater inf = new Inflater(true);
    inf.setInput(concat(data, new byte[] {0, 0, (byte) 0xff, (byte) 0xff}));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    while (!inf.needsInput()) {
      int n = inf.inflate(buf);
      out.write(buf, 0, n);
    }
    inf.end();
    return out.toString(StandardCharsets.UTF_8);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void agreesWithoutContextTakeoverAndEchoesACompressedMessageCompressed() throws Exception {
    String text = "A chat line that compresses well. ".repeat(50);
    try (RawWebSocket ws = RawWebSocket.connect(compressing.port(), "/echo", OFFER)) {
      assertThat(ws.responseHead).contains(
          "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover\r\n");

      ws.send(true, RSV1, 1, deflate(utf8(text)), true);

      RawWebSocket.Frame echo = ws.read();
      assertThat(echo.rsv()).isEqualTo(RSV1);
      assertThat(echo.payload().length).isLessThan(text.length() / 10);
      assertThat(inflate(echo.payload())).isEqualTo(text);
    }
  }

  @Test
  void eachMessageChoosesShortOnesGoOutPlainAndPlainOnesAreAccepted() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(compressing.port(), "/echo", OFFER)) {
      ws.sendText("short");
      RawWebSocket.Frame echo = ws.read();
      assertThat(echo.rsv()).isZero();
      assertThat(echo.text()).isEqualTo("short");

      byte[] binary = utf8("binary ".repeat(100));
      ws.send(true, 0, 2, binary, true);
      RawWebSocket.Frame binaryEcho = ws.read();
      assertThat(binaryEcho.opcode()).isEqualTo(2);
      assertThat(binaryEcho.rsv()).isEqualTo(RSV1);
      assertThat(inflate(binaryEcho.payload())).isEqualTo("binary ".repeat(100));
    }
  }

  @Test
  void aCompressedMessageInFragmentsIsReassembledThenInflated() throws Exception {
    String text = "fragmented and compressed ".repeat(20);
    byte[] wire = deflate(utf8(text));
    try (RawWebSocket ws = RawWebSocket.connect(compressing.port(), "/echo", OFFER)) {
      ws.send(false, RSV1, 1, Arrays.copyOfRange(wire, 0, 5), true);
      ws.send(true, 0, 0, Arrays.copyOfRange(wire, 5, wire.length), true);

      assertThat(inflate(ws.read().payload())).isEqualTo(text);
    }
  }

  @Test
  void closesWith1002OnRsv1InAContinuationFrame() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(compressing.port(), "/echo", OFFER)) {
      ws.send(false, RSV1, 1, deflate(utf8("part")), true);
      ws.send(true, RSV1, 0, new byte[] {0}, true);
      assertClosedWith(ws, 1002);
    }
  }

  @Test
  void closesWith1007OnCompressedDataThatIsNotDeflate() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(compressing.port(), "/echo", OFFER)) {
      ws.send(true, RSV1, 1, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3}, true);
      assertClosedWith(ws, 1007);
    }
  }

  @Test
  void closesWith1007WhenACompressedTextInflatesToInvalidUtf8() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(compressing.port(), "/echo", OFFER)) {
      ws.send(true, RSV1, 1, deflate(new byte[] {'o', 'k', (byte) 0xc3, (byte) 0x28}), true);
      assertClosedWith(ws, 1007);
    }
  }

  @Test
  void closesWith1009WhenACompressedMessageInflatesPastTheLimit() throws Exception {
    byte[] bomb = deflate(new byte[1 << 20]); // 1 MiB of zeros in about a kilobyte
    assertThat(bomb.length).isLessThan(65_536);
    try (RawWebSocket ws = RawWebSocket.connect(compressing.port(), "/echo", OFFER)) {
      ws.send(true, RSV1, 2, bomb, true);
      assertClosedWith(ws, 1009);
    }
  }

  @Test
  void anOfferTheServerCannotHonourOpensUncompressedInsteadOfFailing() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(compressing.port(), "/echo",
        "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=8\r\n")) {
      assertThat(ws.responseHead).doesNotContain("Sec-WebSocket-Extensions");
      ws.sendText("still talking");
      assertThat(ws.read().text()).isEqualTo("still talking");
      ws.send(true, RSV1, 1, deflate(utf8("not agreed")), true);
      assertClosedWith(ws, 1002);
    }
  }

  @Test
  void withCompressionOffTheOfferIsNotAnswered() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(plain.port(), "/echo", OFFER)) {
      assertThat(ws.responseHead).doesNotContain("Sec-WebSocket-Extensions");
      ws.sendText("x".repeat(500));
      RawWebSocket.Frame echo = ws.read();
      assertThat(echo.rsv()).isZero();
      assertThat(echo.text()).hasSize(500);
    }
  }

  @Test
  void ourClientAndServerKeepingContextExchangeManyMessagesBothWays() throws Exception {
    WebSocketClientOptions options = WebSocketClientOptions.builder()
        .compression(WebSocketCompression.on().withContextTakeover(true)).build();
    WebSocketConnection ws = WebSocketClient.connect(java.net.URI.create(withContext.url("/echo")), options)
        .toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
    try {
      assertThat(ws.isCompressed()).isTrue();
      for (int i = 0; i < 20; i++) {
        String text = ("message " + i + " of a conversation that repeats itself. ").repeat(10 + i);
        ws.writeMessage(text);
        assertThat(ws.readMessage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS))
            .isEqualTo(new Message.Text(text));
        byte[] binary = utf8(text);
        ws.writeMessage(binary);
        assertThat(ws.readMessage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS))
            .isInstanceOfSatisfying(Message.Binary.class, m -> assertThat(m.data()).isEqualTo(binary));
      }
    } finally {
      ws.close();
    }
  }
  @Test
  void aSendThatReachesTheLoopAfterTheSocketClosedMakesNoCompressorThatNothingWouldEnd() throws Exception {
    java.util.concurrent.CompletableFuture<WebSocketHandler> handler = new java.util.concurrent.CompletableFuture<>();
    java.util.concurrent.CompletableFuture<java.util.concurrent.CompletableFuture<Void>> late = new java.util.concurrent.CompletableFuture<>();
    try (TestServer s = TestServer.builder().route("/late", () -> new WebSocketHandler() {
          @Override
          public void onMessage(String message) {
            handler.complete(this);
            // Sent from another thread while the socket is open: the send waits for this loop, which
            // first reads the close frame that came with the message and closes the socket.
            Thread sender = Thread.ofPlatform().start(() -> late.complete(writeMessage(message).toCompletableFuture()));
            try {
              sender.join();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        }).setting(Settings.WEBSOCKET_COMPRESSION, WebSocketCompression.on().withContextTakeover(true)).start();
        RawWebSocket ws = RawWebSocket.connect(s.port(), "/late", OFFER)) {
      byte[] text = utf8("a message long enough to be compressed, sent back from another thread. ".repeat(3));
      ws.sendRaw(concat(RawWebSocket.frame(true, 0, 1, text, true), RawWebSocket.frame(true, 0, 8, new byte[] {3, (byte) 232}, true)));

      java.util.concurrent.CompletableFuture<Void> send = late.get(10, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(send).failsWithin(java.time.Duration.ofSeconds(10))
          .withThrowableOfType(java.util.concurrent.ExecutionException.class).withCauseInstanceOf(WebSocketClosedException.class);
      assertThat(handler.get().session().deflate().holdsOwnState()).isFalse(); // released, and not made again
    }
  }
}
