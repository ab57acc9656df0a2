package io.squall.examples;

import io.squall.websocket.WebSocketGroup;
import io.squall.websocket.WebSocketHandler;

/**
 * Relays every text message to every connected socket, the sender included: the article's chat
 * loop without its unsynchronised set. Members leave the group by themselves when they close.
 */
public final class BroadcastSocket extends WebSocketHandler {
  /** All open sockets of this route; a WebSocketGroup is safe from every loop at once. */
  public static final WebSocketGroup ROOM = new WebSocketGroup();

  @Override
  public void open() {
    ROOM.add(this);
  }

  @Override
  public void onMessage(String message) {
    ROOM.broadcast(message);
  }
}
