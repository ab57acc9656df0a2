package io.squall.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.ioloop.EventLoopGroup;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TLS records the engine must send on its own (a KeyUpdate answer) while encrypted bytes are still
 * waiting for room in the socket: they go out after those bytes, never ahead of or instead of them.
 */
class TlsRecordOrderIT {
  static final TestCertificates CERT = TestCertificates.loopback();
  static final int TOTAL = 8 << 20;

  EventLoopGroup group;
  TcpServer server;
  /** Completes with the server's connection once it has read every byte the client sent. */
  final CompletableFuture<TcpConnection> allRead = new CompletableFuture<>();

  /** Echoes every byte back; never pauses, so its echo backs up in the socket when the client does not read. */
  final class Echo implements ConnectionHandler {
    long read;

    @Override
    public void onData(TcpConnection c, ByteBuffer in) {
      read += in.remaining();
      ByteBuffer copy = ByteBuffer.allocate(in.remaining()).put(in).flip();
      c.write(copy, null);
      if (read == TOTAL) {
        allRead.complete(c);
      }
    }

    @Override
    public void onClosed(TcpConnection c, Throwable cause) {
      allRead.completeExceptionally(cause == null ? new IllegalStateException("closed") : cause);
    }
  }

  @BeforeEach
  void start() {
    group = new EventLoopGroup(1, "tls-order");
    server = new TcpServer(group, CERT.serverContext(), c -> new Echo());
    server.bind(new InetSocketAddress("127.0.0.1", 0));
  }

  @AfterEach
  void stop() {
    server.close();
    group.shutdown(java.time.Duration.ofSeconds(2));
  }

  @Test
  void aKeyUpdateAnsweredWhileTheSocketIsFullFollowsTheBytesAlreadyEncrypted() throws Exception {
    try (SSLSocket s = (SSLSocket) CERT.clientContext().getSocketFactory()
        .createSocket("127.0.0.1", server.localAddress().getPort())) {
      s.setEnabledProtocols(new String[] {"TLSv1.3"});
      s.setSoTimeout(20_000);
      s.startHandshake();
      byte[] sent = new byte[TOTAL];
      for (int i = 0; i < sent.length; i++) {
        sent[i] = (byte) (i * 31 + (i >>> 16));
      }
      OutputStream out = s.getOutputStream();
      out.write(sent); // nothing is read: the server's echo fills both socket buffers
      out.flush();
      TcpConnection c = allRead.get(20, TimeUnit.SECONDS);
      assertThat(c.outboundBytes() > 0 || ((TlsConnection) c).hasPendingOutput()).as("echo backed up").isTrue();
      s.startHandshake(); // over TLS 1.3: a KeyUpdate asking the server to update its keys too
      out.write(new byte[] {1}); // the KeyUpdate leaves with this record
      out.flush();
      byte[] got = new byte[TOTAL];
      new DataInputStream(s.getInputStream()).readFully(got);
      assertThat(Arrays.equals(got, sent)).as("echo intact").isTrue();
    }
  }
}
