package io.squall.pubsub;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A broker within one process: groups of several applications in one JVM share a channel through
 * it, and tests run the multi-process code paths without a Redis. A message is delivered to the
 * listeners on the publishing thread, before {@link #publish} returns; publishers take turns, so
 * every listener sees one order.
 *
 * <p>Thread rule: safe from any thread.
 */
public final class InMemoryBroker implements Broker {
  private final ChannelListeners listeners = new ChannelListeners();
  private volatile boolean closed;

  @Override
  public Subscription subscribe(String channel, MessageListener listener) {
    if (closed) {
      throw new BrokerException("Broker is closed.");
    }
    return listeners.add(channel, listener);
  }

  @Override
  public CompletionStage<Void> publish(String channel, byte[] message) {
    if (closed) {
      return CompletableFuture.failedFuture(new BrokerException("Broker is closed."));
    }
    synchronized (this) {
      listeners.deliver(channel, message);
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
    listeners.clear();
  }
}
