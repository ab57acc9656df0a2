package io.squall.pubsub;

/**
 * Receives the messages of a channel, one at a time and in the broker's order.
 *
 * <p>Thread rule: runs on a thread of the broker; hand long work off, never block it. An exception
 * thrown here is logged and does not stop later deliveries.
 */
@FunctionalInterface
public interface MessageListener {
  void onMessage(String channel, byte[] message);
}
