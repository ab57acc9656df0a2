package io.squall.pubsub;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker's listeners by channel, for {@link Broker} implementations: adding and closing
 * subscriptions, telling the broker when a channel gets its first listener or loses its last one
 * (to subscribe or unsubscribe upstream), and delivering a message to a channel's listeners, one
 * after the other, a failing listener logged and skipped.
 *
 * <p>Thread rule: safe from any thread; the hooks run under this object's lock, one at a time.
 */
public final class ChannelListeners {
  private static final Logger log = LoggerFactory.getLogger(ChannelListeners.class);

  /** What the broker does when a channel starts or stops being listened to. */
  public interface Hooks {
    /** Before the channel's first listener is added; throwing refuses the subscription. */
    void firstListener(String channel);

    /** After the channel's last listener has left. */
    void lastListenerLeft(String channel);
  }

  private static final Hooks NO_HOOKS = new Hooks() {
    @Override
    public void firstListener(String channel) {}

    @Override
    public void lastListenerLeft(String channel) {}
  };

  private final Map<String, List<Entry>> byChannel = new ConcurrentHashMap<>();
  private final Hooks hooks;

  public ChannelListeners() {
    this(NO_HOOKS);
  }

  public ChannelListeners(Hooks hooks) {
    this.hooks = hooks;
  }

  /** Adds a listener; the subscription it returns removes it when closed. */
  public synchronized Subscription add(String channel, MessageListener listener) {
    List<Entry> entries = byChannel.get(channel);
    if (entries == null) {
      // Listed before the hook runs, so that the broker's confirmation finds the channel listened.
      entries = new CopyOnWriteArrayList<>();
      byChannel.put(channel, entries);
      try {
        hooks.firstListener(channel);
      } catch (RuntimeException refused) {
        byChannel.remove(channel);
        throw refused;
      }
    }
    Entry entry = new Entry(channel, listener);
    entries.add(entry);
    return entry;
  }

  private synchronized void remove(Entry entry) {
    List<Entry> entries = byChannel.get(entry.channel);
    if (entries != null && entries.remove(entry) && entries.isEmpty()) {
      byChannel.remove(entry.channel);
      hooks.lastListenerLeft(entry.channel);
    }
  }

  /** Whether {@code channel} has a listener, or is getting its first one. */
  public boolean isListened(String channel) {
    return byChannel.containsKey(channel);
  }

  /**
   * Tells the hooks again that {@code channel} has no listener, unless it has one by now: for a
   * broker that finds itself subscribed to a channel nobody listens to (restored after a
   * reconnect, when the unsubscribe could not be sent). Runs under the lock, so it cannot cross a
   * concurrent first subscription to the channel.
   */
  public synchronized void confirmUnlistened(String channel) {
    if (!byChannel.containsKey(channel)) {
      hooks.lastListenerLeft(channel);
    }
  }

  /** Hands {@code message} to every listener of {@code channel}, in the order they subscribed. */
  public void deliver(String channel, byte[] message) {
    List<Entry> entries = byChannel.get(channel);
    if (entries == null) {
      return;
    }
    for (Entry e : entries) {
      try {
        e.listener.onMessage(channel, message);
      } catch (RuntimeException failure) {
        log.error("Listener of channel {} failed", channel, failure);
      }
    }
  }

  /** Forgets every listener without calling the hooks (the broker is closing). */
  public synchronized void clear() {
    byChannel.clear();
  }

  private final class Entry implements Subscription {
    private final String channel;
    private final MessageListener listener;

    Entry(String channel, MessageListener listener) {
      this.channel = channel;
      this.listener = listener;
    }

    @Override
    public String channel() {
      return channel;
    }

    @Override
    public void close() {
      remove(this);
    }
  }
}
