package io.squall.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.ioloop.EventLoopGroup;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reading paused and resumed over TLS: records already read from the socket but not yet decrypted
 * (more than the loop's read buffer holds) reach the handler on resume, though the socket has
 * nothing more to say.
 */
class TlsPausedReadingIT {
  static final TestCertificates CERT = TestCertificates.loopback();
  /** More than the loop's 64 KiB read buffer, less than one socket read of records (96 KiB). */
  static final int BURST = 80 * 1024;

  EventLoopGroup group;
  TcpServer server;
  final CompletableFuture<Long> allRead = new CompletableFuture<>();
  /** Completes with the bytes read when the handler is told the peer has ended its side. */
  final CompletableFuture<Long> ended = new CompletableFuture<>();

  /** Takes every byte, but pauses after each delivery: first for a while, then for one loop turn. */
  final class Pausing implements ConnectionHandler {
    long read;

    @Override
    public void onData(TcpConnection c, ByteBuffer in) {
      boolean first = read == 0;
      read += in.remaining();
      in.position(in.limit());
      if (read == 1 + BURST) {
        allRead.complete(read);
      }
      c.pauseReading();
      if (first) {
        c.loop().schedule(c::resumeReading, Duration.ofMillis(500)); // the burst lands in the socket meanwhile
      } else {
        c.loop().execute(c::resumeReading);
      }
    }

    @Override
    public void onEndOfStream(TcpConnection c) {
      ended.complete(read);
      c.close();
    }

    @Override
    public void onClosed(TcpConnection c, Throwable cause) {
      allRead.completeExceptionally(new IllegalStateException("closed after " + read + " bytes", cause));
    }
  }

  @BeforeEach
  void start() {
    group = new EventLoopGroup(1, "tls-paused");
    server = new TcpServer(group, CERT.serverContext(), c -> new Pausing());
    server.bind(new InetSocketAddress("127.0.0.1", 0));
  }

  @AfterEach
  void stop() {
    server.close();
    group.shutdown(Duration.ofSeconds(2));
  }

  @Test
  void recordsReadButNotYetDecryptedAreDeliveredOnResumeWithoutMoreInput() throws Exception {
    try (SSLSocket s = (SSLSocket) CERT.clientContext().getSocketFactory()
        .createSocket("127.0.0.1", server.localAddress().getPort())) {
      s.startHandshake();
      OutputStream out = s.getOutputStream();
      out.write(1);
      out.flush();
      Thread.sleep(100); // the server has the first byte and pauses
      out.write(new byte[BURST]);
      out.flush();
      assertThat(allRead.get(5, TimeUnit.SECONDS)).isEqualTo(1 + BURST);
    }
  }

  /** TLS 1.3 lets a peer end its side with close_notify and keep TCP open (RFC 8446 §6.1) to read the answer. */
  @Test
  void aCloseNotifyReadAlongWithDataEndsTheStreamAfterIt() throws Exception {
    java.net.Socket tcp = new java.net.Socket("127.0.0.1", server.localAddress().getPort());
    try (SSLSocket s = (SSLSocket) CERT.clientContext().getSocketFactory().createSocket(tcp, "127.0.0.1", tcp.getPort(), false)) {
      s.setEnabledProtocols(new String[] {"TLSv1.3"});
      s.startHandshake();
      OutputStream out = s.getOutputStream();
      out.write(1);
      out.flush();
      Thread.sleep(100); // the server has the first byte and pauses: what follows arrives in one read
      out.write(new byte[] {2, 3, 4, 5, 6});
      out.flush();
      s.shutdownOutput(); // close_notify, and no FIN: the socket is layered
      assertThat(ended.get(5, TimeUnit.SECONDS)).isEqualTo(6);
    } finally {
      tcp.close();
    }
  }
}
