package io.squall.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Once a WebSocket has closed, nothing of the server's keeps it: its handler, and all the handler
 * holds, is garbage. A server that churns through thousands of short-lived sockets a second would
 * otherwise carry every one of them for as long as something (a timer) still points at it.
 */
class ClosedWebSocketReleaseIT {
  /** Tracks itself weakly, and counts its close. */
  public static final class Tracked extends WebSocketHandler {
    static final List<WeakReference<Tracked>> INSTANCES = new CopyOnWriteArrayList<>();
    static volatile CountDownLatch closed;

    @Override
    public void open() {
      INSTANCES.add(new WeakReference<>(this));
    }

    @Override
    public void onClose() {
      closed.countDown();
    }
  }

  @Test
  void aSocketClosedByTheCloseHandshakeLeavesNothingReachable() throws Exception {
    int sockets = 50;
    Tracked.INSTANCES.clear();
    Tracked.closed = new CountDownLatch(sockets);
    try (TestServer server = TestServer.builder().route("/tracked", Tracked.class).start()) {
      for (int i = 0; i < sockets; i++) {
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), "/tracked")) {
          ws.sendClose(1000, "bye");
          assertThat(ws.read().closeCode()).isEqualTo(1000);
          assertThat(ws.closedByServer()).isTrue();
        }
      }
      assertThat(Tracked.closed.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(Tracked.INSTANCES).hasSize(sockets);

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (Tracked.INSTANCES.stream().anyMatch(r -> r.get() != null) && System.nanoTime() < deadline) {
        System.gc();
        Thread.sleep(50);
      }
      assertThat(Tracked.INSTANCES.stream().filter(r -> r.get() != null).count())
          .as("closed sockets' handlers still reachable (the server is still up)").isZero();
    }
  }
}
