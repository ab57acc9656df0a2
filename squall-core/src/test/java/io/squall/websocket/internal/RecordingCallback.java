package io.squall.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A {@link FrameCallback} that records what it is told, copying each payload during the call as a
 * real handler must. Tests take the events with {@link #next()} and end with {@link
 * #assertNoMoreEvents()}, so none goes unexamined.
 */
class RecordingCallback implements FrameCallback {
  sealed interface Event permits Message, Ping, Pong, Close {}

  record Message(boolean text, String hex) implements Event {}

  record Ping(String hex) implements Event {}

  record Pong(String hex) implements Event {}

  record Close(int code, String reason) implements Event {}

  static Message text(String text) {
    return new Message(true, Hex.of(text.getBytes(StandardCharsets.UTF_8)));
  }

  static Message binary(byte[] bytes) {
    return new Message(false, Hex.of(bytes));
  }

  static Ping ping(String text) {
    return new Ping(Hex.of(text.getBytes(StandardCharsets.UTF_8)));
  }

  static Pong pong(String text) {
    return new Pong(Hex.of(text.getBytes(StandardCharsets.UTF_8)));
  }

  private final Deque<Event> events = new ArrayDeque<>();
  /** What onMessage returns: false asks the reader to pause after each message. */
  boolean goOnAfterMessage = true;

  @Override
  public boolean onMessage(boolean text, ByteBuffer payload) {
    events.add(new Message(text, consume(payload)));
    return goOnAfterMessage;
  }

  @Override
  public void onPingFrame(ByteBuffer payload) {
    events.add(new Ping(consume(payload)));
  }

  @Override
  public void onPongFrame(ByteBuffer payload) {
    events.add(new Pong(consume(payload)));
  }

  @Override
  public void onCloseFrame(int code, String reason) {
    events.add(new Close(code, reason));
  }

  /** Reads the payload with relative gets, moving its position as a handler may. */
  private static String consume(ByteBuffer payload) {
    byte[] bytes = new byte[payload.remaining()];
    payload.get(bytes);
    return Hex.of(bytes);
  }

  /** The oldest event not yet examined. */
  Event next() {
    assertThat(events).as("events left to examine").isNotEmpty();
    return events.poll();
  }

  /** All events not yet examined, oldest first. */
  List<Event> drain() {
    List<Event> all = new ArrayList<>(events);
    events.clear();
    return all;
  }

  void assertNoMoreEvents() {
    assertThat(events).as("events left unexamined").isEmpty();
  }
}
