package io.squall.web;

import io.squall.http.HttpException;
import io.squall.http.HttpStatus;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * One request handler's run through its steps: its default headers, the checks, {@code prepare()},
 * the HTTP method, and the callbacks of the {@link RequestHandler#await awaits} either starts
 * (Tornado's coroutine handlers: {@code async def prepare} is awaited before the method runs). The
 * response is finished once a step returns with no await pending, unless a step finished it or
 * took it over ({@code finishLater}); a failure in any step becomes the error page (an {@link
 * HttpException} its status, anything else a logged 500).
 *
 * <p>Confined to the request's loop: await callbacks are brought back to it.
 */
final class HandlerRun {
  private final RequestHandler handler;
  /** Awaits started and not yet resumed. */
  private int pending;
  /** The HTTP method, held while awaits that {@code prepare()} started are pending. */
  private Runnable afterPrepare;

  private HandlerRun(RequestHandler handler) {
    this.handler = handler;
  }

  static void start(RequestHandler handler) {
    HandlerRun run = new HandlerRun(handler);
    handler.response().run = run;
    run.begin();
  }

  private void begin() {
    boolean prepared = step(() -> {
      handler.setDefaultHeaders();
      String method = handler.request().method();
      if (!HandlerMethods.isSupported(method)) {
        throw new HttpException(HttpStatus.METHOD_NOT_ALLOWED, "Method " + method + " not allowed.");
      }
      if (handler.settings().getBoolean(Settings.XSRF_COOKIES) && HandlerMethods.changesState(method)) {
        handler.checkXsrfCookie();
      }
      handler.prepare();
    });
    if (!prepared || answered()) {
      return;
    }
    if (pending > 0) {
      afterPrepare = this::invoke;
    } else {
      invoke();
    }
  }

  private void invoke() {
    if (!step(() -> HandlerMethods.invoke(handler, handler.request().method()))) {
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
    if (answered()) {
      throw new IllegalStateException("Cannot await after finish() for " + handler.request());
    }
    pending++;
    stage.whenComplete((value, failure) -> exchange.loop().execute(() -> resume(value, failure, then)));
  }

  private <T> void resume(T value, Throwable failure, Consumer<? super T> then) {
    pending--;
    if (answered()) {
      return; // an earlier failure already answered: nothing waits for this one
    }
    boolean ok = failure == null ? step(() -> then.accept(value)) : fail(unwrap(failure));
    if (!ok || pending > 0 || answered()) {
      return;
    }
    Runnable next = afterPrepare;
    afterPrepare = null;
    if (next != null) {
      next.run();
    } else {
      finishIfIdle();
    }
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

  private boolean fail(Throwable e) {
    if (e instanceof HttpException http) {
      if (http.status() == HttpStatus.METHOD_NOT_ALLOWED) {
        handler.setHeader("Allow", String.join(", ", HandlerMethods.allowed(handler.getClass())));
      }
      handler.sendError(http.status(), http.getMessage(), null);
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

  private boolean answered() {
    ResponseState r = handler.response();
    return r.finished || r.exchange == null || r.exchange.isFinished();
  }

  private void finishIfIdle() {
    if (pending == 0 && !handler.response().finishLater && !answered()) {
      handler.finish();
    }
  }
}
