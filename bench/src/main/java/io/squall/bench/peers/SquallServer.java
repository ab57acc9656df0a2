package io.squall.bench.peers;

import io.squall.examples.EchoSocket;
import io.squall.web.Application;
import io.squall.web.Settings;
import io.squall.websocket.WebSocketGroup;
import io.squall.websocket.WebSocketHandler;

/** Squall: /echo echoes, /broadcast relays each text message to every other member (one encoding per message). */
public final class SquallServer {
  static final WebSocketGroup ROOM = new WebSocketGroup();

  /** The broadcast endpoint. */
  public static final class Relay extends WebSocketHandler {
    @Override
    public void open() {
      ROOM.add(this);
    }

    @Override
    public void onMessage(String message) {
      ROOM.broadcastExcept(this, message);
    }
  }

  public static void main(String[] args) {
    Application.builder()
        .route("/echo", EchoSocket.class)
        .route("/broadcast", Relay.class)
        .setting(Settings.WEBSOCKET_MAX_MESSAGE_SIZE, 2L << 20)
        .build()
        .listen("127.0.0.1", Integer.parseInt(args[0]));
    System.out.println("listening " + args[0]);
  }
}
