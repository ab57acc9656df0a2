package io.squall.pubsub;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker within one process: groups of several applications in one JVM share a channel through
 * it, and tests run the multi-process code paths without a Redis. A message is delivered to the
 * listeners on the publishing thread, before {@link #publish} returns; publishers of one channel
 * take turns, so every listener sees one order.
 *
 * <p>Thread rule: safe from any thread.
 */
public final class InMemoryBroker implements Broker {
  private static final Logger log = LoggerFactory.getLogger(InMemoryBroker.class);

  /** Per channel, its subscriptions; the list is also the lock publishers of the channel take turns on. */
  private final Map<String, List<Entry>> channels = new ConcurrentHashMap<>();
  private volatile boolean closed;

  @Override
  public Subscription subscribe(String channel, MessageListener listener) {
    if (closed) {
      throw new BrokerException("Broker is closed.");
    }
    Entry entry = new Entry(channel, listener);
    channels.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(entry);
    return entry;
  }

  @Override
  public CompletionStage<Void> publish(String channel, byte[] message) {
    if (closed) {
      return CompletableFuture.failedFuture(new BrokerException("Broker is closed."));
    }
    List<Entry> subscribers = channels.get(channel);
    if (subscribers != null) {
      synchronized (subscribers) {
        for (Entry e : subscribers) {
          e.deliver(message);
        }
      }
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public boolean isConnected() {
    return !closed;
  }

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public void close() {
    closed = true;
    channels.clear();
  }

  private final class Entry implements Subscription {
    private final String channel;
    private final MessageListener listener;

    Entry(String channel, MessageListener listener) {
      this.channel = channel;
      this.listener = listener;
    }

    void deliver(byte[] message) {
      try {
        listener.onMessage(channel, message);
      } catch (RuntimeException e) {
        log.error("Listener of channel {} failed", channel, e);
      }
    }

    @Override
    public String channel() {
      return channel;
    }

    @Override
    public void close() {
      List<Entry> subscribers = channels.get(channel);
      if (subscribers != null) {
        subscribers.remove(this);
      }
    }
  }
}
