package io.squall.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.examples.BroadcastSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** WebSocketGroup: membership from any thread, one encoding per broadcast, one order for all. */
class WebSocketGroupIT {

  @Test
  void broadcastReachesEveryMemberAndMembersLeaveWhenTheyClose() throws Exception {
    try (TestServer s = TestServer.builder().route("/room", BroadcastSocket.class).start()) {
      List<RawWebSocket> clients = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        clients.add(RawWebSocket.connect(s.port(), "/room"));
      }
      GroupFixtures.awaitSize(BroadcastSocket.ROOM, 6);
      clients.get(0).sendText("hello all");
      for (RawWebSocket c : clients) {
        assertThat(c.read().text()).isEqualTo("hello all");
      }
      clients.remove(5).close();
      clients.remove(4).sendClose(1000, "");
      GroupFixtures.awaitSize(BroadcastSocket.ROOM, 4);
      for (RawWebSocket c : clients) {
        c.close();
      }
      GroupFixtures.awaitSize(BroadcastSocket.ROOM, 0);
    }
  }

  @Test
  void concurrentBroadcastsArriveInOneOrderForEveryMember() throws Exception {
    try (TestServer s = TestServer.builder().route("/room", BroadcastSocket.class).start()) {
      List<RawWebSocket> clients = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        clients.add(RawWebSocket.connect(s.port(), "/room"));
      }
      GroupFixtures.awaitSize(BroadcastSocket.ROOM, 8);
      int perSender = 50;
      GroupFixtures.sendConcurrently(clients.subList(0, 4), perSender);
      List<List<String>> seen = GroupFixtures.readTexts(clients, 4 * perSender);
      for (List<String> order : seen) {
        assertThat(order).containsExactlyElementsOf(seen.get(0));
      }
      for (RawWebSocket c : clients) {
        c.close();
      }
      GroupFixtures.awaitSize(BroadcastSocket.ROOM, 0);
    }
  }

  @Test
  void filtersLeaveOutTheSender() throws Exception {
    WebSocketGroup group = new WebSocketGroup();
    try (TestServer s = TestServer.builder().route("/others", () -> new WebSocketHandler() {
          @Override
          public void open() {
            group.add(this);
          }

          @Override
          public void onMessage(String message) {
            group.broadcastExcept(this, message);
          }
        }).start();
        RawWebSocket a = RawWebSocket.connect(s.port(), "/others");
        RawWebSocket b = RawWebSocket.connect(s.port(), "/others")) {
      GroupFixtures.awaitSize(group, 2);
      a.sendText("from a");
      assertThat(b.read().text()).isEqualTo("from a");
      b.sendText("from b");
      assertThat(a.read().text()).isEqualTo("from b");
    }
  }

  @Test
  void batchedFilteredAndLargeBroadcastsKeepTheirOrder() throws Exception {
    WebSocketGroup group = new WebSocketGroup();
    try (TestServer s = TestServer.builder().route("/room", () -> new WebSocketHandler() {
          @Override
          public void open() {
            group.add(this);
          }
        }).start();
        RawWebSocket a = RawWebSocket.connect(s.port(), "/room");
        RawWebSocket b = RawWebSocket.connect(s.port(), "/room")) {
      GroupFixtures.awaitSize(group, 2);
      byte[] large = new byte[BroadcastBatch.MAX_BYTES];
      // A burst from one thread: small ones share batches, the filtered and the large one go alone.
      for (int i = 0; i < 2_000; i++) {
        if (i == 700) {
          group.broadcast("filtered", h -> true);
        } else if (i == 1_400) {
          group.broadcast(large);
        } else {
          group.broadcast("m" + i);
        }
      }
      for (RawWebSocket c : new RawWebSocket[] {a, b}) {
        for (int i = 0; i < 2_000; i++) {
          RawWebSocket.Frame f = c.read();
          if (i == 1_400) {
            assertThat(f.payload()).hasSize(BroadcastBatch.MAX_BYTES);
          } else {
            assertThat(f.text()).isEqualTo(i == 700 ? "filtered" : "m" + i);
          }
        }
      }
    }
  }

  @Test
  void membershipIsSafeFromAnyThreadAndBroadcastsBinaryAndJson() throws Exception {
    WebSocketGroup group = new WebSocketGroup();
    List<WebSocketHandler> opened = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> both = new CompletableFuture<>();
    try (TestServer s = TestServer.builder().route("/plain", () -> new WebSocketHandler() {
          @Override
          public void open() {
            opened.add(this);
            if (opened.size() == 2) {
              both.complete(null);
            }
          }
        }).start();
        RawWebSocket a = RawWebSocket.connect(s.port(), "/plain");
        RawWebSocket b = RawWebSocket.connect(s.port(), "/plain")) {
      both.get(10, TimeUnit.SECONDS);
      for (WebSocketHandler h : opened) {
        assertThat(group.add(h)).isTrue();
        assertThat(group.add(h)).isFalse();
      }
      assertThat(group.size()).isEqualTo(2);
      assertThat(group.members()).containsExactlyInAnyOrderElementsOf(opened);
      group.broadcast(new byte[] {1, 2, 3});
      group.broadcastJson(java.util.Map.of("k", "v"));
      for (RawWebSocket c : new RawWebSocket[] {a, b}) {
        RawWebSocket.Frame bin = c.read();
        assertThat(bin.opcode()).isEqualTo(2);
        assertThat(bin.payload()).containsExactly(1, 2, 3);
        assertThat(c.read().text()).isEqualTo("{\"k\":\"v\"}");
      }
      assertThat(group.remove(opened.get(0))).isTrue();
      assertThat(group.contains(opened.get(0))).isFalse();
      assertThat(group.size()).isEqualTo(1);
    }
  }

  /** Members of one room spread over two servers, each with loops of its own. */
  static final class SharedRoomSocket extends WebSocketHandler {
    static final WebSocketGroup ROOM = new WebSocketGroup();

    @Override
    public void open() {
      ROOM.add(this);
    }
  }

  @Test
  void aBroadcastWhileOneMembersLoopIsEndingStillReachesTheOthers() throws Exception {
    TestServer stopping = TestServer.builder().route("/room", SharedRoomSocket.class).start();
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    try (TestServer staying = TestServer.builder().route("/room", SharedRoomSocket.class).start();
        RawWebSocket leaving = RawWebSocket.connect(stopping.port(), "/room");
        RawWebSocket member = RawWebSocket.connect(staying.port(), "/room")) {
      GroupFixtures.awaitSize(SharedRoomSocket.ROOM, 2);
      io.squall.ioloop.EventLoopGroup ending = stopping.app.server().group();
      for (io.squall.ioloop.EventLoop loop : ending.loops()) {
        loop.execute(() -> awaitQuietly(release)); // each loop is busy: its members are still in the room
      }
      ending.shutdown(java.time.Duration.ZERO); // ...while their loops already refuse tasks
      SharedRoomSocket.ROOM.broadcast("still here"); // this used to throw, and skip the other loops
      assertThat(member.read().text()).isEqualTo("still here");
    } finally {
      release.countDown();
      stopping.close();
    }
  }

  private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
