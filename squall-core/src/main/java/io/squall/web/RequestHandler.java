package io.squall.web;

import io.squall.http.HttpException;
import io.squall.http.HttpStatus;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Answers one request, Tornado's {@code RequestHandler}: override {@link #get()}, {@link #post()}
 * and friends; a new instance serves each request. {@link #prepare()} runs first and may finish
 * the request itself; methods not overridden answer 405 with an {@code Allow} header, except HEAD,
 * which is answered as GET is. A handler marked {@link StreamRequestBody} takes its request body
 * as it arrives ({@link #dataReceived}) instead of in {@code request().body()}.
 *
 * <p>Thread rule: runs on the connection's event loop; never block in it.
 */
public abstract class RequestHandler extends ResponseContext {

  /** Called before the HTTP method's handler; finishing here skips it. */
  public void prepare() {}

  public void get() {
    throw methodNotAllowed();
  }

  /**
   * Answers HEAD as {@link #get()} would, body dropped (RFC 9110 §9.3.2: the same headers, among
   * them the Content-Length the GET would send), under GET's {@link Authenticated} rule. Tornado
   * answers 405 here; RFC 9110 §9.1 makes HEAD a MUST wherever GET is served. A handler without
   * {@code get()} still answers 405. Override to answer HEAD more cheaply.
   */
  public void head() {
    get();
  }

  public void post() {
    throw methodNotAllowed();
  }

  public void put() {
    throw methodNotAllowed();
  }

  public void patch() {
    throw methodNotAllowed();
  }

  public void delete() {
    throw methodNotAllowed();
  }

  public void options() {
    throw methodNotAllowed();
  }

  /**
   * Waits for {@code work} without holding the loop, as {@code await} in Tornado's coroutine
   * handlers: once it completes, {@code then} runs with its value on this request's loop (never
   * concurrently with the handler), and the response is finished when no await is pending and the
   * step that started the last one has returned, as when {@code get()} returns. Chain steps by
   * awaiting again in {@code then}; awaits started in {@link #prepare()} all resume before the HTTP
   * method runs (or the body is read), and those a {@link #dataReceived} started, before the method
   * (they do not pause the reading: {@link #dataReceivedAsync} does). A failed stage is answered as a throw from the handler would be: an {@link
   * HttpException} with its status, anything else a logged 500.
   *
   * <pre>{@code
   * public void get() {
   *   await(users.find(pathArg(0)), user -> render("user.html", Map.of("user", user)));
   * }
   * }</pre>
   *
   * @throws IllegalStateException off the request's loop (in a stage's own callback: await again
   *     in {@code then} instead), once the response is finished, or after a WebSocket upgrade
   *     (there {@code onMessage} returns its stage instead)
   */
  protected final <T> void await(CompletionStage<T> work, Consumer<? super T> then) {
    HandlerRun run = response().run;
    if (run == null) {
      throw new IllegalStateException("await() runs within a request's handler.");
    }
    run.await(Objects.requireNonNull(work, "work"), Objects.requireNonNull(then, "then"));
  }

  /**
   * Runs blocking {@code work} (JDBC, a blocking client, a large file) on a virtual thread of its
   * own and returns its result as a stage, for {@link #await} or for a WebSocket handler's {@code
   * onMessage} to return: the loop itself never blocks. The stage fails with whatever {@code work}
   * throws.
   */
  protected static <T> CompletionStage<T> blocking(Callable<T> work) {
    Objects.requireNonNull(work, "work");
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread.ofVirtual().name("squall-blocking").start(() -> {
      try {
        result.complete(work.call());
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  /**
   * The connection closed before the response was finished, Tornado's {@code on_connection_close}:
   * the client reset it (or, for a {@link StreamRequestBody} handler, ended its stream before the
   * end of the body), a timeout cut it off, or the server refused a streamed body (413, 408,
   * malformed chunks). It concerns a handler that answers later ({@link #finishLater()}) or takes
   * its body as a stream: clean up here (a half-written upload, a waiting long poll); the HTTP
   * method of a streamed request does not run then. Not called once the response is finished, nor
   * for a WebSocket (see its {@code onClose}). A client that only half-closes after a whole request
   * still gets its answer: that is not a close.
   */
  public void onConnectionClose() {}

  /**
   * A piece of the request body of a {@link StreamRequestBody} handler as it arrives, chunked
   * framing removed, Tornado's {@code data_received}. A read-only view of the loop's read buffer,
   * at most 64 KiB, valid only during the call: write it out, digest it, or copy what you keep.
   * A view rather than a {@code byte[]} so that nothing is allocated per piece and it goes as it
   * is to a channel or a digest. Runs on the loop: writing to a file without holding it up takes
   * {@link #dataReceivedAsync}. A throw is a 500 ({@link #sendError}), and the connection closes.
   * The default throws: a streaming handler must override this or {@code dataReceivedAsync}.
   */
  public void dataReceived(ByteBuffer chunk) {
    throw new UnsupportedOperationException(getClass().getName()
        + " is @StreamRequestBody but overrides neither dataReceived nor dataReceivedAsync.");
  }

  /**
   * A piece of the body, asynchronously: the socket is not read (TCP pushes back on the client)
   * until the returned stage completes, from any thread, as Tornado awaits a coroutine {@code
   * data_received}; the wait does not count against the client's {@code idleTimeout}. The next
   * call comes on the loop. {@code chunk} is valid only during this call, not until the stage
   * completes: copy what the stage still needs (an {@code AsynchronousFileChannel} write). A stage
   * that fails is a 500, as a throw. The default calls {@link #dataReceived} and returns null.
   */
  public CompletionStage<?> dataReceivedAsync(ByteBuffer chunk) {
    dataReceived(chunk);
    return null;
  }

  /**
   * The largest body this request may have, in place of the server's {@link
   * io.squall.http.HttpLimits#maxBodyBytes()} (default 100 MiB), Tornado's {@code
   * request.connection.set_max_body_size}: for a {@link StreamRequestBody} handler, in {@link
   * #prepare()}. Raise it for a large upload (the streamed body is never held whole), lower it
   * for a small one. A body past it is answered 413 and the connection closes.
   *
   * @throws IllegalArgumentException if {@code bytes} is not positive
   * @throws IllegalStateException outside a streaming handler's prepare(): the body was read
   *     whole before the handler ran, or its reading has begun
   */
  public void setMaxBodySize(long bytes) {
    if (!request().isBodyStreamed()) {
      throw new IllegalStateException("setMaxBodySize is for the prepare() of a @StreamRequestBody handler; the body of "
          + request() + " was read whole before " + getClass().getSimpleName() + " ran.");
    }
    exchange().setMaxBodyBytes(bytes);
  }

  private HttpException methodNotAllowed() {
    return new HttpException(HttpStatus.METHOD_NOT_ALLOWED, "Method " + request().method() + " not allowed.");
  }

  @Override
  final RequestHandler handler() {
    return this;
  }
}
