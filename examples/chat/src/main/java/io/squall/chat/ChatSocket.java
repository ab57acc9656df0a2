package io.squall.chat;

import io.squall.websocket.WebSocketGroup;
import io.squall.websocket.WebSocketHandler;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /message}, the article's {@code MessageHandler}: every text message a client sends is
 * broadcast to every connected client, the sender included, stamped with the time and the
 * sender's address.
 *
 * <p>Two bugs of the article are fixed here. Its {@code strftime("%Y-%m-%d %H:%M:%s")} printed
 * epoch seconds ({@code %s}) where seconds of the minute ({@code %S}) were meant. Its
 * {@code on_close} removed an undefined name, so closed sockets stayed in the set and the next
 * broadcast failed and disconnected the sender; here closed sockets leave the {@link WebSocketGroup}
 * (they would even without {@link #onClose()}). The article's set was also touched from one
 * thread only; the group is safe from every event loop at once and delivers concurrent broadcasts
 * to every member in one and the same order.
 *
 * <p>The address is {@code request().remoteIp()}: the TCP peer, or the {@code X-Real-IP} /
 * {@code X-Forwarded-For} value when (and only when) the peer is in the {@code trusted_proxies}
 * setting, so a client talking to the server directly cannot choose its address.
 *
 * <p>Thread rule: one instance per connection; its callbacks run on that connection's loop.
 */
public final class ChatSocket extends WebSocketHandler {
  private static final Logger log = LoggerFactory.getLogger(ChatSocket.class);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /** Everyone connected to this server, whichever loop their socket lives on. */
  private final WebSocketGroup room;

  /** A handler for one connection to {@code room} (the server makes one per connection). */
  public ChatSocket(WebSocketGroup room) {
    this.room = room;
  }

  @Override
  public void open() {
    room.add(this);
    log.info("Connected: {} ({} in the room)", request().remoteIp(), room.size());
  }

  @Override
  public void onMessage(String message) {
    if (message.isBlank()) {
      return; // nothing said: the pages never send one, and a script's empty line is no chat line
    }
    room.broadcast(format(LocalDateTime.now(), request().remoteIp(), message));
  }

  /** Binary frames are not chat messages: refuse them with 1003 (unsupported data). */
  @Override
  public void onMessage(byte[] message) {
    close(1003, "The chat accepts text messages only.");
  }

  @Override
  public void onClose() {
    room.remove(this);
    log.info("Disconnected: {} (code {}, {} in the room)", request().remoteIp(), closeCode(), room.size());
  }

  /**
   * One line of the conversation: {@code [2024-05-01 12:34:56] 203.0.113.7 : hello}. This is the
   * article's {@code "[%s] %s : %s "} with its trailing space dropped and local time to the second.
   */
  static String format(LocalDateTime time, String ip, String message) {
    return "[" + TIME.format(time) + "] " + ip + " : " + message;
  }
}
