package io.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chat on a Unix-domain socket only ({@code --unix-socket}, no TCP port) behind a real nginx
 * whose upstream is {@code server unix:PATH;}, as docs/deploy.md §2.8 shows: the page and the
 * socket go through, and the address nginx puts in X-Real-IP counts because Squall trusts
 * {@code unix:}. Clients connect from 127.0.0.2 so that their address is told apart from any other.
 */
class ChatUnixSocketIT {
  static Path socket;
  static ChatServer squall;
  static Nginx nginx;
  static int port;

  @BeforeAll
  static void start() {
    socket = TestPaths.newFolder("unix-").resolve("chat.sock");
    squall = ChatFixture.start(o -> o.withPort(ChatOptions.NO_TCP).withUnixSocket(socket).withTrustedProxies(List.of("unix:")));
    port = TestPaths.freePort();
    // Run as root (as here), nginx's workers would be `nobody`, outside the socket's group: run them
    // as this user, as a deployment puts nginx's user in the socket's group (docs/deploy.md §2.8).
    String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
    nginx = Nginx.start(user, """
        upstream squall_unix { server unix:%s; }
        server {
          listen 127.0.0.1:%d;
        %s}
        """.formatted(socket, port, ChatNginxIT.location("/", "squall_unix", "proxy_set_header Host $http_host;\n").indent(2)), port);
  }

  @AfterAll
  static void stop() {
    if (nginx != null) {
      nginx.close();
    }
    if (squall != null) {
      squall.stop();
    }
  }

  @Test
  void listensOnTheSocketFileOnlyWithOwnerAndGroupAllowed() throws Exception {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw----");
    assertThatThrownBy(squall::port).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void thePageComesThroughNginxOverTheSocket() throws Exception {
    HttpResponse<String> page = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).as(nginx.errorLog()).isEqualTo(200);
    assertThat(page.body()).contains("<title>Squall chat</title>");
  }

  @Test
  void messagesCarryTheAddressNginxPutInXRealIp() {
    try (PythonChatClient python = PythonChatClient.to("ws://127.0.0.1:" + port + "/message")
        .origin("http://127.0.0.1:" + port).from("127.0.0.2").header("X-Real-IP", "6.6.6.6").open()) {
      python.send("over a unix socket");
      ChatLine line = ChatLine.parse(python.nextMessage());
      assertThat(line.ip()).as("nginx's $remote_addr, not the client's made-up X-Real-IP").isEqualTo("127.0.0.2");
      assertThat(line.message()).isEqualTo("over a unix socket");
    }
  }

  @Test
  void theSocketFileGoesWhenTheChatStops() {
    Path other = TestPaths.newFolder("unix-").resolve("short-lived.sock");
    ChatServer shortLived = ChatFixture.start(o -> o.withPort(ChatOptions.NO_TCP).withUnixSocket(other));
    assertThat(other).exists();
    shortLived.stop();
    assertThat(other).doesNotExist();
  }
}
