package io.squall.ioloop;

/** A handle on a scheduled task. Safe from any thread. */
public interface Cancellable {
  /** Stops the task from running again; returns false when it had already run (one-shot) or been cancelled. */
  boolean cancel();

  boolean isCancelled();
}
