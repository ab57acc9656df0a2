package io.squall.websocket;

import static io.squall.websocket.WebSocketCompressionIT.OFFER;
import static io.squall.websocket.WebSocketCompressionIT.RSV1;
import static io.squall.websocket.WebSocketCompressionIT.inflate;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.web.Settings;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Broadcasts to members that agreed to permessage-deflate: compressed once, readable by each. */
class WebSocketGroupCompressionIT {

  /** Joins its group; a message is written back to its sender alone ("you: …"), then broadcast. */
  static final class RoomSocket extends WebSocketHandler {
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
      writeMessage("you: " + message);
      room.broadcast(message);
    }
  }

  private static TestServer server(WebSocketGroup room, WebSocketCompression compression) {
    return TestServer.builder().route("/room", () -> new RoomSocket(room))
        .setting(Settings.WEBSOCKET_COMPRESSION, compression)
        .setting(Settings.WEBSOCKET_MAX_MESSAGE_SIZE, 1 << 20)
        .start();
  }

  private static String line(int i) {
    return "[12:00:%02d] 127.0.0.1 : chat line %d, long enough to be worth compressing. ".formatted(i % 60, i).repeat(2);
  }

  /** The next broadcast a raw member gets, as text: inflated when compressed, skipping its own "you: " replies. */
  private static RawWebSocket.Frame nextBroadcast(RawWebSocket ws) throws Exception {
    while (true) {
      RawWebSocket.Frame f = ws.read();
      String text = f.rsv() == RSV1 ? inflate(f.payload()) : f.text();
      if (!text.startsWith("you: ")) {
        return f;
      }
    }
  }

  @Test
  void compressedMembersGetEachBroadcastCompressedAndPlainMembersGetItPlain() throws Exception {
    WebSocketGroup room = new WebSocketGroup();
    try (TestServer s = server(room, WebSocketCompression.on())) {
      List<RawWebSocket> compressed = new ArrayList<>();
      List<RawWebSocket> plain = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        compressed.add(RawWebSocket.connect(s.port(), "/room", OFFER));
        plain.add(RawWebSocket.connect(s.port(), "/room"));
      }
      GroupFixtures.awaitSize(room, 6);
      String big = "a broadcast too large for a batch, sent on its own. ".repeat(2_000);

      room.broadcast(line(1));
      room.broadcast("short");
      room.broadcast(big);

      byte[] firstCompressed = null;
      for (RawWebSocket ws : compressed) {
        RawWebSocket.Frame one = ws.read();
        assertThat(one.rsv()).isEqualTo(RSV1);
        assertThat(one.payload().length).isLessThan(line(1).length());
        assertThat(inflate(one.payload())).isEqualTo(line(1));
        if (firstCompressed == null) {
          firstCompressed = one.payload();
        }
        assertThat(one.payload()).as("the same compressed bytes for every member").isEqualTo(firstCompressed);
        RawWebSocket.Frame two = ws.read();
        assertThat(two.rsv()).as("a message under minMessageBytes goes out plain").isZero();
        assertThat(two.text()).isEqualTo("short");
        RawWebSocket.Frame three = ws.read();
        assertThat(three.rsv()).isEqualTo(RSV1);
        assertThat(three.payload().length).isLessThan(big.length() / 20);
        assertThat(inflate(three.payload())).isEqualTo(big);
      }
      for (RawWebSocket ws : plain) {
        for (String expected : List.of(line(1), "short", big)) {
          RawWebSocket.Frame f = ws.read();
          assertThat(f.rsv()).isZero();
          assertThat(f.text()).isEqualTo(expected);
        }
      }
      for (RawWebSocket ws : compressed) {
        ws.close();
      }
      for (RawWebSocket ws : plain) {
        ws.close();
      }
    }
  }

  @Test
  void aBurstOfBroadcastsReachesCompressedMembersAsOneCompressedMessageEachInOrder() throws Exception {
    WebSocketGroup room = new WebSocketGroup();
    try (TestServer s = server(room, WebSocketCompression.on())) {
      List<RawWebSocket> members = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        members.add(RawWebSocket.connect(s.port(), "/room", i % 2 == 0 ? OFFER : ""));
      }
      GroupFixtures.awaitSize(room, 4);
      int messages = 300;
      for (int i = 0; i < messages; i++) {
        members.get(0).sendText(line(i));
      }
      for (int m = 0; m < members.size(); m++) {
        RawWebSocket ws = members.get(m);
        for (int i = 0; i < messages; i++) {
          RawWebSocket.Frame f = nextBroadcast(ws);
          assertThat(f.rsv()).as("member %d, message %d", m, i).isEqualTo(m % 2 == 0 ? RSV1 : 0);
          assertThat(f.rsv() == RSV1 ? inflate(f.payload()) : f.text()).isEqualTo(line(i));
        }
        ws.close();
      }
    }
  }

  @Test
  void aSocketKeepingContextReadsItsOwnRepliesAndSharedBroadcastsInterleaved() throws Exception {
    WebSocketGroup room = new WebSocketGroup();
    WebSocketCompression withContext = WebSocketCompression.on().withContextTakeover(true);
    try (TestServer s = server(room, withContext)) {
      WebSocketClientOptions options = WebSocketClientOptions.builder().compression(withContext).build();
      List<WebSocketConnection> clients = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        clients.add(WebSocketClient.connect(URI.create(s.url("/room")), options).toCompletableFuture().get(10, TimeUnit.SECONDS));
      }
      GroupFixtures.awaitSize(room, 2);
      for (int i = 0; i < 40; i++) {
        // One at a time, so that each reply is compressed after the previous broadcast went out.
        WebSocketConnection sender = clients.get(i % 2);
        sender.writeMessage(line(i));
        assertThat(sender.readMessage().toCompletableFuture().get(10, TimeUnit.SECONDS))
            .isEqualTo(new Message.Text("you: " + line(i)));
        for (WebSocketConnection c : clients) {
          assertThat(c.readMessage().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(new Message.Text(line(i)));
        }
      }
      assertThat(clients.get(0).isCompressed()).isTrue();
      clients.forEach(WebSocketConnection::close);
    }
  }
}
