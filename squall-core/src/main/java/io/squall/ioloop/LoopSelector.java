package io.squall.ioloop;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loop's selector and the channels on it: registering them, polling and handing each ready key
 * to its {@link IoHandler} (this object is the selector's key consumer, so a poll allocates
 * nothing), and closing channels once the selector has let go of them.
 *
 * <p>Confined to its loop, except {@link #wakeUp} and an off-loop {@link #cancelAndClose}.
 */
final class LoopSelector implements Consumer<SelectionKey> {
  /** Logged under the loop's name: a failing handler is the loop's news. */
  private static final Logger log = LoggerFactory.getLogger(EventLoop.class);

  private final Selector selector;
  private final String loopName;
  /** Touched only by the loop thread: channels whose keys are cancelled, closed after the next poll. */
  private final ArrayList<SelectableChannel> closing = new ArrayList<>();

  LoopSelector(Selector selector, String loopName) {
    this.selector = selector;
    this.loopName = loopName;
  }

  SelectionKey register(SelectableChannel channel, int ops, IoHandler handler) throws ClosedChannelException {
    return channel.register(selector, ops, handler);
  }

  /** Calls the action with the handler of every channel registered and not cancelled; it may close channels. */
  void forEachRegistered(Consumer<IoHandler> action) {
    forEachRegistered((key, handler) -> action.accept(handler));
  }

  private void forEachRegistered(BiConsumer<SelectionKey, IoHandler> action) {
    for (SelectionKey key : selector.keys().toArray(SelectionKey[]::new)) {
      if (key.isValid() && key.attachment() instanceof IoHandler handler) {
        action.accept(key, handler);
      }
    }
  }

  /**
   * Cancels the key and closes its channel: after the next poll when {@code afterPoll}, else now.
   * See {@link EventLoop#closeAfterDeregistration} for why.
   */
  void cancelAndClose(SelectionKey key, boolean afterPoll) {
    key.cancel();
    if (afterPoll) {
      closing.add(key.channel());
    } else {
      closeQuietly(key.channel());
    }
  }

  /** Whether channels wait for a poll to close: the loop must poll soon rather than block. */
  boolean hasClosing() {
    return !closing.isEmpty();
  }

  /**
   * Polls the selector (0: without waiting, -1: until woken, else up to that many milliseconds),
   * dispatches the ready keys, then closes the channels whose keys this poll dropped.
   */
  void select(long timeoutMillis) throws IOException {
    int deregistered = closing.size();
    if (timeoutMillis == 0) {
      selector.selectNow(this);
    } else {
      selector.select(this, timeoutMillis < 0 ? 0 : timeoutMillis);
    }
    if (deregistered > 0) {
      closeDeregistered(deregistered);
    }
  }

  /** Dispatches one ready key to its handler; what the handler throws is logged. */
  @Override
  public void accept(SelectionKey key) {
    try {
      ((IoHandler) key.attachment()).onReady(key);
    } catch (Throwable t) {
      log.error("I/O handler failed on {}", loopName, t);
    }
  }

  /** Wakes a blocked {@link #select} at once. */
  void wakeUp() {
    selector.wakeup();
  }

  /** Closes the first {@code count} channels of {@link #closing}: the poll just made dropped their keys. */
  private void closeDeregistered(int count) {
    for (int i = 0; i < count; i++) {
      closeQuietly(closing.get(i));
    }
    closing.subList(0, count).clear();
  }

  /**
   * The loop is ending: closes the channels waiting for a poll, then tells every handler still
   * registered (through {@code tasks}, which logs what it throws).
   */
  void announceShutdown(TaskQueue tasks) {
    closing.forEach(this::closeQuietly);
    closing.clear();
    forEachRegistered((key, handler) -> tasks.runSafely(() -> handler.onLoopShutdown(key)));
  }

  /** Closes every channel still registered, then the selector. */
  void close() {
    for (SelectionKey key : selector.keys()) {
      closeQuietly(key.channel());
    }
    try {
      selector.close();
    } catch (IOException e) {
      log.debug("Selector close failed on {}", loopName, e);
    }
  }

  private void closeQuietly(SelectableChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("Close failed on {}", loopName, e);
    }
  }
}
