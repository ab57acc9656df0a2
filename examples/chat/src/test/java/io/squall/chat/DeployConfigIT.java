package io.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.squall.redis.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The shipped {@code deploy/nginx/squall-chat.conf} itself, run by a real nginx in front of three
 * chat instances sharing a real Redis, as the shipped systemd unit runs them: only ports and
 * certificate paths are rewritten (to free loopback ports and a self-signed certificate made with
 * openssl), so what users copy is what is tested — wss:// and the load balancing included.
 */
class DeployConfigIT {
  static final Path DEPLOY = TestPaths.module().resolve("deploy");
  static RedisServer redis;
  static final List<ChatServer> instances = new ArrayList<>();
  static Nginx nginx;
  static int httpPort;
  static int httpsPort;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisServer.start();
    for (int i = 0; i < 3; i++) {
      instances.add(ChatFixture.start(o -> o.withTrustedProxies(List.of("127.0.0.1/32"))
          .withRedis(new ChatOptions.Redis(redis.uri(), ChatOptions.Redis.DEFAULT_CHANNEL))));
    }
    Path tls = TestPaths.newFolder("tls-");
    try (ExternalProcess openssl = ExternalProcess.start("openssl", List.of("openssl", "req", "-x509", "-newkey", "rsa:2048",
        "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-keyout", tls.resolve("key.pem").toString(),
        "-out", tls.resolve("cert.pem").toString()))) {
      assertThat(openssl.waitFor(Duration.ofSeconds(30))).as(openssl.logText()).isZero();
    }
    httpPort = TestPaths.freePort();
    httpsPort = TestPaths.freePort();
    String site = Files.readString(DEPLOY.resolve("nginx/squall-chat.conf"));
    site = replace(site, "listen 80;", "listen 127.0.0.1:" + httpPort + ";");
    site = replace(site, "listen 443 ssl;", "listen 127.0.0.1:" + httpsPort + " ssl;");
    for (int i = 0; i < 3; i++) {
      site = replace(site, "server 127.0.0.1:800" + (i + 1) + ";", "server 127.0.0.1:" + instances.get(i).port() + ";");
    }
    site = replace(site, "/etc/letsencrypt/live/chat.example.com/fullchain.pem", tls.resolve("cert.pem").toString());
    site = replace(site, "/etc/letsencrypt/live/chat.example.com/privkey.pem", tls.resolve("key.pem").toString());
    nginx = Nginx.start(site, httpPort, httpsPort);
  }

  /** Replaces {@code from} once, failing when the shipped file no longer contains it. */
  static String replace(String text, String from, String to) {
    assertThat(text).as("deploy/nginx/squall-chat.conf").contains(from);
    return text.replace(from, to);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    try {
      if (nginx != null) {
        nginx.close();
      }
      instances.forEach(ChatServer::stop);
    } finally {
      if (redis != null) {
        redis.close();
      }
    }
  }

  @Test
  void wssThroughTheShippedSiteBroadcastsTheClientsAddress() {
    String origin = "https://127.0.0.1:" + httpsPort;
    try (PythonChatClient client = PythonChatClient.to("wss://127.0.0.1:" + httpsPort + "/message")
        .origin(origin).from("127.0.0.2").header("X-Real-IP", "6.6.6.6").open()) {
      client.send("over TLS");
      ChatLine line = ChatLine.parse(client.nextMessage());
      assertThat(line.ip()).isEqualTo("127.0.0.2");
      assertThat(line.message()).isEqualTo("over TLS");
    }
    assertThat(PythonChatClient.to("wss://127.0.0.1:" + httpsPort + "/message").origin("https://evil.example").refused())
        .isEqualTo(403);
  }

  @Test
  void socketsSpreadOverTheInstancesAndEveryoneIsInOneRoom() {
    String url = "wss://127.0.0.1:" + httpsPort + "/message";
    String origin = "https://127.0.0.1:" + httpsPort;
    try (PythonChatClient first = PythonChatClient.to(url).origin(origin).from("127.0.0.3").open();
         PythonChatClient second = PythonChatClient.to(url).origin(origin).from("127.0.0.4").open();
         PythonChatClient third = PythonChatClient.to(url).origin(origin).from("127.0.0.5").open()) {
      for (ChatServer instance : instances) {
        ChatFixture.awaitRoomSize(instance, 1);
      }

      second.send("one room");

      for (PythonChatClient c : List.of(first, second, third)) {
        ChatLine line = ChatLine.parse(c.nextMessage());
        assertThat(line.ip()).isEqualTo("127.0.0.4");
        assertThat(line.message()).isEqualTo("one room");
      }
    }
  }

  /** The article's whole deployment in real browsers: windows on different instances, one room through Redis. */
  @ParameterizedTest(name = "{0}")
  @EnumSource(Browser.Kind.class)
  void browserWindowsOnDifferentInstancesChatThroughTheShippedSite(Browser.Kind kind) {
    for (ChatServer instance : instances) {
      ChatFixture.awaitRoomSize(instance, 0); // the other tests' sockets gone, so least_conn spreads these
    }
    try (Browser browser = kind.startTrustingAnyCertificate()) {
      List<String> windows = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        windows.add(browser.open("https://127.0.0.1:" + httpsPort + "/"));
        browser.awaitStatus("open");
      }
      for (ChatServer instance : instances) {
        ChatFixture.awaitRoomSize(instance, 1); // least_conn: one window on each
      }

      browser.use(windows.get(1));
      browser.sendWithEnter("from " + browser + " through nginx, three instances and Redis");

      for (String window : windows) {
        browser.use(window);
        ChatLine line = ChatLine.parse(browser.awaitLines(1).get(0));
        assertThat(line.message()).isEqualTo("from " + browser + " through nginx, three instances and Redis");
        assertThat(line.ip()).isEqualTo("127.0.0.1");
      }
      browser.screenshot("deployed-site");
    }
  }

  @Test
  void plainHttpRedirectsToHttps() throws Exception {
    HttpResponse<Void> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/")).build(), HttpResponse.BodyHandlers.discarding());
    assertThat(r.statusCode()).isEqualTo(301);
    assertThat(r.headers().firstValue("Location")).hasValue("https://127.0.0.1/");
  }

  @Test
  void siteKeepsTheArticlesDirectivesAndForwardsTheHost() throws Exception {
    String site = Files.readString(DEPLOY.resolve("nginx/squall-chat.conf"));
    assertThat(site).contains("proxy_http_version 1.1;", "proxy_set_header Upgrade $http_upgrade;",
        "proxy_set_header Connection \"Upgrade\";", "proxy_set_header X-Real-IP $remote_addr;",
        "proxy_set_header Host $http_host;", "upstream squall_chat {");
  }

  @Test
  void proxyReadTimeoutOutlastsThePingIntervalOfTheUnitAndTheDefault() throws Exception {
    String site = Files.readString(DEPLOY.resolve("nginx/squall-chat.conf"));
    String unit = Files.readString(DEPLOY.resolve("systemd/squall-chat@.service"));
    long readTimeout = number(site, "proxy_read_timeout (\\d+)s;");
    long unitPing = number(unit, "--ping-interval (\\d+)");
    assertThat(readTimeout).isGreaterThan(unitPing).isGreaterThan(ChatOptions.DEFAULT_PING_INTERVAL.toSeconds());
    assertThat(unit).contains("--host 127.0.0.1", "--trusted-proxy 127.0.0.1/32", "--port %i", "--redis redis://127.0.0.1:6379");
  }

  private static long number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as(regex).isTrue();
    return Long.parseLong(m.group(1));
  }
}
