package io.squall.examples;

import io.squall.web.Application;
import io.squall.websocket.WebSocketHandler;

/**
 * Sends every message back as it came, text as text and binary as binary. Used by the tests, the
 * benchmarks and {@code squall echo}.
 */
public class EchoSocket extends WebSocketHandler {
  @Override
  public void onMessage(String message) {
    writeMessage(message);
  }

  @Override
  public void onMessage(byte[] message) {
    writeMessage(message);
  }

  /** Runs an echo server at ws://0.0.0.0:8888/echo. */
  public static void main(String[] args) {
    Application.builder().route("/echo", EchoSocket.class).build().listen(8888);
  }
}
