package io.squall.pubsub;

/**
 * One listener's subscription to one channel; closing it stops the deliveries (a message already
 * on its way may still arrive).
 *
 * <p>Thread rule: safe from any thread; closing twice does nothing.
 */
public interface Subscription extends AutoCloseable {
  String channel();

  @Override
  void close();
}
