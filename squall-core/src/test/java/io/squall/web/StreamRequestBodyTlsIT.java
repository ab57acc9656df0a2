package io.squall.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.net.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A streamed upload over Squall's own TLS whose handler pauses the reading after every piece, the
 * stage completing on another thread: each resume must go on from the records already read and
 * decrypted or not, in order, to the end of a chunked body.
 */
class StreamRequestBodyTlsIT {
  static final TestCertificates CERT = TestCertificates.loopback();
  static Application app;

  /** Counts and digests the body; every piece pauses the reading until a moment later, off the loop. */
  @StreamRequestBody
  public static final class PausingUpload extends RequestHandler {
    long bytes;
    final CRC32 crc = new CRC32();

    @Override
    public CompletionStage<?> dataReceivedAsync(ByteBuffer chunk) {
      bytes += chunk.remaining();
      crc.update(chunk);
      return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS));
    }

    @Override
    public void post() {
      write("bytes=%d crc=%08x".formatted(bytes, crc.getValue()));
    }
  }

  @BeforeAll
  static void start() {
    app = Application.builder()
        .route("/upload", PausingUpload.class)
        .setting(Settings.SSL_OPTIONS, CERT.serverContext())
        .build().listen("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  @Test
  void everyPausedPieceIsFollowedByTheNextInOrderToTheEndOfAChunkedBody() throws Exception {
    byte[] body = new byte[4 << 20];
    new Random(3).nextBytes(body);
    CRC32 crc = new CRC32();
    crc.update(body);
    try (SSLSocket s = (SSLSocket) CERT.clientContext().getSocketFactory().createSocket("127.0.0.1", app.port())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      Random sizes = new Random(4);
      for (int offset = 0; offset < body.length; ) {
        int n = Math.min(body.length - offset, 1 + sizes.nextInt(100_000));
        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body, offset, n);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        offset += n;
      }
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      in.transferTo(answer); // Connection: close: the answer ends with the stream
      assertThat(answer.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200 OK\r\n")
          .endsWith("\r\n\r\nbytes=%d crc=%08x".formatted(body.length, crc.getValue()));
    }
  }
}
