package io.squall.web;

import io.squall.http.BodyReceiver;
import io.squall.http.HttpException;
import io.squall.http.HttpStatus;
import io.squall.ioloop.EventLoop;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * One handler's run through its request, Tornado's {@code _execute}: its default headers, the
 * method and XSRF checks, {@link RequestHandler#prepare()}, then the HTTP method, finishing the
 * response once a step returns with no {@link RequestHandler#await await} pending, unless a step
 * finished it or keeps it open ({@code finishLater}). Awaits started in {@code prepare()} resume
 * before anything else runs (Tornado awaits an {@code async def prepare}). For a {@link
 * StreamRequestBody} handler dispatched at the head the body comes between prepare and the method:
 * a 405 and {@link Authenticated} are checked before any of it is read, then it goes to {@code
 * dataReceived} piece by piece (this is its {@link BodyReceiver}), and the method runs once it has
 * ended. Whatever a step throws, or an awaited stage fails with, becomes an error page through
 * {@link RequestHandler#sendError}; a connection that closes before the answer is finished becomes
 * {@link RequestHandler#onConnectionClose()}.
 *
 * <p>Confined to the request's loop: await callbacks are brought back to it.
 */
final class HandlerRun implements BodyReceiver {
  private final RequestHandler handler;
  /** Awaits started and not yet resumed. */
  private int pending;
  /** The next step (the body or the method), held while awaits the step before started are pending. */
  private Runnable next;
  /** Set once the HTTP method has returned: from then on, the last await to resume finishes the answer. */
  private boolean methodReturned;

  private HandlerRun(RequestHandler handler) {
    this.handler = handler;
  }

  /** Runs {@code handler}, bound to its request, through it. */
  static void execute(RequestHandler handler) {
    HandlerRun run = new HandlerRun(handler);
    handler.response().run = run;
    handler.exchange().onConnectionClose(run::connectionClosed);
    run.start();
  }

  private void start() {
    boolean prepared = step(() -> {
      handler.setDefaultHeaders();
      String method = handler.request().method();
      if (!HandlerMethods.isSupported(method)) {
        throw methodNotAllowed(method);
      }
      if (handler.settings().getBoolean(Settings.XSRF_COOKIES) && HandlerMethods.changesState(method)) {
        handler.checkXsrfCookie();
      }
      handler.prepare();
    });
    if (!prepared || answered()) {
      return;
    }
    then(this::afterPrepare);
  }

  /** Runs {@code step} now, or once the pending awaits have all resumed. */
  private void then(Runnable step) {
    if (pending > 0) {
      next = step;
    } else {
      step.run();
    }
  }

  private void afterPrepare() {
    if (handler.request().isBodyStreamed()) {
      step(this::takeBody);
    } else {
      runMethod();
    }
  }

  /** Still before the body: a method the handler lacks, or a user it needs, is answered without reading it. */
  private void takeBody() {
    String method = handler.request().method();
    if (!HandlerMethods.allowed(handler.getClass()).contains(method)) {
      throw methodNotAllowed(method);
    }
    if (HandlerMethods.admits(handler, method)) {
      handler.exchange().streamBody(this);
    }
  }

  @Override
  public CompletionStage<?> onData(ByteBuffer data) {
    CompletionStage<?> stage;
    try {
      stage = handler.dataReceivedAsync(data);
    } catch (RuntimeException | Error e) {
      fail(e);
      return null;
    }
    if (stage == null) {
      return null;
    }
    CompletableFuture<?> f = stage.toCompletableFuture();
    if (f.isDone() && !f.isCompletedExceptionally()) {
      return null;
    }
    // A failed stage is a failed dataReceived: the handler's error page, on its loop, before the
    // server would read on (it will not: the answer closes the connection).
    EventLoop loop = handler.exchange().loop();
    CompletableFuture<Void> settled = new CompletableFuture<>();
    stage.whenComplete((v, e) -> loop.execute(() -> {
      if (e != null) {
        fail(unwrap(e));
      }
      settled.complete(null);
    }));
    return settled;
  }

  /** The body has ended: the method runs, once awaits that dataReceived started have resumed. */
  @Override
  public void onEnd() {
    then(this::runMethod);
  }

  /** Runs the HTTP method's handler, then finishes the response unless it was, is kept open, or waits. */
  private void runMethod() {
    boolean ran = step(() -> HandlerMethods.invoke(handler, handler.request().method()));
    methodReturned = true;
    if (!ran) {
      return;
    }
    if (handler.exchange().isUpgraded()) {
      handler.response().status = HttpStatus.SWITCHING_PROTOCOLS;
      handler.application().logRequest(handler);
      // An upgraded socket may stay open for days: keep its request, not the HTTP response state.
      handler.releaseExchange();
    } else {
      finishIfIdle();
    }
  }

  /** Runs {@code then} with the stage's value on the loop once it completes; the response waits for it. */
  <T> void await(CompletionStage<T> stage, Consumer<? super T> then) {
    var exchange = handler.response().exchange;
    if (exchange == null || exchange.isUpgraded()) {
      throw new IllegalStateException("await() is for HTTP answers; after the upgrade, return a CompletionStage from onMessage.");
    }
    if (!exchange.loop().inLoop()) {
      // Its state is the loop's alone: from another thread (a stage's callback) await again inside `then`.
      throw new IllegalStateException("await() runs on the request's loop; " + Thread.currentThread().getName()
          + " is not it: await again inside the callback of the first await instead.");
    }
    if (answered()) {
      throw new IllegalStateException("Cannot await after finish() for " + handler.request());
    }
    pending++;
    stage.whenComplete((value, failure) -> exchange.loop().execute(() -> resume(value, failure, then)));
  }

  private <T> void resume(T value, Throwable failure, Consumer<? super T> then) {
    pending--;
    if (answered()) {
      return; // an earlier failure already answered, or the client left: nothing waits for this one
    }
    boolean ok = failure == null ? step(() -> then.accept(value)) : fail(unwrap(failure));
    if (!ok || pending > 0 || answered()) {
      return;
    }
    Runnable step = next;
    next = null;
    if (step != null) {
      step.run();
    } else if (methodReturned) {
      finishIfIdle();
    } // else the body is still arriving: the method, at its end, finishes the answer
  }

  /** Runs one step; false when it failed (the error page then went out). */
  private boolean step(Runnable body) {
    try {
      body.run();
      return true;
    } catch (RuntimeException | Error e) { // an Error (assert, missing class) is a 500 too, as Tornado's any Exception
      return fail(e);
    }
  }

  /** Answers what a step threw: an HttpException with its status (and Allow for a 405), anything else 500; returns false. */
  private boolean fail(Throwable e) {
    if (e instanceof HttpException h) {
      if (h.status() == HttpStatus.METHOD_NOT_ALLOWED) {
        handler.setHeader("Allow", String.join(", ", HandlerMethods.allowed(handler.getClass())));
      }
      handler.sendError(h.status(), h.getMessage(), null);
    } else {
      handler.log().error("Uncaught exception in {} for {}", handler.getClass().getName(), handler.request(), e);
      handler.sendError(HttpStatus.INTERNAL_SERVER_ERROR, HttpStatus.reasonPhrase(500), e);
    }
    return false;
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static HttpException methodNotAllowed(String method) {
    return new HttpException(HttpStatus.METHOD_NOT_ALLOWED, "Method " + method + " not allowed.");
  }

  private boolean answered() {
    ResponseState r = handler.response();
    return r.finished || r.exchange == null || r.exchange.isFinished();
  }

  private void finishIfIdle() {
    if (pending == 0 && !handler.response().finishLater && !answered()) {
      handler.finish();
    }
  }

  private void connectionClosed() {
    if (handler.response().finished) {
      return;
    }
    try {
      handler.onConnectionClose();
    } catch (RuntimeException | Error e) {
      handler.log().error("onConnectionClose failed in {} for {}", handler.getClass().getName(), handler.request(), e);
    }
  }
}
