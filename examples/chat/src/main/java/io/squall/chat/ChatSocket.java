package io.squall.chat;

import io.squall.websocket.WebSocketGroup;
import io.squall.websocket.WebSocketHandler;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The article's {@code MessageHandler} at {@code /message}: every text message is broadcast to
 * every connected client as {@code [yyyy-MM-dd HH:mm:ss] <ip> : <message>}.
 *
 * <p>Two bugs of the article are fixed: its time format used {@code %s} (epoch seconds) where it
 * meant {@code %S} (seconds of the minute), and its {@code on_close} removed an undefined name
 * from an unsynchronised set. The article's line also ended with a stray space; this one does
 * not. The IP is {@code request().remoteIp()}: the peer's address, or X-Real-IP when the request
 * came through a trusted proxy (the {@code trusted_proxies} setting).
 *
 * <p>Thread rule: callbacks run on the connection's loop; the room is a thread-safe group.
 */
public final class ChatSocket extends WebSocketHandler {
  private static final Logger log = LoggerFactory.getLogger(ChatSocket.class);
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final WebSocketGroup room;

  ChatSocket(WebSocketGroup room) {
    this.room = room;
  }

  /** The line everyone receives for {@code message} sent from {@code ip} at {@code time}. */
  static String format(LocalDateTime time, String ip, String message) {
    return "[" + TIME.format(time) + "] " + ip + " : " + message;
  }

  @Override
  public void open() {
    room.add(this);
    log.info("Chat connection from {} ({} connected)", request().remoteIp(), room.size());
  }

  @Override
  public void onMessage(String message) {
    room.broadcast(format(LocalDateTime.now(), request().remoteIp(), message));
  }

  @Override
  public void onClose() {
    log.info("Chat disconnection from {} (code {}, {} connected)", request().remoteIp(), closeCode(), room.size());
  }
}
