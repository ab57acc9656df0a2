package io.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 4, test (b): the chat behind a real nginx with the article's directives plus
 * {@code Host $http_host}, under the sub-path {@code /chat/}. Squall trusts only 127.0.0.1 (where
 * nginx connects from); clients connect from other loopback addresses (127.0.0.2, 127.0.0.3) so
 * that the address nginx puts in X-Real-IP is told apart from nginx's own.
 */
class ChatNginxIT {
  static ChatServer squall;
  static ChatServer squallWithoutPings;
  static Nginx nginx;
  static int port;

  /** The article's location block (its four directives), mounted under {@code prefix}. */
  static String location(String prefix, String upstream, String extra) {
    return """
        location %s {
          proxy_pass http://%s/;
          proxy_http_version 1.1;
          proxy_set_header Upgrade $http_upgrade;
          proxy_set_header Connection "Upgrade";
          proxy_set_header X-Real-IP $remote_addr;
        %s}
        """.formatted(prefix, upstream, extra.indent(2));
  }

  @BeforeAll
  static void start() {
    squall = ChatFixture.start(o -> o.withTrustedProxies(List.of("127.0.0.1/32")).withPingInterval(Duration.ofSeconds(1)));
    squallWithoutPings = ChatFixture.start(o -> o.withTrustedProxies(List.of("127.0.0.1/32")).withPingInterval(Duration.ZERO));
    port = TestPaths.freePort();
    String forwardHost = "proxy_set_header Host $http_host;\nproxy_read_timeout 3s;\n";
    nginx = Nginx.start("""
        upstream squall { server 127.0.0.1:%d; }
        upstream squall_without_pings { server 127.0.0.1:%d; }
        server {
          listen 127.0.0.1:%d;
        %s%s%s}
        """.formatted(squall.port(), squallWithoutPings.port(), port,
        location("/chat/", "squall", forwardHost).indent(2),
        location("/article/", "squall", "").indent(2),
        location("/no-pings/", "squall_without_pings", forwardHost).indent(2)), port);
  }

  @AfterAll
  static void stop() {
    if (nginx != null) {
      nginx.close();
    }
    squall.stop();
    squallWithoutPings.stop();
  }

  static String origin() {
    return "http://127.0.0.1:" + port;
  }

  static String viaNginx(String path) {
    return "ws://127.0.0.1:" + port + path;
  }

  @Test
  void broadcastThroughNginxReachesEveryoneOnceInOrderWithTheAddressNginxPutInXRealIp() throws Exception {
    try (PythonChatClient python = PythonChatClient.to(viaNginx("/chat/message")).origin(origin()).from("127.0.0.2")
             .header("X-Real-IP", "6.6.6.6").header("X-Forwarded-For", "7.7.7.7").open();
         JdkChatClient jdk = JdkChatClient.connect(viaNginx("/chat/message"), "127.0.0.3", List.of("Origin", origin()))) {
      ChatFixture.awaitRoomSize(squall, 2);
      Thread jdkSender = new Thread(() -> IntStream.range(0, 10).forEach(i -> jdk.send("jdk " + i)));
      jdkSender.start();
      IntStream.range(0, 10).forEach(i -> python.send("python " + i));
      jdkSender.join(10_000);

      List<String> seenByPython = python.nextMessages(20);
      assertThat(jdk.nextMessages(20)).containsExactlyElementsOf(seenByPython);
      List<ChatLine> lines = seenByPython.stream().map(ChatLine::parse).toList();
      assertThat(lines).filteredOn(l -> l.message().startsWith("python ")).extracting(ChatLine::ip)
          .as("nginx's $remote_addr, not the client's made-up X-Real-IP or X-Forwarded-For").containsOnly("127.0.0.2");
      assertThat(lines).filteredOn(l -> l.message().startsWith("jdk ")).extracting(ChatLine::ip).containsOnly("127.0.0.3");
      assertThat(lines).extracting(ChatLine::message).filteredOn(m -> m.startsWith("python "))
          .containsExactly(IntStream.range(0, 10).mapToObj(i -> "python " + i).toArray(String[]::new));
      assertThat(lines).extracting(ChatLine::message).filteredOn(m -> m.startsWith("jdk "))
          .containsExactly(IntStream.range(0, 10).mapToObj(i -> "jdk " + i).toArray(String[]::new));
    }
  }

  @Test
  void spoofedXRealIpFromAnUntrustedPeerIsIgnored() {
    // Straight to Squall from 127.0.0.2, which is not a trusted proxy.
    try (PythonChatClient direct = PythonChatClient.to(ChatFixture.ws(squall)).from("127.0.0.2")
        .header("X-Real-IP", "6.6.6.6").header("X-Forwarded-For", "7.7.7.7").open()) {
      direct.send("who am I?");
      assertThat(ChatLine.parse(direct.nextMessage()).ip()).isEqualTo("127.0.0.2");
    }
    // A server that trusts no proxy at all ignores the headers even from 127.0.0.1.
    ChatServer trustsNoOne = ChatFixture.start(o -> o);
    try (PythonChatClient direct = PythonChatClient.to(ChatFixture.ws(trustsNoOne)).header("X-Real-IP", "6.6.6.6").open()) {
      direct.send("and now?");
      assertThat(ChatLine.parse(direct.nextMessage()).ip()).isEqualTo("127.0.0.1");
    } finally {
      trustsNoOne.stop();
    }
  }

  @Test
  void foreignOriginThroughNginxGets403() {
    assertThat(PythonChatClient.to(viaNginx("/chat/message")).origin("http://evil.example").refused()).isEqualTo(403);
    // Same host, other port: another origin too.
    assertThat(PythonChatClient.to(viaNginx("/chat/message")).origin("http://127.0.0.1:1").refused()).isEqualTo(403);
  }

  @Test
  void sameOriginPageAndSocketWorkThroughTheProxySubPath() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(origin() + "/chat/")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    String script = page.body().replaceAll("(?s).*src=\"(static/chat\\.js\\?v=\\w+)\".*", "$1");
    HttpResponse<String> js = http.send(HttpRequest.newBuilder(URI.create(origin() + "/chat/" + script)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.body()).contains("chat.socketUrl(window.location)");

    try (PythonChatClient browserLike = PythonChatClient.to(viaNginx("/chat/message")).origin(origin()).open()) {
      browserLike.send("same origin through nginx");
      assertThat(ChatLine.parse(browserLike.nextMessage()).message()).isEqualTo("same origin through nginx");
    }
  }

  @Test
  void withoutForwardingTheHostHeaderTheSameOriginCheckAnswers403() {
    // The article's location block alone: nginx sends "Host: squall" (the upstream's name), which
    // never equals the browser's Origin. This is the article's "403 problem".
    assertThat(PythonChatClient.to(viaNginx("/article/message")).origin(origin()).refused()).isEqualTo(403);
    // A client that sends no Origin (not a browser) is not subject to the check.
    try (PythonChatClient noOrigin = PythonChatClient.to(viaNginx("/article/message")).open()) {
      noOrigin.send("no origin, no check");
      assertThat(ChatLine.parse(noOrigin.nextMessage()).message()).isEqualTo("no origin, no check");
    }
  }

  @Test
  void serverPingsKeepAnIdleSocketOpenPastNginxsReadTimeout() throws Exception {
    // proxy_read_timeout is 3 s here; Squall pings every second on /chat/ and never on /no-pings/.
    try (PythonChatClient pinged = PythonChatClient.to(viaNginx("/chat/message")).origin(origin()).open();
         PythonChatClient silent = PythonChatClient.to(viaNginx("/no-pings/message")).origin(origin()).open()) {
      Thread.sleep(4500);
      assertThat(silent.awaitClosed()).as("nginx dropped the silent socket").startsWith("1006 ");
      pinged.send("still open after 4.5 s of silence");
      assertThat(ChatLine.parse(pinged.nextMessage()).message()).isEqualTo("still open after 4.5 s of silence");
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Browser.Kind.class)
  void browserChatsThroughNginxUnderTheSubPath(Browser.Kind kind) {
    try (Browser browser = kind.start()) {
      browser.open(origin() + "/chat/");
      browser.awaitStatus("open");
      browser.sendWithEnter("hello from " + browser + " via nginx");
      String line = browser.awaitLines(1).get(0);
      assertThat(ChatLine.parse(line).message()).isEqualTo("hello from " + browser + " via nginx");
      assertThat(ChatLine.parse(line).ip()).isEqualTo("127.0.0.1");
      assertThat(browser.js("return window.SquallChat.socketUrl(window.location)")).isEqualTo(viaNginx("/chat/message"));
      browser.screenshot("chat-through-nginx");
    }
  }
}
