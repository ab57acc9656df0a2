package io.squall.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's {@code java.net.http.WebSocket} as a test client: whole messages, pongs, the close and
 * errors arrive as {@link Event}s in a queue, taken one by one with {@link #next}.
 *
 * <p>The listener runs on the HttpClient's threads; the queue makes the events safe to take from
 * the test thread.
 */
final class JdkWebSocket implements WebSocket.Listener, AutoCloseable {
  sealed interface Event permits Text, Binary, Pong, Closed, Failed {}

  record Text(String text) implements Event {}

  record Binary(byte[] bytes) implements Event {}

  record Pong(byte[] payload) implements Event {}

  record Closed(int code, String reason) implements Event {}

  record Failed(Throwable error) implements Event {}

  private final HttpClient http = HttpClient.newHttpClient();
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  // Parts of a message delivered in pieces; touched only by the listener, one call at a time.
  private final StringBuilder textParts = new StringBuilder();
  private final ByteArrayOutputStream binaryParts = new ByteArrayOutputStream();
  final WebSocket ws;

  private JdkWebSocket(URI uri) throws Exception {
    ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
        .buildAsync(uri, this).get(10, TimeUnit.SECONDS);
  }

  static JdkWebSocket connect(String url) throws Exception {
    return new JdkWebSocket(URI.create(url));
  }

  /** The next event, which must be a {@code type}, waiting up to 10 s. */
  <T extends Event> T next(Class<T> type) throws InterruptedException {
    Event e = events.poll(10, TimeUnit.SECONDS);
    assertThat(e).as("expected a %s within 10 s", type.getSimpleName()).isInstanceOf(type);
    return type.cast(e);
  }

  /** Asserts that every event was taken, after a short grace for stragglers. */
  void assertNoEventLeft() throws InterruptedException {
    assertThat(events.poll(50, TimeUnit.MILLISECONDS)).as("unexamined event").isNull();
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    textParts.append(data);
    if (last) {
      events.add(new Text(textParts.toString()));
      textParts.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    byte[] part = new byte[data.remaining()];
    data.get(part);
    binaryParts.writeBytes(part);
    if (last) {
      events.add(new Binary(binaryParts.toByteArray()));
      binaryParts.reset();
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
    byte[] payload = new byte[message.remaining()];
    message.get(payload);
    events.add(new Pong(payload));
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    events.add(new Closed(statusCode, reason));
    return null; // the JDK then answers with a close frame of its own
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    events.add(new Failed(error));
  }

  @Override
  public void close() {
    ws.abort();
    http.shutdownNow();
  }
}
