package io.squall.websocket;

import static io.squall.websocket.GroupFixtures.awaitSize;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.pubsub.InMemoryBroker;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Groups of two servers on one broker channel act as one group: what several chat processes
 * behind nginx do over Redis, here over the in-process broker with real sockets.
 */
class WebSocketGroupAcrossServersIT {

  /** A room member: "except:x" broadcasts x to all but itself, "mine:x" to this server's members only. */
  private static final class RoomSocket extends WebSocketHandler {
    private final WebSocketGroup room;

    RoomSocket(WebSocketGroup room) {
      this.room = room;
    }

    @Override
    public void open() {
      room.add(this);
    }

    @Override
    public void onMessage(String message) {
      if (message.startsWith("except:")) {
        room.broadcastExcept(this, message.substring(7));
      } else if (message.startsWith("mine:")) {
        room.broadcast(message.substring(5), h -> true);
      } else {
        room.broadcast(message);
      }
    }
  }

  /** Two servers, each with its own group, both groups on channel "room" of one broker. */
  private static final class TwoServers implements AutoCloseable {
    final InMemoryBroker broker = new InMemoryBroker();
    final WebSocketGroup roomA = new WebSocketGroup(broker, "room");
    final WebSocketGroup roomB = new WebSocketGroup(broker, "room");
    final TestServer a = TestServer.builder().route("/room", () -> new RoomSocket(roomA)).start();
    final TestServer b = TestServer.builder().route("/room", () -> new RoomSocket(roomB)).start();
    final List<RawWebSocket> clients = new ArrayList<>();

    RawWebSocket onA() throws IOException {
      return connect(a);
    }

    RawWebSocket onB() throws IOException {
      return connect(b);
    }

    private RawWebSocket connect(TestServer s) throws IOException {
      RawWebSocket c = RawWebSocket.connect(s.port(), "/room");
      clients.add(c);
      return c;
    }

    void awaitMembers(int onA, int onB) throws InterruptedException {
      awaitSize(roomA, onA);
      awaitSize(roomB, onB);
    }

    @Override
    public void close() throws IOException {
      for (RawWebSocket c : clients) {
        c.close();
      }
      a.close();
      b.close();
      roomA.close();
      roomB.close();
    }
  }

  private static void assertNothingArrives(RawWebSocket c) throws IOException {
    c.socket.setSoTimeout(300);
    try {
      RawWebSocket.Frame f = c.read();
      throw new AssertionError("unexpected frame: " + f.text());
    } catch (SocketTimeoutException expected) {
      // nothing came
    }
  }

  @Test
  void broadcastsFromBothServersReachEveryMemberOfBothInOneOrder() throws Exception {
    try (TwoServers s = new TwoServers()) {
      List<RawWebSocket> clients = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        clients.add(s.onA());
        clients.add(s.onB());
      }
      s.awaitMembers(3, 3);
      int perSender = 50;

      GroupFixtures.sendConcurrently(clients.subList(0, 2), perSender); // one sender on each server

      List<List<String>> seen = GroupFixtures.readTexts(clients, 2 * perSender);
      assertThat(seen.get(0)).doesNotHaveDuplicates().contains("0-0", "0-49", "1-0", "1-49");
      for (List<String> order : seen) {
        assertThat(order).containsExactlyElementsOf(seen.get(0));
      }
    }
  }

  @Test
  void broadcastExceptReachesEveryoneButTheSenderOnBothServers() throws Exception {
    try (TwoServers s = new TwoServers()) {
      RawWebSocket sender = s.onA();
      RawWebSocket neighbour = s.onA();
      RawWebSocket remote = s.onB();
      s.awaitMembers(2, 1);

      sender.sendText("except:not for the sender");

      assertThat(neighbour.read().text()).isEqualTo("not for the sender");
      assertThat(remote.read().text()).isEqualTo("not for the sender");
      assertNothingArrives(sender);
    }
  }

  @Test
  void aFilteredBroadcastStaysOnTheServerThatSentIt() throws Exception {
    try (TwoServers s = new TwoServers()) {
      RawWebSocket local = s.onA();
      RawWebSocket remote = s.onB();
      s.awaitMembers(1, 1);

      local.sendText("mine:only here");
      local.sendText("everyone");

      assertThat(local.read().text()).isEqualTo("only here");
      assertThat(local.read().text()).isEqualTo("everyone");
      assertThat(remote.read().text()).isEqualTo("everyone");
    }
  }

  @Test
  void aClosedGroupNoLongerReceivesTheOthersBroadcasts() throws Exception {
    try (TwoServers s = new TwoServers()) {
      RawWebSocket onA = s.onA();
      RawWebSocket onB = s.onB();
      s.awaitMembers(1, 1);
      assertThat(s.roomA.broker()).containsSame(s.broker);
      assertThat(new WebSocketGroup().broker()).isEmpty();

      s.roomB.close();
      onA.sendText("after B left the channel");

      assertThat(onA.read().text()).isEqualTo("after B left the channel");
      assertNothingArrives(onB);
    }
  }
}
