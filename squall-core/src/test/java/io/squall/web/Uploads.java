package io.squall.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.http.HttpLimits;
import io.squall.http.RawHttpClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of the streamed-body tests: one application per test class, on an ephemeral loopback port,
 * with the handlers below ({@code /upload}, {@code /guarded}, {@code /paced}, {@code /plain},
 * {@code /poll}; login URL {@code /login}), and the events they record in order. Each test takes
 * the events it expects ({@link #expect}) and leaves none unexamined.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class Uploads {
  static final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  static final Duration CLOSE_WAIT = Duration.ofSeconds(3);

  final Application app;

  Uploads(HttpLimits limits) {
    app = Application.builder()
        .route("/upload", Upload.class)
        .route("/guarded", Guarded.class)
        .route("/paced", Paced.class)
        .route("/plain", Plain.class)
        .route("/poll", LongPoll.class)
        .setting(Settings.LOGIN_URL, "/login")
        .setting(Settings.HTTP_LIMITS, limits)
        .build()
        .listen("127.0.0.1", 0);
  }

  @AfterAll
  final void stopApplication() {
    app.stop();
  }

  /** After a short settling time, no event is left that the test did not expect. */
  @AfterEach
  final void noEventLeft() throws InterruptedException {
    Thread.sleep(50);
    assertThat(events).isEmpty();
  }

  RawHttpClient connect() throws IOException {
    return RawHttpClient.connect(app.port());
  }

  /** Takes the next events, in order, waiting up to 5 s for each. */
  static void expect(String... expected) throws InterruptedException {
    for (String e : expected) {
      assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo(e);
    }
  }

  /**
   * Takes its body as it arrives and keeps nothing of it but a count, a CRC-32 and the largest
   * piece; answers them from post() and put(). Query: {@code max=N} sets the request's limit in
   * prepare(), {@code reject} answers 403 there and {@code redirect} redirects; {@code throw}
   * makes dataReceived throw, {@code failstage} return a failed stage, {@code quota=N} answer 413
   * once N bytes came.
   */
  @StreamRequestBody
  public static class Upload extends RequestHandler {
    long bytes;
    int pieces;
    int largest;
    final CRC32 crc = new CRC32();

    @Override
    public void prepare() {
      events.add("prepare " + request().method());
      String max = getArgument("max", null);
      if (max != null) {
        setMaxBodySize(Long.parseLong(max));
      }
      if (getArgument("reject", null) != null) {
        sendError(403, "Uploads are closed.", null);
      } else if (getArgument("redirect", null) != null) {
        redirect("/elsewhere");
      }
    }

    @Override
    public CompletionStage<?> dataReceivedAsync(ByteBuffer chunk) {
      if (isFinished()) {
        events.add("data after the answer");
      }
      if (getArgument("throw", null) != null) {
        throw new IllegalStateException("dataReceived failed (expected by the test)");
      }
      if (getArgument("failstage", null) != null) {
        return CompletableFuture.failedFuture(new IllegalStateException("The write failed (expected by the test)."));
      }
      if (pieces++ == 0) {
        events.add("first data");
      }
      largest = Math.max(largest, chunk.remaining());
      bytes += chunk.remaining();
      crc.update(chunk);
      String quota = getArgument("quota", null);
      if (quota != null && bytes >= Long.parseLong(quota)) {
        sendError(413, "Over quota.", null);
      }
      return null;
    }

    @Override
    public void get() {
      events.add("get");
      write("get streamed=" + request().isBodyStreamed());
    }

    @Override
    public void post() {
      events.add("post");
      write("bytes=%d crc=%08x largest=%d body=%d streamed=%s".formatted(
          bytes, crc.getValue(), largest, request().body().length, request().isBodyStreamed()));
    }

    @Override
    public void put() {
      post();
    }

    @Override
    public void onConnectionClose() {
      events.add("connection closed after " + bytes);
    }
  }

  /** An upload only a user (the X-User header) may post; the check comes before the body. */
  @StreamRequestBody
  public static final class Guarded extends Upload {
    @Override
    public Object getCurrentUser() {
      return request().header("X-User");
    }

    @Authenticated
    @Override
    public void post() {
      super.post();
    }
  }

  /** Holds the reading at its first piece until {@link #gate} completes; counts what it got. */
  @StreamRequestBody
  public static final class Paced extends RequestHandler {
    static volatile CompletableFuture<Void> gate = new CompletableFuture<>();
    static final AtomicLong delivered = new AtomicLong();

    @Override
    public CompletionStage<?> dataReceivedAsync(ByteBuffer chunk) {
      return delivered.getAndAdd(chunk.remaining()) == 0 ? gate : null;
    }

    @Override
    public void post() {
      write("delivered=" + delivered.get());
    }
  }

  /** A handler without {@link StreamRequestBody}: its body is read whole first (too late for a limit). */
  public static final class Plain extends RequestHandler {
    @Override
    public void post() {
      if (getArgument("limit", null) != null) {
        try {
          setMaxBodySize(1);
        } catch (IllegalStateException refused) {
          write(refused.getMessage());
          return;
        }
      }
      write("plain " + new String(request().body(), StandardCharsets.UTF_8) + " streamed=" + request().isBodyStreamed());
    }

    @Override
    public void onConnectionClose() {
      events.add("plain closed");
    }
  }

  /** Answers nothing: it holds the request, as a long poll does, until its client goes away. */
  public static final class LongPoll extends RequestHandler {
    @Override
    public void get() {
      finishLater();
      events.add("held");
    }

    @Override
    public void onConnectionClose() {
      events.add("poll closed");
    }
  }

  /** The CRC-32 of {@code bytes}, as Upload answers it. */
  static String crcOf(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return "%08x".formatted(crc.getValue());
  }
}
