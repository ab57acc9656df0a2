package io.squall.ioloop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventLoopCloseTest {
  private final EventLoop loop = new EventLoop("close-loop");

  @AfterEach
  void stop() {
    loop.shutdown(Duration.ofSeconds(2));
  }

  private <T> T onLoop(java.util.concurrent.Callable<T> work) throws Exception {
    return LoopCalls.onLoop(loop, work);
  }

  /** A blocking client and the server side of its connection, accepted but not yet on the loop. */
  private record Pair(Socket client, SocketChannel accepted) implements AutoCloseable {
    static Pair open() throws IOException {
      try (ServerSocketChannel server = ServerSocketChannel.open()) {
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Socket client = new Socket();
        client.connect(server.getLocalAddress());
        client.setSoTimeout(5_000);
        return new Pair(client, server.accept());
      }
    }

    /** Registers the accepted side on the loop for reading; call it on that loop. */
    SelectionKey register(EventLoop loop) throws IOException {
      accepted.configureBlocking(false);
      return loop.register(accepted, SelectionKey.OP_READ, k -> { });
    }

    @Override
    public void close() throws IOException {
      client.close();
      accepted.close();
    }
  }

  @Test
  void closesACancelledChannelOnlyOnceTheSelectorHasDroppedItAndThePeerSeesEndOfStream() throws Exception {
    try (Pair pair = Pair.open()) {
      SocketChannel accepted = pair.accepted;
      boolean openRightAfter = onLoop(() -> {
        loop.closeAfterDeregistration(pair.register(loop));
        return accepted.isOpen() && accepted.isRegistered();
      });
      assertThat(openRightAfter).as("still open and registered in the same iteration").isTrue();

      InputStream in = pair.client.getInputStream();
      assertThat(in.read()).as("the peer reads end of stream").isEqualTo(-1);
      assertThat(onLoop(() -> accepted.isOpen() + " " + accepted.isRegistered())).isEqualTo("false false");
    }
  }

  @Test
  void closesTheChannelsStillWaitingWhenTheLoopShutsDown() throws Exception {
    try (Pair pair = Pair.open()) {
      SocketChannel accepted = pair.accepted;
      onLoop(() -> {
        loop.closeAfterDeregistration(pair.register(loop));
        loop.shutdown(Duration.ZERO);
        return null;
      });
      assertThat(loop.shutdown(Duration.ofSeconds(5))).isTrue();
      assertThat(accepted.isOpen()).isFalse();
    }
  }

  @Test
  void closesAtOnceWhenCalledOffTheLoop() throws Exception {
    try (Pair pair = Pair.open()) {
      SocketChannel accepted = pair.accepted;
      SelectionKey key = onLoop(() -> pair.register(loop));
      loop.closeAfterDeregistration(key);
      assertThat(accepted.isOpen()).isFalse();
      assertThat(key.isValid()).isFalse();
    }
  }
}
