package io.squall.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.websocket.WebSocketClient;
import io.squall.websocket.WebSocketConnection;
import io.squall.websocket.WebSocketHandler;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tornado's log_function: every finished request is handed over once, with its status and its time. */
class RequestLogIT {
  @TempDir static Path root;
  static final BlockingQueue<Entry> entries = new LinkedBlockingQueue<>();
  static Application app;
  static WebClient http;

  record Entry(int status, String method, String uri, String ip, Duration time) {}

  public static final class Page extends RequestHandler {
    @Override
    public void get() {
      switch (getArgument("do", "ok")) {
        case "fail" -> throw new IllegalStateException("planned failure");
        case "wait" -> await(CompletableFuture.supplyAsync(() -> "late",
            CompletableFuture.delayedExecutor(150, TimeUnit.MILLISECONDS)), this::write);
        case "crash-log" -> write("answered anyway");
        default -> write("ok");
      }
    }
  }

  public static final class Socket extends WebSocketHandler {
    @Override
    public void onMessage(String message) {
      writeMessage(message);
    }
  }

  @BeforeAll
  static void start() throws IOException {
    Files.write(root.resolve("big.txt"), new byte[300_000]);
    RequestLog record = h -> {
      if (h.request().uri().contains("crash-log")) {
        throw new IllegalStateException("a broken log function");
      }
      entries.add(new Entry(h.getStatus(), h.request().method(), h.request().uri(), h.request().remoteIp(), h.requestTime()));
    };
    app = Application.builder().route("/page", Page.class).route("/socket", Socket.class)
        .setting(Settings.STATIC_PATH, root).setting(Settings.LOG_FUNCTION, record)
        .build().listen("127.0.0.1", 0);
    http = new WebClient(app);
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  @AfterEach
  void oneEntryPerRequest() throws InterruptedException {
    assertThat(entries.poll(100, TimeUnit.MILLISECONDS)).as("an entry too many").isNull();
  }

  static Entry next() throws InterruptedException {
    Entry e = entries.poll(5, TimeUnit.SECONDS);
    assertThat(e).as("an entry within 5 s").isNotNull();
    return e;
  }

  @Test
  void answersOfEveryKindAreLoggedWithTheirStatus() throws Exception {
    http.get("/page?x=1");
    assertThat(next()).extracting(Entry::status, Entry::method, Entry::uri, Entry::ip)
        .containsExactly(200, "GET", "/page?x=1", "127.0.0.1");
    http.get("/nowhere");
    assertThat(next().status()).isEqualTo(404);
    http.get("/page?do=fail");
    assertThat(next().status()).isEqualTo(500);
    http.send("DELETE", "/page", null);
    assertThat(next().status()).isEqualTo(405);
  }

  @Test
  void theTimeCoversAnAwaitAndAStreamedFileIsLoggedOnceSent() throws Exception {
    assertThat(http.get("/page?do=wait").body()).isEqualTo("late");
    assertThat(next().time()).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    assertThat(http.getBytes("/static/big.txt").body()).hasSize(300_000);
    Entry file = next();
    assertThat(file.status()).isEqualTo(200);
    assertThat(file.uri()).isEqualTo("/static/big.txt");
  }

  @Test
  void aWebSocketIsLoggedWhenUpgraded() throws Exception {
    WebSocketConnection ws = WebSocketClient.connect(URI.create("ws://127.0.0.1:" + app.port() + "/socket"))
        .toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(next()).extracting(Entry::status, Entry::uri).containsExactly(101, "/socket");
    ws.writeMessage("still open");
    assertThat(ws.readMessage().toCompletableFuture().get(5, TimeUnit.SECONDS).asText()).isEqualTo("still open");
    ws.close();
  }

  @Test
  void aFailingLogFunctionCostsTheRequestNothing() throws Exception {
    assertThat(http.get("/page?do=crash-log").body()).isEqualTo("answered anyway");
    http.get("/page");
    assertThat(next().status()).isEqualTo(200);
  }

  @Test
  void theStandardLineIsTornados() {
    assertThat(RequestLog.line(200, "GET", "/a?b=1", "203.0.113.9", Duration.ofNanos(1_254_000)))
        .isEqualTo("200 GET /a?b=1 (203.0.113.9) 1.25ms");
  }
}
