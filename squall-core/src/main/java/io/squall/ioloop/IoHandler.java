package io.squall.ioloop;

import java.nio.channels.SelectionKey;

/** Receives readiness events for one registered channel. Called only on the channel's loop. */
@FunctionalInterface
public interface IoHandler {
  /** Called when the key is ready for one or more of its interest operations. */
  void onReady(SelectionKey key);

  /**
   * The loop is ending with this channel still registered: fail or finish what waits on it (a
   * connection's handler, its queued writes, a pending connect). The loop closes the channel
   * afterwards. The default does nothing more.
   */
  default void onLoopShutdown(SelectionKey key) {}
}
