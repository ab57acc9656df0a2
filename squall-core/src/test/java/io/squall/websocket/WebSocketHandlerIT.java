package io.squall.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.web.Settings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The handler API beyond framing: JSON, async and blocking handlers, threads, keepalive. */
class WebSocketHandlerIT {

  @Test
  void writesObjectsAsJson() throws Exception {
    try (TestServer s = TestServer.builder().route("/json", () -> new WebSocketHandler() {
          @Override
          public void onMessage(String message) {
            writeMessage((Object) Map.of("echo", message));
          }
        }).start();
        RawWebSocket ws = RawWebSocket.connect(s.port(), "/json")) {
      ws.sendText("</script>");
      RawWebSocket.Frame f = ws.read();
      assertThat(f.opcode()).isEqualTo(1);
      assertThat(f.text()).isEqualTo("{\"echo\":\"<\\/script>\"}");
    }
  }

  @Test
  void asyncOnMessageHoldsBackTheNextMessageUntilItCompletes() throws Exception {
    Recorder events = new Recorder();
    CompletableFuture<Void> gate = new CompletableFuture<>();
    try (TestServer s = TestServer.builder().route("/async", () -> new WebSocketHandler() {
          @Override
          public CompletionStage<?> onMessageAsync(String message) {
            events.add("start " + message);
            if (message.equals("a")) {
              return gate.thenRun(() -> events.add("end a"));
            }
            events.add("end " + message);
            return null;
          }
        }).start();
        RawWebSocket ws = RawWebSocket.connect(s.port(), "/async")) {
      ws.sendText("a");
      ws.sendText("b");
      assertThat(events.next()).isEqualTo("start a");
      events.assertQuiet(300);
      gate.complete(null);
      assertThat(events.next()).isEqualTo("end a");
      assertThat(events.next()).isEqualTo("start b");
      assertThat(events.next()).isEqualTo("end b");
    }
  }

  @Test
  void anAsyncOpenHoldsBackTheFirstMessageUntilItCompletes() throws Exception {
    Recorder events = new Recorder();
    CompletableFuture<String> session = new CompletableFuture<>();
    try (TestServer s = TestServer.builder().route("/(\\w+)", () -> new WebSocketHandler() {
          private String user;

          @Override
          public CompletionStage<?> openAsync(String... pathArgs) {
            events.add("open " + pathArgs[0]);
            return session.thenAccept(found -> user = found);
          }

          @Override
          public void onMessage(String message) {
            events.add(user + ": " + message);
          }
        }).start();
        RawWebSocket ws = RawWebSocket.connect(s.port(), "/room")) {
      ws.sendText("hello");
      assertThat(events.next()).isEqualTo("open room");
      events.assertQuiet(300);
      session.complete("ada");
      assertThat(events.next()).isEqualTo("ada: hello");
    }
  }

  @Test
  void aFailedAsyncOpenClosesWith1011() throws Exception {
    try (TestServer s = TestServer.builder().route("/fails", () -> new WebSocketHandler() {
          @Override
          public CompletionStage<?> openAsync(String... pathArgs) {
            return CompletableFuture.failedFuture(new IllegalStateException("no session (expected by the test)"));
          }
        }).start();
        RawWebSocket ws = RawWebSocket.connect(s.port(), "/fails")) {
      RawWebSocket.Frame f = ws.read();
      assertThat(f.opcode()).isEqualTo(8);
      assertThat(f.closeCode()).isEqualTo(1011);
    }
  }

  @Test
  void virtualThreadHandlersMayBlockWithoutStallingTheLoop() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (TestServer s = TestServer.builder()
        .route("/blocking", () -> new WebSocketHandler() {
          @Override
          protected boolean runsOnVirtualThread() {
            return true;
          }

          @Override
          public void onMessage(String message) {
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            writeMessage("done " + message + " on virtual " + Thread.currentThread().isVirtual());
          }
        })
        .route("/echo", io.squall.examples.EchoSocket.class)
        .start()) {
      try (RawWebSocket blocked = RawWebSocket.connect(s.port(), "/blocking")) {
        blocked.sendText("x");
        // Other connections, whatever loop they are on, are served meanwhile.
        for (int i = 0; i < 4; i++) {
          try (RawWebSocket other = RawWebSocket.connect(s.port(), "/echo")) {
            other.sendText("free " + i);
            assertThat(other.read().text()).isEqualTo("free " + i);
          }
        }
        release.countDown();
        assertThat(blocked.read().text()).isEqualTo("done x on virtual true");
      }
    }
  }

  @Test
  void writesAndClosesRacingTheEndOfTheLoopFailTheirStageRatherThanThrow() throws Exception {
    CompletableFuture<WebSocketHandler> opened = new CompletableFuture<>();
    io.squall.ioloop.EventLoopGroup loops = new io.squall.ioloop.EventLoopGroup(1, "ending");
    io.squall.web.Application app = io.squall.web.Application.builder().group(loops)
        .route("/w", () -> new WebSocketHandler() {
          @Override
          public void open() {
            opened.complete(this);
          }
        }).build().listen("127.0.0.1", 0);
    try (RawWebSocket ws = RawWebSocket.connect(app.port(), "/w")) {
      WebSocketHandler h = opened.get(10, TimeUnit.SECONDS);
      CompletableFuture<CompletableFuture<Void>> lastWrite = CompletableFuture.supplyAsync(() -> {
        CompletableFuture<Void> last = null;
        for (int i = 0; i < 200_000 && (last == null || !last.isCompletedExceptionally()); i++) {
          last = h.writeMessage("m").toCompletableFuture(); // once the loop refused tasks, this threw
        }
        return last;
      });
      assertThat(loops.shutdown(Duration.ofSeconds(5))).isTrue(); // the group ends under an open socket
      assertThat(lastWrite.get(10, TimeUnit.SECONDS)).failsWithin(Duration.ofSeconds(5))
          .withThrowableOfType(java.util.concurrent.ExecutionException.class)
          .withCauseInstanceOf(WebSocketClosedException.class);
      h.close(); // its loop is gone: nothing to do, nothing thrown
      h.setNoDelay(false); // nor here
      assertThat(h.isOpen()).isFalse();
    } finally {
      app.stop(Duration.ZERO);
    }
  }

  @Test
  void aHookThrowingOnTheVirtualThreadClosesWith1011AsOnTheLoop() throws Exception {
    try (TestServer s = TestServer.builder().route("/pong", () -> new WebSocketHandler() {
          @Override
          protected boolean runsOnVirtualThread() {
            return true;
          }

          @Override
          public void onPong(byte[] payload) {
            throw new IllegalStateException("boom (expected by the test)"); // was dropped with its stage
          }
        }).start();
        RawWebSocket ws = RawWebSocket.connect(s.port(), "/pong")) {
      ws.send(0xA, new byte[] {1});
      RawWebSocket.Frame f = ws.read();
      assertThat(f.opcode()).isEqualTo(8);
      assertThat(f.closeCode()).isEqualTo(1011);
    }
  }

  @Test
  void writeMessageFromManyThreadsAtOnceDeliversEveryMessageIntact() throws Exception {
    CompletableFuture<WebSocketHandler> opened = new CompletableFuture<>();
    try (TestServer s = TestServer.builder().route("/threads", () -> new WebSocketHandler() {
          @Override
          public void open() {
            opened.complete(this);
          }
        }).start();
        RawWebSocket ws = RawWebSocket.connect(s.port(), "/threads")) {
      WebSocketHandler h = opened.get(10, TimeUnit.SECONDS);
      int threads = 8;
      int each = 500;
      Thread[] ts = new Thread[threads];
      for (int t = 0; t < threads; t++) {
        int id = t;
        ts[t] = new Thread(() -> {
          for (int i = 0; i < each; i++) {
            h.writeMessage(id + ":" + i);
          }
        });
        ts[t].start();
      }
      for (Thread t : ts) {
        t.join();
      }
      Set<String> got = new HashSet<>();
      int[] lastPerThread = new int[threads];
      java.util.Arrays.fill(lastPerThread, -1);
      for (int n = 0; n < threads * each; n++) {
        String m = ws.read().text();
        String[] parts = m.split(":");
        int id = Integer.parseInt(parts[0]);
        int seq = Integer.parseInt(parts[1]);
        assertThat(seq).as("order per sending thread").isGreaterThan(lastPerThread[id]);
        lastPerThread[id] = seq;
        got.add(m);
      }
      assertThat(got).hasSize(threads * each);
    }
  }

  @Test
  void closesASlowConsumerWith1008OnceItsUnsentBytesExceedTheLimit() throws Exception {
    Recorder events = new Recorder();
    CompletableFuture<WebSocketHandler> opened = new CompletableFuture<>();
    try (TestServer s = TestServer.builder()
        .setting(Settings.WEBSOCKET_MAX_OUTBOUND_BYTES, 4L * 1024 * 1024)
        .route("/flood", () -> new WebSocketHandler() {
          @Override
          public void open() {
            opened.complete(this);
          }

          @Override
          public void onClose() {
            events.add("close");
          }
        }).start();
        RawWebSocket ws = RawWebSocket.connect(s.port(), "/flood")) {
      WebSocketHandler h = opened.get(10, TimeUnit.SECONDS);
      byte[] chunk = new byte[64 * 1024];
      CompletionStage<Void> last = null;
      int sent = 0;
      while (h.isOpen() && sent < 2000) { // bounded: 2000 x 64 KiB at most
        last = h.writeMessage(chunk);
        sent++;
        if (sent % 50 == 0) {
          Thread.sleep(5);
        }
      }
      assertThat(h.isOpen()).as("closed before 2000 messages").isFalse();
      // Reading now drains what was queued, then the 1008 close frame.
      RawWebSocket.Frame f = ws.read();
      while (f.opcode() != 8) {
        f = ws.read();
      }
      assertThat(f.closeCode()).isEqualTo(1008);
      assertThat(f.closeReason()).isEqualTo("slow consumer");
      assertThat(events.next()).isEqualTo("close");
      assertThat(last.toCompletableFuture()).isCompletedExceptionally();
    }
  }

  /** Writes {@code count} 64 KiB messages at open, keeping the last write's stage; records the close. */
  private static WebSocketHandler backlogOf(int count, CompletableFuture<CompletionStage<Void>> lastWrite, Recorder events) {
    return new WebSocketHandler() {
      @Override
      public void open() {
        byte[] chunk = new byte[64 * 1024];
        CompletionStage<Void> last = null;
        for (int i = 0; i < count; i++) {
          last = writeMessage(chunk);
        }
        lastWrite.complete(last);
      }

      @Override
      public void onClose() {
        events.add("close " + closeCode());
      }
    };
  }

  @Test
  void dropsAPeerThatReadsNoneOfItsBacklogForTheSendTimeout() throws Exception {
    Recorder events = new Recorder();
    CompletableFuture<CompletionStage<Void>> lastWrite = new CompletableFuture<>();
    try (TestServer s = TestServer.builder()
        .setting(Settings.WEBSOCKET_SEND_TIMEOUT, Duration.ofMillis(300))
        .route("/stall", () -> backlogOf(128, lastWrite, events)).start();
        RawWebSocket ws = RawWebSocket.connectReadingSlowly(s.port(), "/stall", 4096)) {
      long start = System.nanoTime();
      // 8 MiB queued, of which the kernel takes a few; the client reads nothing.
      assertThat(events.next()).isEqualTo("close 1006"); // dropped: no close frame could reach it
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
      assertThat(lastWrite.get(5, TimeUnit.SECONDS).toCompletableFuture()).isCompletedExceptionally();
      assertThat(ws.closedByServer()).as("the socket is dropped, not left open").isTrue();
    }
  }

  @Test
  void aPeerThatReadsSlowlyButSteadilyIsNeverDroppedBySendTimeout() throws Exception {
    Recorder events = new Recorder();
    CompletableFuture<CompletionStage<Void>> lastWrite = new CompletableFuture<>();
    try (TestServer s = TestServer.builder()
        .setting(Settings.WEBSOCKET_SEND_TIMEOUT, Duration.ofSeconds(1)) // far above the pauses, even on a loaded machine
        .route("/slow", () -> backlogOf(128, lastWrite, events)).start();
        RawWebSocket ws = RawWebSocket.connectReadingSlowly(s.port(), "/slow", 4096)) {
      for (int i = 0; i < 128; i++) { // 8 MiB, a pause under the timeout after every 1 MiB
        assertThat(ws.read().payload()).hasSize(64 * 1024);
        if (i % 16 == 15) {
          Thread.sleep(150);
        }
      }
      assertThat(lastWrite.get(5, TimeUnit.SECONDS).toCompletableFuture().get(5, TimeUnit.SECONDS)).isNull();
      ws.sendClose(1000, "");
      assertThat(ws.read().closeCode()).isEqualTo(1000);
      assertThat(events.next()).isEqualTo("close 1000");
    }
  }

  @Test
  void sendTimeoutZeroNeverDropsAPeer() throws Exception {
    Recorder events = new Recorder();
    CompletableFuture<CompletionStage<Void>> lastWrite = new CompletableFuture<>();
    try (TestServer s = TestServer.builder()
        .setting(Settings.WEBSOCKET_SEND_TIMEOUT, Duration.ZERO)
        .route("/forever", () -> backlogOf(128, lastWrite, events)).start();
        RawWebSocket ws = RawWebSocket.connectReadingSlowly(s.port(), "/forever", 4096)) {
      CompletionStage<Void> last = lastWrite.get(5, TimeUnit.SECONDS);
      Thread.sleep(800);
      assertThat(last.toCompletableFuture()).as("still queued, not failed").isNotDone();
      for (int i = 0; i < 128; i++) {
        ws.read();
      }
      assertThat(last.toCompletableFuture().get(5, TimeUnit.SECONDS)).isNull();
    }
  }

  @Test
  void keepalivePingsAndClosesWhenNoPongArrives() throws Exception {
    Recorder events = new Recorder();
    try (TestServer s = TestServer.builder()
        .setting(Settings.WEBSOCKET_PING_INTERVAL, Duration.ofMillis(200))
        .setting(Settings.WEBSOCKET_PING_TIMEOUT, Duration.ofMillis(200))
        .route("/ka", () -> new WebSocketHandler() {
          @Override
          public void onClose() {
            events.add("close");
          }

          @Override
          protected WebSocketLimits limits() {
            return super.limits().withCloseTimeout(Duration.ofMillis(300));
          }
        }).start();
        RawWebSocket ws = RawWebSocket.connect(s.port(), "/ka")) {
      RawWebSocket.Frame ping = ws.read();
      assertThat(ping.opcode()).isEqualTo(9);
      ws.send(10, ping.payload()); // answered once: stays open
      RawWebSocket.Frame next = ws.read();
      assertThat(next.opcode()).isEqualTo(9);
      // Not answered: closed with 1000 "ping timed out", then TCP after the close timeout.
      RawWebSocket.Frame close = ws.read();
      assertThat(close.opcode()).isEqualTo(8);
      assertThat(close.closeCode()).isEqualTo(1000);
      assertThat(close.closeReason()).isEqualTo("ping timed out");
      assertThat(events.next()).isEqualTo("close");
    }
  }

  @Test
  void pingAndPongHooksSeeThePayloads() throws Exception {
    Recorder events = new Recorder();
    try (TestServer s = TestServer.builder().route("/pp", () -> new WebSocketHandler() {
          @Override
          public void onMessage(String message) {
            ping(message.getBytes(StandardCharsets.UTF_8));
          }

          @Override
          public void onPing(byte[] payload) {
            events.add("ping " + new String(payload, StandardCharsets.UTF_8));
          }

          @Override
          public void onPong(byte[] payload) {
            events.add("pong " + new String(payload, StandardCharsets.UTF_8));
          }
        }).start();
        RawWebSocket ws = RawWebSocket.connect(s.port(), "/pp")) {
      ws.send(9, "hi".getBytes(StandardCharsets.UTF_8));
      assertThat(ws.read().opcode()).isEqualTo(10);
      assertThat(events.next()).isEqualTo("ping hi");
      ws.sendText("yo");
      RawWebSocket.Frame ping = ws.read();
      assertThat(ping.opcode()).isEqualTo(9);
      assertThat(ping.text()).isEqualTo("yo");
      ws.send(10, ping.payload());
      assertThat(events.next()).isEqualTo("pong yo");
    }
  }
}
