package io.squall.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A close with bytes still queued waits for the peer to read them, but not forever: a peer that
 * reads none of them for a whole period is cut off, one that keeps reading gets everything.
 */
class ConnectionDrainTest {
  /** More than the kernel's send and receive buffers hold on loopback, so most of it stays queued. */
  static final int LOTS = 32 * 1024 * 1024;

  /** Records how the connection ended. */
  static final class Ending implements ConnectionHandler {
    final CompletableFuture<Throwable> closed = new CompletableFuture<>();

    @Override
    public void onData(TcpConnection connection, ByteBuffer in) {
      in.position(in.limit());
    }

    @Override
    public void onClosed(TcpConnection connection, Throwable cause) {
      closed.complete(cause);
    }
  }

  private static LoopbackPair pair(Ending ending) throws Exception {
    LoopbackPair pair = LoopbackPair.open(c -> ending);
    pair.client.setReceiveBufferSize(64 * 1024); // no receive autotuning: the kernel holds little
    return pair;
  }

  @Test
  void closeAbortsWhenThePeerReadsNoneOfTheLastBytes() throws Exception {
    Ending ending = new Ending();
    try (LoopbackPair pair = pair(ending)) {
      long start = System.nanoTime();
      pair.onLoop(() -> {
        pair.connection.write(ByteBuffer.wrap(new byte[LOTS]), null);
        pair.connection.close();
        pair.connection.watchDrain(Duration.ofMillis(200)); // the 30 s default, shortened for the test
        return null;
      });

      Throwable cause = ending.closed.get(5, TimeUnit.SECONDS);

      assertThat(cause).isInstanceOf(IOException.class).hasMessageStartingWith("The peer read nothing for 200 ms; ")
          .hasMessageEndingWith(" bytes unsent.");
      assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
      assertThat(pair.onLoop(() -> pair.connection.isOpen())).isFalse();
    }
  }

  @Test
  void closeWaitsForAPeerThatKeepsReadingSlowly() throws Exception {
    Ending ending = new Ending();
    int size = 8 * 1024 * 1024;
    try (LoopbackPair pair = pair(ending)) {
      pair.onLoop(() -> {
        pair.connection.write(ByteBuffer.wrap(new byte[size]), null);
        pair.connection.close();
        pair.connection.watchDrain(Duration.ofMillis(300));
        return null;
      });

      // 256 KiB every 100 ms: far slower than the server sends, yet some bytes move in every period.
      InputStream in = pair.client.getInputStream();
      byte[] buf = new byte[256 * 1024];
      long got = 0;
      for (int step = 0; step < 200; step++) { // 8 MiB takes 32 steps; bounded either way
        int n = in.readNBytes(buf, 0, buf.length);
        got += n;
        if (n < buf.length) {
          break;
        }
        Thread.sleep(100);
      }

      assertThat(got).isEqualTo(size);
      assertThat(ending.closed.get(5, TimeUnit.SECONDS)).as("a clean close, no abort").isNull();
    }
  }

  @Test
  void outputStallsOnlyWhileBytesWaitAndNoneLeave() throws Exception {
    Ending ending = new Ending();
    try (LoopbackPair pair = pair(ending)) {
      assertThat(pair.onLoop(() -> pair.connection.outputStalled())).as("nothing queued").isFalse();
      pair.onLoop(() -> {
        pair.connection.write(ByteBuffer.wrap(new byte[LOTS]), null);
        return null;
      });
      Thread.sleep(100); // the first flush fills the kernel's buffers

      assertThat(pair.onLoop(() -> pair.connection.outputStalled())).as("the first flush moved bytes").isFalse();
      boolean stalled = false;
      for (int i = 0; i < 20 && !stalled; i++) { // each check first fills what room the kernel has left
        Thread.sleep(100);
        stalled = pair.onLoop(() -> pair.connection.outputStalled());
      }
      assertThat(stalled).as("the kernel's buffers full and nothing read").isTrue();
      assertThat(pair.onLoop(() -> pair.connection.outputStalled())).as("still nothing read").isTrue();
      assertThat(pair.onLoop(() -> pair.connection.outboundBytes())).isPositive();
    }
  }

  @Test
  void aCloseWhoseLastBytesLeaveAtOnceArmsNoWatchdog() throws Exception {
    Ending ending = new Ending();
    try (LoopbackPair pair = pair(ending)) {
      boolean timerLeft = pair.onLoop(() -> {
        pair.connection.write(ByteBuffer.wrap(new byte[] {(byte) 0x88, 0}), null); // a close frame, say
        pair.connection.close(false); // the WebSocket close: the peer sends nothing more
        return pair.connection.closeTimerSet();
      });

      assertThat(ending.closed.get(5, TimeUnit.SECONDS)).isNull();
      // A 30 s watchdog armed after the close would keep the closed connection, its handler and all
      // it holds reachable for 30 s: at thousands of closes a second, hundreds of megabytes.
      assertThat(timerLeft).isFalse();
      assertThat(pair.client.getInputStream().readNBytes(2)).containsExactly((byte) 0x88, 0);
    }
  }
}
