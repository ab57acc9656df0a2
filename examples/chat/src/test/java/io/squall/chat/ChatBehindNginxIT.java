package io.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.websocket.WebSocketClient;
import io.squall.websocket.WebSocketClientOptions;
import io.squall.websocket.WebSocketConnectException;
import io.squall.websocket.WebSocketConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** (b) The chat through a real nginx with the shipped proxy directives. */
class ChatBehindNginxIT {
  /** The browser's address as nginx sees it: a second loopback address, so it differs from nginx's own. */
  static final String BROWSER_IP = "127.0.0.2";
  @TempDir static Path dir;
  static ChatFixture chat;
  static Nginx nginx;

  @BeforeAll
  static void start() throws Exception {
    chat = new ChatFixture(List.of("127.0.0.1/32"));
    nginx = new Nginx(dir, chat.port());
  }

  @AfterAll
  static void stop() throws Exception {
    nginx.close();
    chat.close();
  }

  static WebSocketConnection connect(String url, String origin, String... headers) throws Exception {
    WebSocketClientOptions.Builder o = WebSocketClientOptions.builder()
        .localAddress(new InetSocketAddress(BROWSER_IP, 0)).origin(origin);
    for (int i = 0; i < headers.length; i += 2) {
      o.header(headers[i], headers[i + 1]);
    }
    return WebSocketClient.connect(URI.create(url), o.build()).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static String say(WebSocketConnection ws, String text) throws Exception {
    ws.writeMessage(text);
    String line = ws.readMessage().toCompletableFuture().get(10, TimeUnit.SECONDS).asText();
    ws.close();
    return line;
  }

  String proxied() {
    return "http://127.0.0.1:" + nginx.port;
  }

  @Test
  void theBroadcastIpIsTheOneNginxSetEvenWhenTheBrowserSendsItsOwn() throws Exception {
    WebSocketConnection ws = connect("ws://127.0.0.1:" + nginx.port + "/chat/message", proxied(), "X-Real-IP", "6.6.6.6");
    assertThat(say(ws, "via nginx")).matches("\\[[-0-9 :]{19}] " + BROWSER_IP.replace(".", "\\.") + " : via nginx");
  }

  @Test
  void aSpoofedRealIpSentStraightToSquallIsIgnored() throws Exception {
    WebSocketConnection ws = connect(chat.ws("/message"), null, "X-Real-IP", "6.6.6.6", "X-Forwarded-For", "7.7.7.7");
    assertThat(say(ws, "direct")).endsWith("] " + BROWSER_IP + " : direct");
  }

  @Test
  void aForeignOriginThroughNginxGets403() {
    assertThatThrownBy(() -> connect("ws://127.0.0.1:" + nginx.port + "/chat/message", "http://evil.example"))
        .cause().isInstanceOf(WebSocketConnectException.class)
        .extracting(e -> ((WebSocketConnectException) e).status()).isEqualTo(403);
  }

  @Test
  void theSameOriginPageAndSocketWorkThroughTheProxyUnderASubPath() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(proxied() + "/chat/")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    String js = page.body().replaceAll("(?s).*<script src=\"([^\"]+)\".*", "$1");
    assertThat(js).startsWith("static/chat.js?v=");
    HttpResponse<String> script = http.send(HttpRequest.newBuilder(URI.create(proxied() + "/chat/" + js)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(script.statusCode()).isEqualTo(200);
    WebSocketConnection ws = connect("ws://127.0.0.1:" + nginx.port + "/chat/message", proxied());
    assertThat(say(ws, "same origin")).endsWith(" : same origin");
  }

  @Test
  void withoutForwardingHostTheArticlesConfigurationGetsThe403Problem() {
    assertThatThrownBy(() -> connect("ws://127.0.0.1:" + nginx.port + "/nohost/message", proxied()))
        .cause().isInstanceOf(WebSocketConnectException.class)
        .extracting(e -> ((WebSocketConnectException) e).status()).isEqualTo(403);
  }
}
