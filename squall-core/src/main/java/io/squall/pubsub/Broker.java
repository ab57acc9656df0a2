package io.squall.pubsub;

import java.util.concurrent.CompletionStage;

/**
 * Relays messages between processes: what lets a {@link io.squall.websocket.WebSocketGroup} span
 * several servers behind one load balancer. Each process subscribes to a channel and publishes to
 * it; every subscriber of the channel, in every process, receives every message published to it,
 * in one and the same order (the order the broker accepted them in).
 *
 * <p>The promise is <b>at most once</b>, like Redis pub/sub itself: a message published while a
 * subscriber is cut off from the broker is not replayed to it. A failed publish says so: its stage
 * completes exceptionally, quickly, and callers fall back to what they can do locally.
 *
 * <p>{@link InMemoryBroker} relays within one process (the default); {@code squall-redis} provides
 * a Redis broker.
 *
 * <p>Thread rule: every method is safe from any thread; {@link #subscribe} may block until the
 * broker confirms, so call it at startup, not from an event loop. Listeners run on a thread of the
 * broker and must not block it.
 */
public interface Broker extends AutoCloseable {

  /**
   * Delivers every message published to {@code channel} from now on to {@code listener}, returning
   * once the broker has confirmed the subscription (so a message published after this returns is
   * received).
   *
   * @throws BrokerException when the broker cannot be reached or refuses the subscription
   */
  Subscription subscribe(String channel, MessageListener listener);

  /**
   * Sends {@code message} to every subscriber of {@code channel} in every process, this one
   * included. The stage completes once the broker has accepted the message and fails with a
   * {@link BrokerException} (or the broker client's own exception as its cause) when it has not.
   * The array must not be modified afterwards.
   */
  CompletionStage<Void> publish(String channel, byte[] message);

  /** Whether the broker is reachable right now; a broker that reconnects by itself returns to true. */
  default boolean isConnected() {
    return true;
  }

  /** A short name for logs and health checks: {@code "memory"}, {@code "redis"}. */
  String name();

  /** Ends every subscription and releases the connection; publishing afterwards fails. */
  @Override
  void close();
}
