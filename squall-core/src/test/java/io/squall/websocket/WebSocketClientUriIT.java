package io.squall.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How the client turns a ws:// URI into a connection and a request line (RFC 6455 §3, §4.1). */
class WebSocketClientUriIT {

  /** The request head the client sends for {@code uri} (with PORT for the server's port), answered with a valid 101. */
  private static String requestFor(ServerSocket ss, String uri) throws Exception {
    String[] seen = new String[1];
    var server = ScriptedServer.answer(ss, req -> {
      seen[0] = req;
      return ScriptedServer.accept(req, new byte[0]);
    });
    WebSocketConnection ws = WebSocketClient.connect(URI.create(uri.replace("PORT", String.valueOf(ss.getLocalPort()))))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    ws.close();
    server.get(10, TimeUnit.SECONDS);
    return seen[0];
  }

  @Test
  void sendsASlashForAnEmptyPathAndKeepsTheQuery() throws Exception {
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThat(requestFor(ss, "ws://127.0.0.1:PORT?room=a%20b&x=1"))
          .startsWith("GET /?room=a%20b&x=1 HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\n".replace("PORT", String.valueOf(ss.getLocalPort())));
    }
  }

  /** A listening socket on ::1; the test is skipped where the machine has no IPv6 loopback. */
  private static ServerSocket ipv6Loopback() throws IOException {
    try {
      return new ServerSocket(0, 1, InetAddress.getByName("::1"));
    } catch (IOException noIpv6) {
      assumeThat(noIpv6).as("IPv6 loopback unavailable").isNull();
      throw noIpv6;
    }
  }

  @Test
  void connectsToAnIpv6LiteralAndNamesItInBracketsInHost() throws Exception {
    try (ServerSocket ss = ipv6Loopback()) {
      assertThat(requestFor(ss, "ws://[::1]:PORT/chat"))
          .startsWith("GET /chat HTTP/1.1\r\nHost: [::1]:" + ss.getLocalPort() + "\r\n");
    }
  }

  /** RFC 6874: the zone id ("%25lo") picks the interface to connect through and never leaves the machine in Host. */
  @Test
  void connectsThroughAnIpv6ZoneIdAndLeavesItOutOfHost() throws Exception {
    try (ServerSocket ss = ipv6Loopback()) {
      assertThat(requestFor(ss, "ws://[::1%25lo]:PORT/chat"))
          .startsWith("GET /chat HTTP/1.1\r\nHost: [::1]:" + ss.getLocalPort() + "\r\n");
    }
    assertThat(WebSocketClient.withoutZone("[fe80::1%eth0]")).isEqualTo("[fe80::1]");
    assertThat(WebSocketClient.resolvable("[fe80::1%25eth0]")).isEqualTo("[fe80::1%eth0]");
    assertThat(WebSocketClient.resolvable("example.com")).isEqualTo("example.com");
  }

  /** Credentials in the URI become Basic authentication (RFC 7617), as Tornado's client does; not dropped unseen. */
  @Test
  void sendsTheUriCredentialsAsBasicAuthorization() throws Exception {
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String request = requestFor(ss, "ws://al%C3%AFce:p%40ss@127.0.0.1:PORT/chat");
      assertThat(request).contains("\r\nAuthorization: Basic "
          + java.util.Base64.getEncoder().encodeToString("al\u00efce:p@ss".getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "\r\n")
          .contains("\r\nHost: 127.0.0.1:" + ss.getLocalPort() + "\r\n");
    }
  }

  @Test
  void refusesAUriWithoutAHostSayingSo() {
    for (String uri : new String[] {"ws:///chat", "ws://under_score.example/chat"}) {
      var stage = WebSocketClient.connect(URI.create(uri)).toCompletableFuture();
      assertThatThrownBy(stage::join).as(uri).cause().isInstanceOf(IllegalArgumentException.class)
          .hasMessage("A WebSocket URI needs a host: " + uri);
    }
  }

  @Test
  void refusesAnotherSchemeNamingIt() {
    var stage = WebSocketClient.connect(URI.create("https://example.com/chat")).toCompletableFuture();
    assertThatThrownBy(stage::join).cause().isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Not a ws:// or wss:// URI: https://example.com/chat");
  }
}
