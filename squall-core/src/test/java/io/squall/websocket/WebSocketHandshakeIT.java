package io.squall.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.examples.EchoSocket;
import io.squall.http.HttpException;
import io.squall.web.Settings;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RFC 6455 §4.2 on the server: what upgrades, and the exact status of what does not. */
class WebSocketHandshakeIT {
  static TestServer server;
  static final Recorder seen = new Recorder();

  /** Echoes the handshake facts it can see, then closes. */
  public static final class InspectingSocket extends WebSocketHandler {
    @Override
    public String selectSubprotocol(List<String> offered) {
      return offered.contains("chat") ? "chat" : null;
    }

    @Override
    public void open(String... args) {
      seen.add("open " + String.join(",", args) + " q=" + getArgument("q", "-") + " cookie=" + getCookie("c", "-")
          + " ip=" + request().remoteIp() + " proto=" + selectedSubprotocol());
    }

    /** Long after the upgrade: the request is still there, the HTTP exchange is not. */
    @Override
    public void onMessage(String message) {
      String exchange;
      try {
        exchange = exchange().toString();
      } catch (IllegalStateException e) {
        exchange = e.getMessage();
      }
      writeMessage(message + " path=" + request().path() + " cookie=" + getCookie("c", "-") + " host="
          + request().headers().get("Host").startsWith("127.0.0.1:") + " headers=" + responseHeaders().size() + " " + exchange);
    }
  }

  /** Reports the request's header names as the handler sees them, before the upgrade, at open and later. */
  public static final class HeaderNamesSocket extends WebSocketHandler {
    @Override
    public boolean checkOrigin(String origin) {
      seen.add("checkOrigin " + request().headers().names());
      return true;
    }

    @Override
    public void open(String... args) {
      seen.add("open " + request().headers().names());
    }

    @Override
    public void onMessage(String message) {
      writeMessage(request().headers().names() + " origin=" + request().header("Origin"));
    }
  }

  /** Refuses anyone without a "user" cookie, before the upgrade. */
  public static final class GuardedSocket extends WebSocketHandler {
    @Override
    public void prepare() {
      if (getCookie("user") == null) {
        throw new HttpException(401, "Log in first.");
      }
    }
  }

  @BeforeAll
  static void start() {
    server = TestServer.builder()
        .route("/echo", EchoSocket.class)
        .route("/inspect/(\\w+)", InspectingSocket.class)
        .route("/guarded", GuardedSocket.class)
        .route("/names", HeaderNamesSocket.class)
        .setting(Settings.ALLOWED_ORIGINS, List.of("https://app.example.org", "*.trusted.test"))
        .start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String upgrade(String path, String method, String headers) throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port())) {
      return ws.request(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n" + headers + "\r\n");
    }
  }

  private static final String GOOD = "Upgrade: websocket\r\nConnection: Upgrade\r\n"
      + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";

  @Test
  void upgradesWithTheAcceptKeyOfRfc6455() throws Exception {
    String head = upgrade("/echo", "GET", GOOD);
    assertThat(head).startsWith("HTTP/1.1 101 Switching Protocols\r\n");
    // RFC 6455 §1.3: this key's accept value.
    assertThat(head).contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n");
    assertThat(head).containsIgnoringCase("Upgrade: websocket").containsIgnoringCase("Connection: Upgrade");
  }

  @Test
  void upgradeAndConnectionTokensAreCaseInsensitive() throws Exception {
    String head = upgrade("/echo", "GET", "Upgrade: WebSocket\r\nConnection: keep-alive, UPGRADE\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
    assertThat(head).startsWith("HTTP/1.1 101 ");
  }

  @Test
  void answers405WithAllowToOtherMethods() throws Exception {
    String head = upgrade("/echo", "POST", GOOD + "Content-Length: 0\r\n");
    assertThat(head).startsWith("HTTP/1.1 405 ").contains("Allow: GET, HEAD\r\n");
  }

  /** HEAD is answered as GET is (RFC 9110 §9.3.2), but only a GET opens a socket (RFC 6455 §4.2.1). */
  @Test
  void answersHeadLikeAGetThatCannotUpgrade() throws Exception {
    assertThat(upgrade("/echo", "HEAD", GOOD)).startsWith("HTTP/1.1 400 ").doesNotContain("Sec-WebSocket-Accept");
    assertThat(upgrade("/echo", "HEAD", "")).startsWith("HTTP/1.1 400 ");
  }

  /** RFC 9110 §7.8: Upgrade in an HTTP/1.0 request MUST be ignored; RFC 6455 §4.1 needs HTTP/1.1. */
  @Test
  void refusesAnHttp10UpgradeWith400() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port())) {
      String head = ws.request("GET /echo HTTP/1.0\r\nHost: 127.0.0.1\r\n" + GOOD + "\r\n");
      assertThat(head).startsWith("HTTP/1.1 400 ");
      byte[] body = ws.in.readNBytes(Integer.parseInt(head.replaceAll("(?s).*Content-Length: (\\d+).*", "$1")));
      assertThat(new String(body)).contains("A WebSocket opens over HTTP/1.1, not HTTP/1.0.");
    }
  }

  /** Two Sec-WebSocket-Version fields are as unclear as "13, 8" in one: both are a 426, in either order. */
  @Test
  void answers426ToSeveralVersionFields() throws Exception {
    assertThat(upgrade("/echo", "GET", GOOD + "Sec-WebSocket-Version: 8\r\n")).startsWith("HTTP/1.1 426 ");
    assertThat(upgrade("/echo", "GET", "Sec-WebSocket-Version: 8\r\n" + GOOD)).startsWith("HTTP/1.1 426 ");
    assertThat(upgrade("/echo", "GET", GOOD.replace("Version: 13", "Version: 13, 8"))).startsWith("HTTP/1.1 426 ");
  }

  /** RFC 9112 §3.2.2: an absolute target's authority is the host the Origin check compares with, not the Host header. */
  @Test
  void checksTheOriginAgainstTheAuthorityOfAnAbsoluteTarget() throws Exception {
    String own = "127.0.0.1:" + server.port();
    try (RawWebSocket ws = RawWebSocket.open(server.port())) {
      String head = ws.request("GET http://other.example/echo HTTP/1.1\r\nHost: " + own + "\r\n" + GOOD
          + "Origin: http://" + own + "\r\n\r\n");
      assertThat(head).startsWith("HTTP/1.1 403 ");
    }
    try (RawWebSocket ws = RawWebSocket.open(server.port())) {
      String head = ws.request("GET http://" + own + "/echo HTTP/1.1\r\nHost: other.example\r\n" + GOOD
          + "Origin: http://" + own + "\r\n\r\n");
      assertThat(head).startsWith("HTTP/1.1 101 ");
    }
  }

  @Test
  void answers400ToAPlainGetLikeTornado() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port())) {
      String head = ws.request("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(head).startsWith("HTTP/1.1 400 ");
      byte[] body = ws.in.readNBytes(Integer.parseInt(head.replaceAll("(?s).*Content-Length: (\\d+).*", "$1")));
      assertThat(new String(body)).contains("Can \"Upgrade\" only to \"WebSocket\".");
    }
  }

  @Test
  void answers400WithoutConnectionUpgrade() throws Exception {
    assertThat(upgrade("/echo", "GET", GOOD.replace("Connection: Upgrade", "Connection: keep-alive"))).startsWith("HTTP/1.1 400 ");
  }

  @Test
  void answers400ToAMissingOrInvalidKey() throws Exception {
    assertThat(upgrade("/echo", "GET", GOOD.replace("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n", "")))
        .startsWith("HTTP/1.1 400 ");
    assertThat(upgrade("/echo", "GET", GOOD.replace("dGhlIHNhbXBsZSBub25jZQ==", "c2hvcnQ=")))
        .startsWith("HTTP/1.1 400 ");
    assertThat(upgrade("/echo", "GET", GOOD.replace("dGhlIHNhbXBsZSBub25jZQ==", "not base64 at all!!!!!!"))).startsWith("HTTP/1.1 400 ");
  }

  @Test
  void answers426NamingVersion13ToOtherVersions() throws Exception {
    String head = upgrade("/echo", "GET", GOOD.replace("Version: 13", "Version: 8"));
    assertThat(head).startsWith("HTTP/1.1 426 ").contains("Sec-WebSocket-Version: 13\r\n");
  }

  @Test
  void refusesAForeignOriginWith403() throws Exception {
    assertThat(upgrade("/echo", "GET", GOOD + "Origin: http://evil.example\r\n")).startsWith("HTTP/1.1 403 ");
    assertThat(upgrade("/echo", "GET", GOOD + "Origin: null\r\n")).startsWith("HTTP/1.1 403 ");
  }

  @Test
  void acceptsItsOwnOriginAndTheAllowedOnes() throws Exception {
    assertThat(upgrade("/echo", "GET", GOOD + "Origin: http://127.0.0.1:" + server.port() + "\r\n")).startsWith("HTTP/1.1 101 ");
    assertThat(upgrade("/echo", "GET", GOOD + "Origin: https://app.example.org\r\n")).startsWith("HTTP/1.1 101 ");
    assertThat(upgrade("/echo", "GET", GOOD + "Origin: https://a.trusted.test\r\n")).startsWith("HTTP/1.1 101 ");
    assertThat(upgrade("/echo", "GET", GOOD + "Origin: https://trusted.test.evil\r\n")).startsWith("HTTP/1.1 403 ");
  }

  @Test
  void prepareCanRefuseBeforeTheUpgrade() throws Exception {
    assertThat(upgrade("/guarded", "GET", GOOD)).startsWith("HTTP/1.1 401 ");
    assertThat(upgrade("/guarded", "GET", GOOD + "Cookie: user=ann\r\n")).startsWith("HTTP/1.1 101 ");
  }

  @Test
  void handshakeRequestStaysAvailableToTheHandler() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(server.port(), "/inspect/room7?q=hello",
        "Cookie: c=choc\r\nSec-WebSocket-Protocol: superchat, chat\r\n")) {
      assertThat(ws.responseHead).contains("Sec-WebSocket-Protocol: chat\r\n");
      assertThat(seen.next()).isEqualTo("open room7 q=hello cookie=choc ip=127.0.0.1 proto=chat");
    }
  }

  @Test
  void anUpgradedHandlerKeepsItsRequestButLetsTheHttpExchangeGo() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(server.port(), "/inspect/room8", "Cookie: c=mint\r\n")) {
      seen.next();
      ws.sendText("later");
      assertThat(ws.read().text()).isEqualTo(
          "later path=/inspect/room8 cookie=mint host=true headers=0 The connection was upgraded: its HTTP exchange is over.");
    }
  }

  @Test
  void sendsNoSubprotocolWhenNoneIsChosen() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(server.port(), "/inspect/x", "Sec-WebSocket-Protocol: other\r\n")) {
      assertThat(ws.responseHead).doesNotContainIgnoringCase("Sec-WebSocket-Protocol");
      assertThat(seen.next()).endsWith("proto=null");
    }
  }

  @Test
  void theHandshakesOwnHeadersAreGoneOnceOpenAndTheOthersStay() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(server.port(), "/names", "Origin: https://elsewhere.test\r\n"
        + "X-Trace: t1\r\nSec-WebSocket-Protocol: chat\r\nSec-WebSocket-Extensions: permessage-deflate\r\n")) {
      assertThat(seen.next()).isEqualTo("checkOrigin [Host, Upgrade, Connection, Sec-WebSocket-Key, Sec-WebSocket-Version, "
          + "Origin, X-Trace, Sec-WebSocket-Protocol, Sec-WebSocket-Extensions]");
      assertThat(seen.next()).isEqualTo("open [Host, Origin, X-Trace]");
      ws.sendText("later");
      assertThat(ws.read().text()).isEqualTo("[Host, Origin, X-Trace] origin=https://elsewhere.test");
    }
  }
}
