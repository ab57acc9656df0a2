package io.squall.ioloop;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs test code on an event loop and waits for it. */
public final class LoopCalls {
  private LoopCalls() {}

  /** Runs {@code task} on {@code loop} and waits (5 s at most) for its result, or throws what it threw. */
  public static <T> T onLoop(EventLoop loop, Callable<T> task) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    loop.execute(() -> {
      try {
        result.complete(task.call());
      } catch (Exception e) {
        result.completeExceptionally(e);
      }
    });
    return result.get(5, TimeUnit.SECONDS);
  }
}
