package io.squall.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TcpConnectionTest {
  /** Counts end-of-stream reports and leaves the connection open, as HTTP does mid-response. */
  static final class HalfCloseHandler implements ConnectionHandler {
    final AtomicInteger endOfStream = new AtomicInteger();
    final StringBuilder data = new StringBuilder();

    @Override
    public void onData(TcpConnection connection, ByteBuffer in) {
      while (in.hasRemaining()) {
        data.append((char) in.get());
      }
    }

    @Override
    public void onEndOfStream(TcpConnection connection) {
      endOfStream.incrementAndGet();
    }

    @Override
    public void onClosed(TcpConnection connection, Throwable cause) {}
  }

  @Test
  void endOfStreamIsReportedOnceWhileTheConnectionStaysOpen() throws Exception {
    HalfCloseHandler handler = new HalfCloseHandler();
    try (LoopbackPair pair = LoopbackPair.open(c -> handler)) {
      pair.send("last words");
      pair.client.shutdownOutput();
      Thread.sleep(200);
      assertThat(pair.onLoop(() -> handler.endOfStream.get())).isEqualTo(1);
      assertThat(pair.onLoop(() -> handler.data.toString())).isEqualTo("last words");
      // The half-closed connection can still answer, then close.
      pair.onLoop(() -> {
        pair.connection.write(ByteBuffer.wrap("reply".getBytes()), null);
        pair.connection.close();
        return null;
      });
      assertThat(pair.readFor(java.time.Duration.ofSeconds(2))).isEqualTo("reply<EOF>");
    }
  }
}
