package io.squall.ioloop;

import java.nio.channels.SelectionKey;

/** Receives readiness events for one registered channel. Called only on the channel's loop. */
@FunctionalInterface
public interface IoHandler {
  /** Called when the key is ready for one or more of its interest operations. */
  void onReady(SelectionKey key);
}
