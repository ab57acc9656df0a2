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

  @Test
  void closeWithoutLingerReleasesTheSocketOnceFlushed() throws Exception {
    try (LoopbackPair pair = sayByeAndClose(false)) {
      // The server's socket is gone, not lingering: what the client sends now is refused (RST).
      assertThat(sendUntilRefused(pair)).isTrue();
    }
  }

  @Test
  void gracefulCloseLingersAndDiscardsWhatThePeerStillSends() throws Exception {
    try (LoopbackPair pair = sayByeAndClose(true)) {
      // Within the linger time the server still reads (and drops) input: no reset.
      assertThat(sendUntilRefused(pair)).isFalse();
    }
  }

  @Test
  void aLoopShuttingDownUnderAnOpenConnectionClosesItThroughItsHandlerAndFailsItsWrites() throws Exception {
    java.util.concurrent.CompletableFuture<Throwable> closed = new java.util.concurrent.CompletableFuture<>();
    java.util.concurrent.CompletableFuture<Void> written = new java.util.concurrent.CompletableFuture<>();
    try (LoopbackPair pair = LoopbackPair.open(c -> new ConnectionHandler() {
      @Override
      public void onData(TcpConnection connection, ByteBuffer in) {}

      @Override
      public void onClosed(TcpConnection connection, Throwable cause) {
        closed.complete(cause);
      }
    })) {
      pair.onLoop(() -> {
        pair.connection.write(ByteBuffer.allocate(64 << 20), written); // more than the client, not reading, takes
        return null;
      });
      assertThat(pair.loop.shutdown(java.time.Duration.ofSeconds(5))).isTrue();
      assertThat(closed).succeedsWithin(java.time.Duration.ZERO)
          .isInstanceOf(java.nio.channels.ClosedChannelException.class);
      assertThat(written).isCompletedExceptionally();
    }
  }

  /** A pair whose server wrote "bye" and closed (lingering or not), once the client has read it all. */
  private static LoopbackPair sayByeAndClose(boolean linger) throws Exception {
    LoopbackPair pair = LoopbackPair.open(c -> new HalfCloseHandler());
    pair.onLoop(() -> {
      pair.connection.write(ByteBuffer.wrap("bye".getBytes()), null);
      pair.connection.close(linger);
      return null;
    });
    assertThat(pair.readFor(java.time.Duration.ofSeconds(2))).isEqualTo("bye<EOF>");
    return pair;
  }

  /** Sends a few bytes five times, 50 ms apart; true once the kernel reports the peer reset us. */
  private static boolean sendUntilRefused(LoopbackPair pair) throws InterruptedException {
    for (int i = 0; i < 5; i++) {
      try {
        pair.send("more");
      } catch (java.io.IOException e) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }
}
