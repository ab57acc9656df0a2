package io.squall.web;

import io.squall.http.Headers;
import io.squall.http.HttpException;
import io.squall.http.HttpExchange;
import io.squall.http.HttpStatus;
import io.squall.http.internal.HttpChars;
import io.squall.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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
public abstract class RequestHandler extends RequestContext {

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
   * Sets the headers every answer of this handler carries, error pages included (Tornado's {@code
   * set_default_headers}): a CORS {@code Access-Control-Allow-Origin}, security headers, a custom
   * {@code Server}. Runs before {@link #prepare()}, and again after an error page cleared the
   * headers set for the failed answer; headers set anywhere else do not survive an error.
   */
  protected void setDefaultHeaders() {}

  /** Called once the response is finished (for logging, cleanup). */
  public void onFinish() {}

  /**
   * Waits for {@code work} without holding the loop, as {@code await} in Tornado's coroutine
   * handlers: once it completes, {@code then} runs with its value on this request's loop (never
   * concurrently with the handler), and the response is finished when no await is pending and the
   * step that started the last one has returned, as when {@code get()} returns. Chain steps by
   * awaiting again in {@code then}; awaits started in {@link #prepare()} all resume before the HTTP
   * method runs. A failed stage is answered as a throw from the handler would be: an {@link
   * HttpException} with its status, anything else a logged 500.
   *
   * <pre>{@code
   * public void get() {
   *   await(users.find(pathArg(0)), user -> render("user.html", Map.of("user", user)));
   * }
   * }</pre>
   *
   * @throws IllegalStateException once the response is finished, or after a WebSocket upgrade
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

  // ---- response ------------------------------------------------------------------------------

  /**
   * Sets the status of the answer, 200 to 599; codes this side does not name go out with reason
   * "Unknown", as in Tornado. A 1xx is refused: it is an interim response (RFC 9110 §15.2), so a
   * client would wait for a final one and take the next request's answer for it, or with 101
   * believe the protocol switched; an upgrade goes through {@link HttpExchange#upgrade}.
   */
  public void setStatus(int code) {
    if (code < 200 || code > 599) {
      throw new IllegalArgumentException("Invalid HTTP status " + code + ": an answer's status is 200 to 599.");
    }
    response().status = code;
  }

  public int getStatus() {
    return response().status;
  }

  public void setHeader(String name, Object value) {
    responseHeaders().set(name, headerValue(value));
  }

  public void addHeader(String name, Object value) {
    responseHeaders().add(name, headerValue(value));
  }

  public void clearHeader(String name) {
    responseHeaders().remove(name);
  }

  @Override
  final Headers exchangeHeaders() {
    return responseHeaders();
  }

  /**
   * Headers to send; changing them after {@link #flush()} has no effect. Dropped once the
   * connection is upgraded; made again (empty) if asked for after that.
   */
  public Headers responseHeaders() {
    return response().headers;
  }

  /**
   * The text of a header value; {@link Headers} refuses control characters (CR, LF, NUL...) with a
   * message that escapes them, so neither the response nor a log line can be split.
   */
  private static String headerValue(Object value) {
    return String.valueOf(value);
  }

  /** Adds text to the body (UTF-8). */
  public void write(String chunk) {
    write(chunk.getBytes(StandardCharsets.UTF_8));
  }

  public void write(byte[] chunk) {
    checkNotFinished();
    ResponseState r = response();
    if (r.body == null) {
      r.body = new ByteArrayOutputStream(Math.max(256, chunk.length));
    }
    r.body.writeBytes(chunk);
  }

  /** Writes an object as JSON (Jackson) and sets {@code Content-Type: application/json}. */
  public void write(Object object) {
    if (object instanceof String s) {
      write(s);
      return;
    }
    if (object instanceof byte[] b) {
      write(b);
      return;
    }
    setHeader("Content-Type", "application/json; charset=UTF-8");
    write(Json.encodeBytes(object));
  }

  /** Renders a template from {@code template_path} with the model plus {@code handler}, {@code request}, {@code currentUser}. */
  public void render(String template, Map<String, Object> model) {
    finish(renderString(template, model));
  }

  /** Sends the headers (chunked) and what was written so far; later writes follow as chunks. */
  public void flush() {
    checkNotFinished();
    HttpExchange ex = exchange();
    ResponseState r = response();
    if (!ex.headersSent()) {
      ex.sendHeaders(r.status, r.headers);
    }
    if (pending() > 0) {
      ex.sendBody(ByteBuffer.wrap(r.body.toByteArray()));
      r.body = null;
    }
  }

  public void finish(String chunk) {
    write(chunk);
    finish();
  }

  /** Ends the response: sends headers and body (with a Content-Length unless already flushed). */
  public void finish() {
    ResponseState r = response();
    if (r.finished) {
      return;
    }
    HttpExchange ex = exchange();
    if (!ex.headersSent()) {
      byte[] body = pending() == 0 ? new byte[0] : r.body.toByteArray();
      if (ConditionalGet.answerNotModified(this, body)) {
        body = new byte[0];
      }
      ex.respond(r.status, r.headers, body);
    } else {
      if (pending() > 0) {
        ex.sendBody(ByteBuffer.wrap(r.body.toByteArray()));
      }
      ex.finish();
    }
    r.body = null;
    r.finished = true;
    onFinish();
    application().logRequest(this);
  }

  /**
   * The ETag of a 200 answer to GET or HEAD sent whole, as Tornado's {@code compute_etag}: a hash
   * of {@code body}. Override to return a cheaper one (a version number, quoted), or null for none.
   */
  protected String computeEtag(byte[] body) {
    return StaticFiles.etag(body);
  }

  private int pending() {
    ByteArrayOutputStream body = response().body;
    return body == null ? 0 : body.size();
  }

  /**
   * Keeps the response open once the handler method has returned, for an answer given later (a
   * long poll, the reply to an upload written out asynchronously, a file sent chunk by chunk):
   * call {@link #finish()} then, on the request's loop ({@code exchange().loop().execute(...)}).
   * Tornado's coroutine methods finish when their coroutine does; here the method says so. A client
   * that goes away first is reported to {@link #onConnectionClose()}.
   */
  public final void finishLater() {
    response().finishLater = true;
  }

  public boolean isFinished() {
    return response().finished;
  }

  private void checkNotFinished() {
    if (response().finished) {
      throw new IllegalStateException("Cannot write after finish() for " + request());
    }
  }

  /** Redirects with 302 (or 301 when permanent). */
  public void redirect(String url) {
    redirect(url, false);
  }

  /**
   * Redirects to {@code url}; characters a URI cannot hold as they are (non-ASCII, space) are sent
   * UTF-8 percent-encoded (RFC 3986 §2.1), so {@code /caf\u00e9} arrives as {@code /caf%C3%A9},
   * not as one Latin-1 byte; control characters are refused (no header can be split).
   */
  public void redirect(String url, boolean permanent) {
    if (exchange().headersSent()) {
      throw new IllegalStateException("Cannot redirect after headers have been sent.");
    }
    setStatus(permanent ? HttpStatus.MOVED_PERMANENTLY : HttpStatus.FOUND);
    setHeader("Location", HttpChars.asciiUri(url));
    finish();
  }

  /** Replaces whatever was written with an error page for {@code status}. */
  public void sendError(int status, String message, Throwable cause) {
    if (exchange().headersSent()) {
      if (!response().finished) {
        response().finished = true; // before the abort: this close is no news to the handler
        exchange().connection().abort(cause);
        response().status = exchange().status(); // the one that went out before the failure
        application().logRequest(this);
      }
      return;
    }
    response().body = null;
    ErrorPages.clearHeaders(responseHeaders());
    try {
      setDefaultHeaders(); // as Tornado's clear(): they dress every answer, error pages too
    } catch (RuntimeException e) {
      log().error("setDefaultHeaders failed while answering {} to {}", status, request(), e);
    }
    setStatus(status);
    writeError(status, message, cause);
    if (!response().finished) {
      finish();
    }
  }

  /** Writes the error page; override for custom pages. Stack traces appear only in debug mode. */
  protected void writeError(int status, String message, Throwable cause) {
    ErrorPages.write(this, status, message, settings().getBoolean(Settings.DEBUG) ? cause : null);
  }
}
