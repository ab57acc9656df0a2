package io.squall.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Events a test handler saw, in order ("open", "text:hi", "close:1000"...). Tests take them one
 * by one and check none is left unexamined.
 */
final class Recorder {
  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

  void add(String event) {
    events.add(event);
  }

  /** The next event, waiting up to 10 s. */
  String next() throws InterruptedException {
    String e = events.poll(10, TimeUnit.SECONDS);
    assertThat(e).as("expected another handler event").isNotNull();
    return e;
  }

  /** Asserts nothing else happens within {@code millis}. */
  void assertQuiet(long millis) throws InterruptedException {
    String e = events.poll(millis, TimeUnit.MILLISECONDS);
    assertThat(e).as("unexpected handler event").isNull();
  }

  boolean isEmpty() {
    return events.isEmpty();
  }
}
