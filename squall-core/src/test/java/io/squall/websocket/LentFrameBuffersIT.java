package io.squall.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.ioloop.EventLoop;
import io.squall.web.Settings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Small frames are encoded into buffers the loop lends and the queue gives back once the socket
 * has taken them ({@code BufferSlab}): every message must still arrive whole and in order while
 * the same chunks go round, through partial writes and backpressure, and every chunk must come
 * back, whether its bytes were sent or dropped with the connection.
 */
class LentFrameBuffersIT {
  /** Echoes; "flood N" sends N numbered messages at once instead. Keeps its loop for the test. */
  public static final class Echo extends WebSocketHandler {
    static volatile EventLoop loop;

    @Override
    public void open() {
      loop = connection().loop();
    }

    @Override
    public void onMessage(String message) {
      if (message.startsWith("flood ")) {
        int n = Integer.parseInt(message.substring(6));
        for (int i = 0; i < n; i++) {
          writeMessage(numbered(i));
        }
      } else {
        writeMessage(message);
      }
    }
  }

  /** Message {@code i} of a flood: its number, padded to between 20 and 240 bytes (all within a chunk). */
  static String numbered(int i) {
    return "m" + i + " " + "x".repeat(20 + (i * 37) % 220);
  }

  /** The chunks the server's loop has lent and not had back, asked on the loop itself. */
  static int lentOnServer() throws Exception {
    EventLoop loop = Echo.loop;
    CompletableFuture<Integer> lent = new CompletableFuture<>();
    loop.execute(() -> lent.complete(loop.buffersLent()));
    return lent.get(5, TimeUnit.SECONDS);
  }

  static void awaitNothingLent() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (lentOnServer() != 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(lentOnServer()).as("chunks still lent").isZero();
  }

  @Test
  void echoesThousandsOfPipelinedMessagesWholeAndInOrderAndGetsEveryChunkBack() throws Exception {
    try (TestServer server = TestServer.builder().route("/echo", Echo.class)
            .setting(Settings.WEBSOCKET_MAX_OUTBOUND_BYTES, 64L * 1024 * 1024).start();
        RawWebSocket ws = RawWebSocket.connect(server.port(), "/echo")) {
      ByteArrayOutputStream batch = new ByteArrayOutputStream();
      for (int i = 0; i < 5_000; i++) {
        batch.write(RawWebSocket.frame(true, 0, 0x1, numbered(i).getBytes(), true));
      }
      ws.sendRaw(batch.toByteArray()); // one burst: replies batch up and reuse chunks as they drain
      for (int i = 0; i < 5_000; i++) {
        RawWebSocket.Frame f = ws.read();
        assertThat(f.opcode()).isEqualTo(0x1);
        assertThat(f.text()).isEqualTo(numbered(i));
      }
      awaitNothingLent();
    }
  }

  @Test
  void aFloodThroughAFullSocketArrivesWholeAndInOrder() throws Exception {
    try (TestServer server = TestServer.builder().route("/echo", Echo.class)
            .setting(Settings.WEBSOCKET_MAX_OUTBOUND_BYTES, 64L * 1024 * 1024).start();
        RawWebSocket ws = RawWebSocket.connectReadingSlowly(server.port(), "/echo", 4096)) {
      int n = 60_000; // about 8 MB: twice what a loopback socket's send buffer grows to, 60 times the slab's chunks
      ws.sendText("flood " + n);
      Thread.sleep(200); // let the server's queue back up behind the small receive buffer
      for (int i = 0; i < n; i++) {
        assertThat(ws.read().text()).isEqualTo(numbered(i));
      }
      awaitNothingLent();
    }
  }

  @Test
  void chunksQueuedForAPeerThatResetsComeBackWithTheDroppedConnection() throws Exception {
    try (TestServer server = TestServer.builder().route("/echo", Echo.class)
        .setting(Settings.WEBSOCKET_MAX_OUTBOUND_BYTES, 64L * 1024 * 1024).start()) {
      RawWebSocket ws = RawWebSocket.connectReadingSlowly(server.port(), "/echo", 4096);
      // The first chunks go straight into the kernel's buffers and come back; the flood's rest is
      // fresh buffers once the chunks are out. A second flood, queued behind that backlog, is held
      // in chunks that cannot be written.
      ws.sendText("flood 60000"); // about 8 MB: twice what a loopback socket's send buffer grows to
      Thread.sleep(200);
      ws.sendText("flood 100");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (lentOnServer() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(lentOnServer()).as("a backlog held in lent chunks").isPositive();
      reset(ws.socket);
      awaitNothingLent();
    }
  }

  /** Closes with RST (SO_LINGER 0), unread bytes and all, as a crashed peer's kernel would. */
  private static void reset(Socket s) throws IOException {
    s.setSoLinger(true, 0);
    s.close();
  }
}
