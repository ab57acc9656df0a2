package io.squall.chat;

import io.squall.websocket.WebSocketHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The socket the browser tests talk to: greets with what the server knows of the connection (as
 * a JSON object), echoes text and binary, closes with the code and reason a {@code close:CODE:REASON}
 * message asks for, and records every open and every close it hears, for the test to check.
 */
public class ProbeSocket extends WebSocketHandler {
  static final AtomicInteger OPENS = new AtomicInteger();
  /** "code reason" of each close, as onClose saw it. */
  static final BlockingQueue<String> CLOSES = new LinkedBlockingQueue<>();

  @Override
  public String selectSubprotocol(List<String> offered) {
    return offered.contains("v1.chat") ? "v1.chat" : null;
  }

  @Override
  public void open() {
    OPENS.incrementAndGet();
    Map<String, Object> hello = new LinkedHashMap<>();
    hello.put("user", getSecureCookie("user"));
    hello.put("protocol", selectedSubprotocol());
    hello.put("compressed", isCompressed());
    writeMessage(hello);
  }

  @Override
  public void onMessage(String message) {
    if (message.startsWith("close:")) {
      String[] parts = message.split(":", 3);
      close(Integer.parseInt(parts[1]), parts[2]);
    } else {
      writeMessage(message);
    }
  }

  @Override
  public void onMessage(byte[] message) {
    writeMessage(message);
  }

  @Override
  public void onClose() {
    CLOSES.add(closeCode() + " " + closeReason());
  }
}
