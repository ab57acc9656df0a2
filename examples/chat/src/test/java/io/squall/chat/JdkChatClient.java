package io.squall.chat;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A chat client on the JDK's {@code java.net.http.WebSocket}, optionally bound to another loopback
 * address and sending extra headers.
 *
 * <p>Thread rule: {@link #send} from one thread at a time; messages are queued by the JDK's threads.
 */
final class JdkChatClient implements AutoCloseable {
  private final WebSocket socket;
  private final BlockingQueue<String> messages;
  private final CompletableFuture<Integer> closed;

  private JdkChatClient(WebSocket socket, BlockingQueue<String> messages, CompletableFuture<Integer> closed) {
    this.socket = socket;
    this.messages = messages;
    this.closed = closed;
  }

  static JdkChatClient connect(String url) {
    return connect(url, null, List.of());
  }

  /**
   * Connects from {@code localAddress} (null: the default) with {@code headers} as name, value pairs.
   */
  static JdkChatClient connect(String url, String localAddress, List<String> headers) {
    BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    CompletableFuture<Integer> closed = new CompletableFuture<>();
    HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (localAddress != null) {
      try {
        http.localAddress(InetAddress.getByName(localAddress));
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException(localAddress, e);
      }
    }
    WebSocket.Builder ws = http.build().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    for (int i = 0; i < headers.size(); i += 2) {
      ws.header(headers.get(i), headers.get(i + 1));
    }
    WebSocket socket = ws.buildAsync(URI.create(url), new Collector(messages, closed)).orTimeout(10, TimeUnit.SECONDS).join();
    return new JdkChatClient(socket, messages, closed);
  }

  /** Sends one text message and waits until the JDK has written it. */
  void send(String text) {
    socket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
  }

  void sendBinary(byte[] data) {
    socket.sendBinary(java.nio.ByteBuffer.wrap(data), true).orTimeout(10, TimeUnit.SECONDS).join();
  }

  /** The next message; fails when none comes within 10 s. */
  String nextMessage() {
    try {
      String m = messages.poll(10, TimeUnit.SECONDS);
      if (m == null) {
        throw new AssertionError("The JDK client received nothing within 10 s (closed: " + closed.getNow(null) + ").");
      }
      return m;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  List<String> nextMessages(int count) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(nextMessage());
    }
    return out;
  }

  /** The close code the server sent, once the connection is closed. */
  int awaitCloseCode() {
    return closed.orTimeout(10, TimeUnit.SECONDS).join();
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
    socket.abort();
  }

  /** Reassembles text messages into the queue. */
  private record Collector(BlockingQueue<String> messages, CompletableFuture<Integer> closed, StringBuilder part)
      implements WebSocket.Listener {
    Collector(BlockingQueue<String> messages, CompletableFuture<Integer> closed) {
      this(messages, closed, new StringBuilder());
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      part.append(data);
      if (last) {
        messages.add(part.toString());
        part.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.completeExceptionally(error);
    }
  }
}
