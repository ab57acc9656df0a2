package io.squall.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Static file bodies are streamed from the file, chunk by chunk, as Tornado's StaticFileHandler does. */
class StaticFileStreamingIT {
  @TempDir static Path root;
  static Application app;
  static byte[] content;

  @BeforeAll
  static void start() throws IOException {
    content = new byte[3 * FileBody.CHUNK_BYTES + 123];
    new Random(42).nextBytes(content);
    Files.write(root.resolve("data.bin"), content);
    Files.write(root.resolve("empty.txt"), new byte[0]);
    app = Application.builder().setting(Settings.STATIC_PATH, root).build().listen("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  @Test
  void streamsAFileOfSeveralChunksAndThenServesThePipelinedRequest() throws IOException {
    String get = "GET /static/data.bin HTTP/1.1\r\nHost: x\r\n\r\n";
    byte[] answer = exchange(get + get.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n"));
    String text = new String(answer, StandardCharsets.ISO_8859_1);
    String expectedBody = new String(content, StandardCharsets.ISO_8859_1);
    assertThat(text.split("HTTP/1\\.1 200 OK\r\n", -1)).hasSize(3);
    assertThat(text).contains("\r\nContent-Length: " + content.length + "\r\n");
    assertThat(text.split("\r\n\r\n", 2)[1]).startsWith(expectedBody);
    assertThat(text).endsWith("\r\n\r\n" + expectedBody);
  }

  @Test
  void streamsARangeThatSpansChunks() throws IOException {
    int start = FileBody.CHUNK_BYTES - 10;
    int end = 2 * FileBody.CHUNK_BYTES + 10;
    String answer = new String(exchange("GET /static/data.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        + "Range: bytes=" + start + "-" + end + "\r\n\r\n"), StandardCharsets.ISO_8859_1);
    assertThat(RawHttp.head(answer)).startsWith("HTTP/1.1 206 ")
        .contains("\r\nContent-Range: bytes " + start + "-" + end + "/" + content.length + "\r\n")
        .contains("\r\nContent-Length: " + (end - start + 1) + "\r\n");
    assertThat(RawHttp.body(answer))
        .isEqualTo(new String(content, start, end - start + 1, StandardCharsets.ISO_8859_1));
  }

  @Test
  void emptyFileAndHeadAnswerWithTheirLength() throws IOException {
    String empty = RawHttp.request(app, "GET", "/static/empty.txt");
    assertThat(empty).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\nContent-Length: 0\r\n");
    assertThat(RawHttp.body(empty)).isEmpty();
    String head = RawHttp.request(app, "HEAD", "/static/data.bin");
    assertThat(head).contains("\r\nContent-Length: " + content.length + "\r\n");
    assertThat(RawHttp.body(head)).isEmpty();
  }

  @Test
  void servesAFileLargerThan2GiBPromptly() throws IOException {
    // Sparse: 3 GiB on paper, one block on disk. Reading it whole (into the heap, or through a
    // hash for its ETag) is what must not happen.
    Path file = root.resolve("huge.bin");
    long size = 3L << 30;
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size);
      f.seek(size - 5);
      f.write("tail!".getBytes(StandardCharsets.US_ASCII));
    }
    String head = RawHttp.request(app, "HEAD", "/static/huge.bin");
    assertThat(head).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\nContent-Length: " + size + "\r\n");
    String tail = new String(exchange("GET /static/huge.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        + "Range: bytes=-5\r\n\r\n"), StandardCharsets.ISO_8859_1);
    assertThat(RawHttp.head(tail)).startsWith("HTTP/1.1 206 ")
        .contains("\r\nContent-Range: bytes " + (size - 5) + "-" + (size - 1) + "/" + size + "\r\n");
    assertThat(RawHttp.body(tail)).isEqualTo("tail!");
  }

  @Test
  void fileTruncatedWhileServedAbortsTheResponseInsteadOfFinishingIt() throws IOException {
    // Larger than what loopback socket buffers hold, so most of it is still unread when cut.
    Path file = root.resolve("shrinking.bin");
    long size = 64L << 20;
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size);
    }
    try (Socket socket = connect()) {
      socket.getOutputStream().write("GET /static/shrinking.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();
      byte[] first = in.readNBytes(1024);
      assertThat(new String(first, StandardCharsets.ISO_8859_1))
          .startsWith("HTTP/1.1 200 OK\r\n").contains("\r\nContent-Length: " + size + "\r\n");
      try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
        f.setLength(1 << 20);
      }
      long received = first.length + drain(in);
      assertThat(received).isLessThan(size); // cut short, so the client knows the body is incomplete
    }
  }

  private static long drain(InputStream in) throws IOException {
    long total = 0;
    byte[] buffer = new byte[64 * 1024];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        total += n;
      }
    } catch (SocketException reset) {
      // an aborted response may end in a reset
    }
    return total;
  }

  private static Socket connect() throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", app.port()), 5_000);
    socket.setSoTimeout(10_000);
    return socket;
  }

  private static byte[] exchange(String request) throws IOException {
    try (Socket socket = connect()) {
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(socket.getInputStream().readAllBytes());
      return out.toByteArray();
    }
  }
}
