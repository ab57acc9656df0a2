package io.squall.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.websocket.WebSocketHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listening on a Unix-domain socket (Tornado's {@code bind_unix_socket}), as nginx on the same machine reaches it. */
class UnixSocketIT {
  @TempDir
  Path dir;
  private Application app;
  private Application other;

  /** Says who the server thinks the client is. */
  public static final class Who extends RequestHandler {
    @Override
    public void get() {
      write(request().remoteIp() + " " + request().protocol());
    }
  }

  /** Echoes text. */
  public static final class Echo extends WebSocketHandler {
    @Override
    public void onMessage(String message) {
      writeMessage("echo " + message);
    }
  }

  @AfterEach
  void stop() {
    for (Application a : new Application[] {app, other}) {
      if (a != null) {
        a.stop();
      }
    }
  }

  private static Application.Builder routes() {
    return Application.builder().route("/who", Who.class).route("/echo", Echo.class);
  }

  @Test
  void servesHttpOverAUnixSocketWithTheUnspecifiedAddressAsTheClient() throws Exception {
    Path socket = dir.resolve("app.sock");
    app = routes().build().listenUnix(socket);
    String answer = exchange(socket, "GET /who HTTP/1.1\r\nHost: x\r\nX-Real-IP: 203.0.113.7\r\nConnection: close\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n0.0.0.0 http");
    assertThat(app.address()).isNull();
    assertThatThrownBy(app::port).isInstanceOf(IllegalStateException.class).hasMessage("Not listening on TCP");
  }

  @Test
  void believesTheProxysXRealIpAndSchemeOnlyWhenUnixIsATrustedProxy() throws Exception {
    Path socket = dir.resolve("app.sock");
    app = routes().setting(Settings.TRUSTED_PROXIES, List.of("unix:")).build().listenUnix(socket);
    String answer = exchange(socket,
        "GET /who HTTP/1.1\r\nHost: x\r\nX-Real-IP: 203.0.113.7\r\nX-Forwarded-Proto: https\r\nConnection: close\r\n\r\n");
    assertThat(answer).endsWith("\r\n\r\n203.0.113.7 https");
  }

  @Test
  void upgradesAndEchoesAWebSocketOverAUnixSocket() throws Exception {
    Path socket = dir.resolve("ws.sock");
    app = routes().build().listenUnix(socket);
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      write(ch, "GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
      InputStream in = Channels.newInputStream(ch);
      assertThat(head(in)).startsWith("HTTP/1.1 101 ").contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
      byte[] payload = "hi".getBytes(StandardCharsets.UTF_8);
      byte[] mask = {1, 2, 3, 4};
      byte[] frame = {(byte) 0x81, (byte) (0x80 | payload.length), 1, 2, 3, 4, (byte) (payload[0] ^ mask[0]), (byte) (payload[1] ^ mask[1])};
      ch.write(ByteBuffer.wrap(frame));
      byte[] reply = in.readNBytes(2 + "echo hi".length());
      assertThat(reply[0] & 0xff).isEqualTo(0x81);
      assertThat(new String(reply, 2, reply.length - 2, StandardCharsets.UTF_8)).isEqualTo("echo hi");
    }
  }

  @Test
  void theSocketFileIsForOwnerAndGroupAndGoesWhenTheServerStops() throws Exception {
    Path socket = dir.resolve("app.sock");
    app = routes().build().listenUnix(socket);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw----");
    app.stop();
    app = null;
    assertThat(socket).doesNotExist();
  }

  @Test
  void theSocketFileTakesThePermissionsAskedFor() throws Exception {
    Path socket = dir.resolve("app.sock");
    app = routes().build().listenUnix(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw-rw-");
  }

  @Test
  void aStaleSocketFileLeftByADeadServerIsReplaced() throws Exception {
    Path socket = dir.resolve("stale.sock");
    try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(socket));
    } // closing a Unix-domain server leaves its file behind, as a crash does
    assertThat(socket).exists();
    app = routes().build().listenUnix(socket);
    assertThat(exchange(socket, "GET /who HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200 ");
  }

  @Test
  void aSocketALiveServerAcceptsOnIsRefusedAndKeepsServing() throws Exception {
    Path socket = dir.resolve("live.sock");
    app = routes().build().listenUnix(socket);
    assertThatThrownBy(() -> other = routes().build().listenUnix(socket))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("Cannot listen on unix:" + socket + ": " + socket + " is already in use by a live server");
    assertThat(exchange(socket, "GET /who HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200 ");
  }

  @Test
  void aFileThatIsNotASocketIsNeverTouched() throws Exception {
    Path file = dir.resolve("notes.txt");
    Files.writeString(file, "keep me");
    assertThatThrownBy(() -> app = routes().build().listenUnix(file))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("Cannot listen on unix:" + file + ": " + file + " exists and is not a socket");
    assertThat(Files.readString(file)).isEqualTo("keep me");
  }

  @Test
  void listensOnTcpAndOnAUnixSocketAtOnce() throws Exception {
    Path socket = dir.resolve("both.sock");
    app = routes().build().listen("127.0.0.1", 0).listenUnix(socket);
    HttpResponse<String> tcp = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/who")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(tcp.body()).isEqualTo("127.0.0.1 http");
    assertThat(exchange(socket, "GET /who HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).endsWith("0.0.0.0 http");
    assertThat(app.server().socketFiles()).containsExactly(socket);
  }

  /** Sends {@code request} and reads until the server closes. */
  private static String exchange(Path socket, String request) throws IOException {
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      write(ch, request);
      return new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private static void write(SocketChannel ch, String text) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
    while (bytes.hasRemaining()) {
      ch.write(bytes);
    }
  }

  private static String head(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }
}
