package io.squall.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.http.HttpException;
import io.squall.websocket.WebSocketClient;
import io.squall.websocket.WebSocketConnectException;
import io.squall.websocket.WebSocketConnection;
import io.squall.websocket.WebSocketHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Handlers that await stages (Tornado's coroutine handlers): the loop stays free, the answer waits. */
class AsyncHandlerIT {
  static final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  /** Stages the test completes by hand, by name. */
  static final Map<String, CompletableFuture<String>> gates = new ConcurrentHashMap<>();
  static Application app;
  static WebClient http;

  static CompletableFuture<String> gate(String name) {
    return gates.computeIfAbsent(name, n -> new CompletableFuture<>());
  }

  static String thread() {
    return Thread.currentThread().getName();
  }

  /** {@code /wait/NAME}: answers with the value of gate NAME once the test completes it. */
  public static final class Waits extends RequestHandler {
    @Override
    public void get() {
      events.add("get on " + thread());
      await(gate(pathArg(0)), value -> {
        events.add("resumed on " + thread());
        write("value " + value);
      });
      events.add("get returned");
    }

    @Override
    public void onFinish() {
      events.add("finish " + getStatus());
    }
  }

  /** Three steps, each awaiting the next; two stages at once in the middle. */
  public static final class Chains extends RequestHandler {
    @Override
    public void get() {
      await(CompletableFuture.supplyAsync(() -> "a"), a -> {
        write(a);
        await(CompletableFuture.supplyAsync(() -> "b"), b -> write(b));
        await(CompletableFuture.supplyAsync(() -> "c"), c -> await(CompletableFuture.completedFuture("d"), d -> write("[" + c + d + "]")));
      });
    }
  }

  /** Looks the {@code token} argument's user up off the loop, as a session store would; an unknown one is a 403. */
  static void lookUpUser(RequestHandler handler, java.util.function.Consumer<String> found) {
    handler.await(RequestHandler.blocking(() -> handler.getArgument("token", "").equals("good") ? "ada" : null), user -> {
      if (user == null) {
        throw new HttpException(403, "Unknown token.");
      }
      found.accept(user);
    });
  }

  /** An async prepare, as a session looked up elsewhere: the method sees its result, or never runs. */
  public static final class AsyncPrepare extends RequestHandler {
    private String user;

    @Override
    public void prepare() {
      lookUpUser(this, found -> user = found);
    }

    @Override
    public void get() {
      events.add("get for " + user);
      write("hello " + user);
    }
  }

  /** Stages that fail: with an HttpException, with anything else. */
  public static final class Fails extends RequestHandler {
    @Override
    public void get() {
      write("lost");
      CompletionStage<String> failed = switch (pathArg(0)) {
        case "missing" -> CompletableFuture.failedFuture(new HttpException(404, "No such story."));
        case "io" -> blocking(() -> {
          throw new IOException("disk on fire");
        });
        default -> throw new IllegalArgumentException(pathArg(0));
      };
      await(failed, value -> events.add("never " + value));
    }
  }

  /** Blocking work off the loop, then an await once the response is finished (refused). */
  public static final class Blocks extends RequestHandler {
    @Override
    public void get() {
      await(blocking(() -> {
        Thread.sleep(50);
        return (Thread.currentThread().isVirtual() ? "virtual " : "platform ") + thread();
      }), where -> {
        finish(where);
        try {
          await(CompletableFuture.completedFuture("x"), x -> { });
        } catch (IllegalStateException e) {
          events.add(e.getMessage());
        }
      });
      // A classic slip: awaiting from another thread (a stage's callback runs on the stage's thread).
      // A thread of its own, not runAsync().thenRun(): a stage already complete runs thenRun on the loop.
      Thread other = Thread.ofPlatform().name("not-the-loop").start(() -> {
        try {
          await(CompletableFuture.completedFuture("y"), y -> { });
        } catch (IllegalStateException e) {
          events.add(e.getMessage().substring(0, e.getMessage().indexOf(';')));
        }
      });
      try {
        other.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A socket whose prepare looks its user up first: the upgrade waits for it, or is refused. */
  public static final class GatedSocket extends WebSocketHandler {
    private String user;

    @Override
    public void prepare() {
      lookUpUser(this, found -> user = found);
    }

    @Override
    public void open() {
      writeMessage("welcome " + user);
    }
  }

  /** Saves each piece of its upload asynchronously; the answer counts what was saved. */
  @StreamRequestBody
  public static final class SavesPieces extends RequestHandler {
    private long saved;

    @Override
    public void dataReceived(ByteBuffer chunk) {
      int bytes = chunk.remaining();
      await(CompletableFuture.supplyAsync(() -> bytes, CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS)),
          n -> saved += n);
    }

    @Override
    public void post() {
      write("saved " + saved);
    }
  }

  @BeforeAll
  static void start() {
    app = Application.builder()
        .route("/wait/(\\w+)", Waits.class)
        .route("/chain", Chains.class)
        .route("/prepare", AsyncPrepare.class)
        .route("/fails/(\\w+)", Fails.class)
        .route("/blocks", Blocks.class)
        .route("/socket", GatedSocket.class)
        .route("/upload", SavesPieces.class)
        .build().listen("127.0.0.1", 0);
    http = new WebClient(app);
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  @AfterEach
  void noEventLeftUnexamined() {
    assertThat(events).isEmpty();
  }

  static String take() throws InterruptedException {
    String e = events.poll(5, TimeUnit.SECONDS);
    assertThat(e).as("an event within 5 s").isNotNull();
    return e;
  }

  @Test
  void theAnswerWaitsForTheStageWhileTheLoopServesOthers() throws Exception {
    CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> http.get("/wait/one"));
    String get = take();
    assertThat(get).startsWith("get on squall-loop-");
    assertThat(take()).isEqualTo("get returned");
    // No loop is held: a second request is answered while the first still waits.
    gate("two").complete("second");
    assertThat(http.get("/wait/two").body()).isEqualTo("value second");
    String second = take();
    assertThat(List.of(take(), take(), take())).containsExactly(
        "get returned", "resumed on " + second.substring("get on ".length()), "finish 200");
    assertThat(slow).isNotDone();
    new Thread(() -> gate("one").complete("first")).start(); // completed on a foreign thread
    assertThat(slow.get(5, TimeUnit.SECONDS).body()).isEqualTo("value first");
    assertThat(take()).isEqualTo("resumed on " + get.substring("get on ".length()));
    assertThat(take()).isEqualTo("finish 200");
  }

  @Test
  void chainedAndParallelAwaitsAllResumeBeforeTheAnswerEnds() {
    HttpResponse<String> r = http.get("/chain");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).startsWith("a").contains("b", "[cd]").hasSize(6);
  }

  @Test
  void awaitsInPrepareResumeBeforeTheMethodWhichTheyMaySkip() throws Exception {
    assertThat(http.get("/prepare?token=good").body()).isEqualTo("hello ada");
    assertThat(take()).isEqualTo("get for ada");
    HttpResponse<String> denied = http.get("/prepare?token=bad");
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.body()).contains("Unknown token.");
  }

  @Test
  void aFailedStageIsAnsweredAsAThrowWouldBe() {
    HttpResponse<String> missing = http.get("/fails/missing");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("No such story.").doesNotContain("lost");
    HttpResponse<String> io = http.get("/fails/io");
    assertThat(io.statusCode()).isEqualTo(500);
    assertThat(io.body()).doesNotContain("disk on fire", "lost");
  }

  @Test
  void blockingWorkRunsOnAVirtualThreadAndAwaitOffTheLoopOrAfterFinishIsRefused() throws Exception {
    assertThat(http.get("/blocks").body()).startsWith("virtual squall-blocking");
    assertThat(take()).isEqualTo("await() runs on the request's loop");
    assertThat(take()).startsWith("Cannot await after finish()");
  }

  @Test
  void aWebSocketUpgradeWaitsForItsAsyncPrepare() throws Exception {
    URI good = URI.create("ws://127.0.0.1:" + app.port() + "/socket?token=good");
    WebSocketConnection ws = WebSocketClient.connect(good).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(ws.readMessage().toCompletableFuture().get(5, TimeUnit.SECONDS).asText()).isEqualTo("welcome ada");
    ws.close();
    URI bad = URI.create("ws://127.0.0.1:" + app.port() + "/socket?token=bad");
    assertThatThrownBy(() -> WebSocketClient.connect(bad).toCompletableFuture().get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(WebSocketConnectException.class)
        .cause().satisfies(e -> assertThat(((WebSocketConnectException) e).status()).isEqualTo(403));
  }

  @Test
  void awaitsStartedByDataReceivedAllResumeBeforeTheMethodRuns() {
    String body = "x".repeat(300_000);
    HttpResponse<String> r = http.send("POST", "/upload", body);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("saved 300000");
  }

  @Test
  void aClientGoneWhileAwaitingLeavesTheServerServing() throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", app.port()), 5000);
      s.getOutputStream().write("GET /wait/gone HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(take()).startsWith("get on ");
      assertThat(take()).isEqualTo("get returned");
    }
    Thread.sleep(100); // the close reaches the server first
    gate("gone").complete("too late");
    assertThat(take()).startsWith("resumed on ");
    assertThat(take()).isEqualTo("finish 200");
    gate("after").complete("still here");
    assertThat(http.get("/wait/after").body()).isEqualTo("value still here");
    take();
    take();
    take();
    take();
  }
}
