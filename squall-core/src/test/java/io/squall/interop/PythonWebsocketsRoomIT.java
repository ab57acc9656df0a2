package io.squall.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.web.Application;
import io.squall.web.Settings;
import io.squall.websocket.WebSocketCompression;
import io.squall.websocket.WebSocketGroup;
import io.squall.websocket.WebSocketHandler;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Python {@code websockets} members of a room on a compressing Squall server: broadcasts, compressed
 * once for all the members that agreed to permessage-deflate, mixed with each sender's own replies,
 * must inflate right in a real peer's inflater — also when the server keeps its compression context,
 * where each shared broadcast restarts it.
 */
class PythonWebsocketsRoomIT {

  /** Greets with "joined" once in the room; text comes back to its sender as "you: …", then goes to all. */
  static final class RoomSocket extends WebSocketHandler {
    private final WebSocketGroup room;
    private final AtomicInteger compressed;

    RoomSocket(WebSocketGroup room, AtomicInteger compressed) {
      this.room = room;
      this.compressed = compressed;
    }

    @Override
    public void open() {
      if (isCompressed()) {
        compressed.incrementAndGet();
      }
      room.add(this);
      writeMessage("joined");
    }

    @Override
    public void onMessage(String message) {
      writeMessage("you: " + message);
      room.broadcast(message);
    }

    @Override
    public void onMessage(byte[] message) {
      room.broadcast(message);
    }
  }

  @ParameterizedTest(name = "server context takeover: {0}")
  @ValueSource(booleans = {false, true})
  void compressedBroadcastsAndRepliesReachEveryMemberIntact(boolean contextTakeover) throws Exception {
    WebSocketGroup room = new WebSocketGroup();
    AtomicInteger compressed = new AtomicInteger();
    Application app = Application.builder()
        .route("/room", () -> new RoomSocket(room, compressed))
        .setting(Settings.WEBSOCKET_COMPRESSION, WebSocketCompression.on().withContextTakeover(contextTakeover))
        .setting(Settings.WEBSOCKET_MAX_MESSAGE_SIZE, 1 << 20)
        .build().listen("127.0.0.1", 0);
    try {
      ClientScript.Report report = ClientScript.python("websockets_room.py", "websockets", "python3-websockets")
          .run("ws://127.0.0.1:" + app.port() + "/room");

      report.assertAllPassed();
      assertThat(report.passed("texts").path("messages").asInt()).isEqualTo(40);
      assertThat(compressed.get()).as("members that agreed to permessage-deflate").isEqualTo(3);
    } finally {
      app.stop();
    }
  }
}
