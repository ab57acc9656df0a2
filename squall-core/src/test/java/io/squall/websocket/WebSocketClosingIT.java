package io.squall.websocket;

import static io.squall.websocket.WebSocketFramingIT.assertClosedWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6455 §7: the closing handshake, close codes, and onClose exactly once on every path. */
class WebSocketClosingIT {
  static TestServer server;
  static Recorder events;

  /** Records open/close; "bye" makes the server close with 4000, "boom" throws. */
  public static final class ClosingSocket extends WebSocketHandler {
    @Override
    public void open() {
      events.add("open");
    }

    @Override
    public void onMessage(String message) {
      switch (message) {
        case "bye" -> close(4000, "see you");
        case "boom" -> throw new IllegalStateException("handler failure (expected by the test)");
        default -> writeMessage(message);
      }
    }

    @Override
    public void onClose() {
      events.add("close " + closeCode() + " " + closeReason());
    }
  }

  @BeforeAll
  static void start() {
    server = TestServer.builder().route("/close", ClosingSocket::new).start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void freshEvents() {
    events = new Recorder();
  }

  private RawWebSocket connect() throws Exception {
    RawWebSocket ws = RawWebSocket.connect(server.port(), "/close");
    assertThat(events.next()).isEqualTo("open");
    return ws;
  }

  @Test
  void echoesTheCloseThenClosesTcp() throws Exception {
    try (RawWebSocket ws = connect()) {
      ws.sendClose(1000, "done");
      RawWebSocket.Frame echo = ws.read();
      assertThat(echo.opcode()).isEqualTo(8);
      assertThat(echo.closeCode()).isEqualTo(1000);
      assertThat(ws.closedByServer()).isTrue();
      assertThat(events.next()).isEqualTo("close 1000 done");
      events.assertQuiet(100);
    }
  }

  @Test
  void answersAnEmptyCloseWithAnEmptyClose() throws Exception {
    try (RawWebSocket ws = connect()) {
      ws.send(8, new byte[0]);
      RawWebSocket.Frame echo = ws.read();
      assertThat(echo.opcode()).isEqualTo(8);
      assertThat(echo.payload()).isEmpty();
      assertThat(ws.closedByServer()).isTrue();
      assertThat(events.next()).isEqualTo("close 1005 null");
    }
  }

  @Test
  void closesWith1002OnAOneBytePayload() throws Exception {
    try (RawWebSocket ws = connect()) {
      ws.send(8, new byte[] {3});
      assertClosedWith(ws, 1002);
      assertThat(events.next()).startsWith("close 1006");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535})
  void closesWith1002OnCodesNotAllowedOnTheWire(int code) throws Exception {
    try (RawWebSocket ws = connect()) {
      ws.sendClose(code, "");
      assertClosedWith(ws, 1002);
      events.next();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4999})
  void echoesEveryValidCode(int code) throws Exception {
    try (RawWebSocket ws = connect()) {
      ws.sendClose(code, "");
      RawWebSocket.Frame echo = ws.read();
      assertThat(echo.closeCode()).isEqualTo(code);
      assertThat(events.next()).isEqualTo("close " + code + " ");
    }
  }

  @Test
  void closesWith1007OnAReasonThatIsNotUtf8() throws Exception {
    try (RawWebSocket ws = connect()) {
      ws.send(8, new byte[] {0x03, (byte) 0xe8, (byte) 0xff, (byte) 0xfe});
      assertClosedWith(ws, 1007);
      events.next();
    }
  }

  @Test
  void closeFromTheHandlerSendsItsCodeAndReasonAndWaitsForTheEcho() throws Exception {
    try (RawWebSocket ws = connect()) {
      ws.sendText("bye");
      RawWebSocket.Frame close = ws.read();
      assertThat(close.closeCode()).isEqualTo(4000);
      assertThat(close.closeReason()).isEqualTo("see you");
      ws.sendClose(4000, "");
      assertThat(ws.closedByServer()).isTrue();
      assertThat(events.next()).isEqualTo("close 4000 ");
    }
  }

  @Test
  void handlerExceptionClosesWith1011AndRunsOnCloseOnce() throws Exception {
    try (RawWebSocket ws = connect(); RawWebSocket other = connect()) {
      ws.sendText("boom");
      RawWebSocket.Frame close = ws.read();
      assertThat(close.closeCode()).isEqualTo(1011);
      ws.sendClose(1011, "");
      assertThat(ws.closedByServer()).isTrue();
      assertThat(events.next()).startsWith("close 1011");
      other.sendText("fine");
      assertThat(other.read().text()).isEqualTo("fine");
      other.close(); // no close frame: take its "close 1006" here, or it lands in the next test's events
      assertThat(events.next()).isEqualTo("close 1006 null");
    }
  }

  @Test
  void aStackOverflowInOnMessageClosesWith1011LikeAnyOtherThrow() throws Exception {
    try (TestServer s = TestServer.builder().route("/deep", () -> new WebSocketHandler() {
          @Override
          public void onMessage(String message) {
            onMessage(message + "."); // a recursion bug: StackOverflowError, an Error, not an Exception
          }
        }).start();
        RawWebSocket ws = RawWebSocket.connect(s.port(), "/deep")) {
      ws.sendText("x");
      assertThat(ws.read().closeCode()).isEqualTo(1011);
    }
  }

  @Test
  void anAssertionErrorInOnMessageClosesWith1011AndTheSocketStillFlushes() throws Exception {
    try (TestServer s = TestServer.builder().route("/assert", () -> new WebSocketHandler() {
          @Override
          public void onMessage(String message) {
            if (message.equals("bad")) {
              throw new AssertionError("a broken invariant"); // an Error, as a missing class's NoClassDefFoundError
            }
            writeMessage("ok " + message);
          }
        }).start();
        RawWebSocket ws = RawWebSocket.connect(s.port(), "/assert")) {
      ws.sendText("first");
      assertThat(ws.read().text()).isEqualTo("ok first");
      ws.sendText("bad");
      assertThat(ws.read().closeCode()).isEqualTo(1011);
    }
  }

  @Test
  void onCloseRunsOnceWhenThePeerVanishes() throws Exception {
    RawWebSocket ws = connect();
    ws.socket.setSoLinger(true, 0);
    ws.close(); // RST, no close frame
    assertThat(events.next()).isEqualTo("close 1006 null");
    events.assertQuiet(200);
  }

  @Test
  void writesAfterCloseFailWithWebSocketClosedException() throws Exception {
    java.util.concurrent.CompletableFuture<CompletionProbe> probe = new java.util.concurrent.CompletableFuture<>();
    try (TestServer s = TestServer.builder().route("/late", () -> new WebSocketHandler() {
      @Override
      public void onClose() {
        probe.complete(new CompletionProbe(writeMessage("too late").toCompletableFuture()));
      }
    }).start()) {
      RawWebSocket ws = RawWebSocket.connect(s.port(), "/late");
      ws.sendClose(1000, "");
      ws.read();
      java.util.concurrent.CompletableFuture<Void> late = probe.get(10, java.util.concurrent.TimeUnit.SECONDS).future();
      assertThat(late).isCompletedExceptionally();
      assertThat(late.exceptionNow()).isInstanceOf(WebSocketClosedException.class);
      ws.close();
    }
  }

  record CompletionProbe(java.util.concurrent.CompletableFuture<Void> future) {}

  @Test
  void serverShutdownSends1001ToEverySocket() throws Exception {
    Recorder mine = new Recorder();
    TestServer s = TestServer.builder().route("/s", () -> new WebSocketHandler() {
      @Override
      public void onClose() {
        mine.add("close");
      }
    }).start();
    try (RawWebSocket a = RawWebSocket.connect(s.port(), "/s"); RawWebSocket b = RawWebSocket.connect(s.port(), "/s")) {
      Thread stopper = new Thread(s::close);
      stopper.start();
      for (RawWebSocket ws : new RawWebSocket[] {a, b}) {
        RawWebSocket.Frame f = ws.read();
        assertThat(f.closeCode()).isEqualTo(1001);
        ws.sendClose(1001, "");
      }
      stopper.join(10_000);
      assertThat(mine.next()).isEqualTo("close");
      assertThat(mine.next()).isEqualTo("close");
    }
  }

  @Test
  void aStopThatOutlastsItsTimeoutStillEndsEverySocketWithOnClose() throws Exception {
    // A peer that never answers the 1001: when the stop's time is up the loops end, and the socket
    // must still hear onClosed (which also frees its own zlib state), not just lose its channel.
    Recorder mine = new Recorder();
    TestServer s = TestServer.builder().route("/s", () -> new io.squall.examples.EchoSocket() {
      @Override
      public void onClose() {
        mine.add("close");
      }
    }).setting(io.squall.web.Settings.WEBSOCKET_COMPRESSION, WebSocketCompression.on().withContextTakeover(true)).start();
    try (RawWebSocket ws = RawWebSocket.connect(s.port(), "/s", WebSocketCompressionIT.OFFER)) {
      String text = "a message that the socket's own compressor and decompressor see. ".repeat(4);
      ws.send(true, WebSocketCompressionIT.RSV1, 1, WebSocketCompressionIT.deflate(utf8(text)), true);
      assertThat(WebSocketCompressionIT.inflate(ws.read().payload())).isEqualTo(text);

      s.app.stop(java.time.Duration.ofMillis(200));

      assertThat(mine.next()).isEqualTo("close");
    }
  }

  @Test
  void aStopThatOutlastsItsTimeoutStillRunsOnCloseForSocketsThatNeverAnswered() throws Exception {
    Recorder mine = new Recorder();
    TestServer s = TestServer.builder().route("/deaf", () -> new WebSocketHandler() {
      @Override
      public void onClose() {
        mine.add("close " + closeCode());
      }
    }).start();
    try (RawWebSocket ws = RawWebSocket.connect(s.port(), "/deaf")) {
      s.app.stop(java.time.Duration.ofMillis(200)); // the peer never echoes the 1001: its loop ends under it
      assertThat(ws.read().closeCode()).isEqualTo(1001);
      assertThat(mine.next()).isEqualTo("close 1006");
    }
  }

  @Test
  void stopCalledFromAHandlerDoesNotHoldItsLoop() throws Exception {
    Recorder mine = new Recorder();
    java.util.concurrent.atomic.AtomicReference<TestServer> server = new java.util.concurrent.atomic.AtomicReference<>();
    server.set(TestServer.builder().route("/stop", () -> new WebSocketHandler() {
      @Override
      public void onMessage(String message) {
        server.get().app.stop(); // on the accept loop: it used to wait for a task of that very loop
        mine.add("stop returned");
      }

      @Override
      public void onClose() {
        mine.add("close " + closeCode());
      }
    }).start());
    try (RawWebSocket ws = RawWebSocket.connect(server.get().port(), "/stop")) {
      ws.sendText("stop");
      assertThat(mine.next()).isEqualTo("stop returned");
      assertThat(ws.read().closeCode()).isEqualTo(1001);
      ws.sendClose(1001, "");
      assertThat(mine.next()).isEqualTo("close 1001");
    }
  }

  @Test
  void stopCalledFromOnCloseDuringAnotherThreadsStopDoesNotStallIt() throws Exception {
    // The server-wide stop holds the application while it waits for the sockets to close; a handler
    // that stops the application too (in onClose, on its loop) must not wait for that stop, which
    // waits for that very socket: the stop then took its whole timeout.
    java.util.concurrent.atomic.AtomicReference<TestServer> server = new java.util.concurrent.atomic.AtomicReference<>();
    server.set(TestServer.builder().route("/s", () -> new WebSocketHandler() {
      @Override
      public void onClose() {
        server.get().app.stop();
      }
    }).start());
    try (RawWebSocket a = RawWebSocket.connect(server.get().port(), "/s");
        RawWebSocket b = RawWebSocket.connect(server.get().port(), "/s")) {
      long start = System.nanoTime();
      Thread stopper = new Thread(() -> server.get().app.stop(java.time.Duration.ofSeconds(8)));
      stopper.start();
      for (RawWebSocket ws : new RawWebSocket[] {a, b}) {
        assertThat(ws.read().closeCode()).isEqualTo(1001);
        ws.sendClose(1001, "");
      }
      stopper.join(10_000);
      assertThat(stopper.isAlive()).isFalse();
      assertThat(java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(4_000);
    }
  }

  @Test
  void closeHandshakeTimesOutWhenThePeerNeverAnswers() throws Exception {
    try (TestServer s = TestServer.builder().route("/t", () -> new WebSocketHandler() {
          @Override
          public void open() {
            close(1000, "closing");
          }

          @Override
          protected WebSocketLimits limits() {
            return super.limits().withCloseTimeout(java.time.Duration.ofMillis(300));
          }
        }).start();
        RawWebSocket ws = RawWebSocket.connect(s.port(), "/t")) {
      assertThat(ws.read().closeCode()).isEqualTo(1000);
      long start = System.nanoTime();
      assertThat(ws.closedByServer()).isTrue();
      assertThat((System.nanoTime() - start) / 1_000_000).isBetween(100L, 5000L);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
