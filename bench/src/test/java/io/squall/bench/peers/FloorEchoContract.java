package io.squall.bench.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a reference floor of the echo workloads must do, driven by the JDK's WebSocket client: its
 * figures only mean something if it really echoes. Each floor's test starts it in {@link #start}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FloorEchoContract {
  Process server;
  int port;

  /** Starts the floor on {@code port}, its output and errors merged. */
  abstract Process start(int port) throws Exception;

  @BeforeAll
  void buildAndStart() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    server = start(port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (Socket probe = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        assertThat(System.nanoTime()).as("floor listening").isLessThan(deadline);
        Thread.sleep(50);
      }
    }
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.destroyForcibly();
    }
  }

  /** Collects what the server sends, frame by frame (text, binary, pong, close). */
  static final class Recorder implements WebSocket.Listener {
    final LinkedBlockingQueue<Object> frames = new LinkedBlockingQueue<>();
    private final StringBuilder text = new StringBuilder();
    private ByteBuffer binary = ByteBuffer.allocate(0);

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        frames.add(text.toString());
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      ByteBuffer grown = ByteBuffer.allocate(binary.remaining() + data.remaining());
      grown.put(binary).put(data).flip();
      binary = grown;
      if (last) {
        frames.add(binary);
        binary = ByteBuffer.allocate(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
      byte[] b = new byte[message.remaining()];
      message.get(b);
      frames.add("pong:" + new String(b));
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      frames.add(statusCode);
      return null;
    }

    Object next() throws InterruptedException {
      Object f = frames.poll(10, TimeUnit.SECONDS);
      assertThat(f).as("a frame within 10 s").isNotNull();
      return f;
    }
  }

  WebSocket connect(Recorder r) {
    return HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/echo"), r).join();
  }

  @Test
  void echoesTextBinaryAndPingThenAnswersTheCloseHandshake() throws Exception {
    Recorder r = new Recorder();
    WebSocket ws = connect(r);
    ws.sendText("hello, floor", true).join();
    assertThat(r.next()).isEqualTo("hello, floor");
    byte[] big = new byte[1 << 20];
    new Random(7).nextBytes(big);
    ws.sendBinary(ByteBuffer.wrap(big), true).join();
    assertThat(r.next()).isEqualTo(ByteBuffer.wrap(big));
    ws.sendPing(ByteBuffer.wrap("are you there".getBytes())).join();
    assertThat(r.next()).isEqualTo("pong:are you there");
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    assertThat(r.next()).isEqualTo(WebSocket.NORMAL_CLOSURE);
  }

  @Test
  void echoesAFragmentedMessageAsItsFragments() throws Exception {
    Recorder r = new Recorder();
    WebSocket ws = connect(r);
    ws.sendText("first half, ", false).join();
    ws.sendText("second half", true).join();
    assertThat(r.next()).isEqualTo("first half, second half");
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    assertThat(r.next()).isEqualTo(WebSocket.NORMAL_CLOSURE);
  }

  @Test
  void dropsAConnectionThatIsNotAWebSocketUpgrade() throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
      s.setSoTimeout(5000);
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
    CompletableFuture<Void> stillServing = CompletableFuture.runAsync(() -> {
      try {
        Recorder r = new Recorder();
        connect(r).sendText("after", true).join();
        assertThat(r.next()).isEqualTo("after");
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    stillServing.get(10, TimeUnit.SECONDS);
  }
}
