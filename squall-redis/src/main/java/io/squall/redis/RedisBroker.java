package io.squall.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.squall.pubsub.Broker;
import io.squall.pubsub.BrokerException;
import io.squall.pubsub.ChannelListeners;
import io.squall.pubsub.MessageListener;
import io.squall.pubsub.Subscription;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Broker} on Redis pub/sub (Lettuce): every process of a chat behind a load balancer
 * connects to the same Redis, and a broadcast on any of them reaches the sockets of all.
 *
 * <p>Two connections: one subscribed to the channels, one that publishes (a subscribed connection
 * may not publish in RESP2). What users of other Redis adapters trip on is handled here:
 * <ul>
 *   <li>Both reconnect by themselves after Redis restarts or the network drops, with a delay that
 *       grows to {@link Options#maxReconnectDelay()}, and the subscriptions are restored on the new
 *       connection, so broadcasts flow again without a restart of the server.
 *   <li>While Redis is unreachable a publish fails at once instead of queueing without bound
 *       (the group then delivers to its own process's members). While Redis is stalled (paused,
 *       a network that swallows packets) a publish fails after {@link Options#commandTimeout()},
 *       and the messages Redis has not answered are capped at {@link Options#maxPublishBytes()}:
 *       past it a publish fails at once, so memory stays bounded.
 *   <li>Redis unreachable at startup is an error with the address, not a silent retry loop.
 * </ul>
 * Pub/sub is at most once: what is published while a process is cut off does not reach it later.
 *
 * <p>Thread rule: safe from any thread; {@link #subscribe} blocks until Redis confirms (call it at
 * startup, never from an event loop). Listeners run on Lettuce's I/O thread.
 */
public final class RedisBroker implements Broker {
  private static final Logger log = LoggerFactory.getLogger(RedisBroker.class);
  private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  /**
   * Connection settings.
   *
   * @param commandTimeout how long a subscribe or publish may wait for Redis (default 2 s: a
   *     healthy Redis on the same network answers in well under a millisecond); past it the
   *     command fails
   * @param maxReconnectDelay the longest wait between reconnection attempts (default 2 s: a
   *     restarted Redis is noticed within that)
   * @param maxQueuedCommands publishes in flight at most (default 65,536); past it a publish
   *     fails instead of growing memory while Redis is slow
   * @param maxPublishBytes bytes of messages published and not yet answered by Redis at most
   *     (default 64 MiB: a healthy Redis answers within a millisecond, so even a burst of large
   *     broadcasts stays far below); past it a publish fails at once. A publish that timed out
   *     still counts until Redis answers or the connection drops, since the client holds its
   *     message until then: a stalled Redis costs this much heap at most
   */
  public record Options(Duration commandTimeout, Duration maxReconnectDelay, int maxQueuedCommands, long maxPublishBytes) {
    public static final long DEFAULT_MAX_PUBLISH_BYTES = 64L << 20;
    public static final Options DEFAULTS = new Options(Duration.ofSeconds(2), Duration.ofSeconds(2), 65_536);

    /** With the default {@link #maxPublishBytes()}. */
    public Options(Duration commandTimeout, Duration maxReconnectDelay, int maxQueuedCommands) {
      this(commandTimeout, maxReconnectDelay, maxQueuedCommands, DEFAULT_MAX_PUBLISH_BYTES);
    }

    public Options {
      Objects.requireNonNull(commandTimeout, "commandTimeout");
      Objects.requireNonNull(maxReconnectDelay, "maxReconnectDelay");
      if (commandTimeout.isNegative() || commandTimeout.isZero()) {
        throw new IllegalArgumentException("commandTimeout must be positive, got " + commandTimeout + ".");
      }
      if (maxReconnectDelay.isNegative() || maxReconnectDelay.isZero()) {
        throw new IllegalArgumentException("maxReconnectDelay must be positive, got " + maxReconnectDelay + ".");
      }
      if (maxQueuedCommands < 1) {
        throw new IllegalArgumentException("maxQueuedCommands must be at least 1, got " + maxQueuedCommands + ".");
      }
      if (maxPublishBytes < 1) {
        throw new IllegalArgumentException("maxPublishBytes must be at least 1, got " + maxPublishBytes + ".");
      }
    }
  }

  private final String address;
  private final Options options;
  private final ClientResources resources;
  private final RedisClient client;
  private final StatefulRedisPubSubConnection<String, byte[]> subscriber;
  private final StatefulRedisConnection<String, byte[]> publisher;
  private final ChannelListeners listeners = new ChannelListeners(new ChannelListeners.Hooks() {
    @Override
    public void firstListener(String channel) {
      subscribeUpstream(channel);
    }

    @Override
    public void lastListenerLeft(String channel) {
      unsubscribeUpstream(channel);
    }
  });
  private volatile boolean closed;
  /** Set when a publish got no answer within the timeout, cleared by the next answer or reconnection; any thread. */
  private volatile boolean stalled;
  /** Bytes of messages handed to Lettuce that Redis has not answered yet; any thread. */
  private final AtomicLong unansweredBytes = new AtomicLong();
  /** Set from a lost connection until one comes back, so an outage is logged once. */
  private final AtomicBoolean down = new AtomicBoolean();

  private RedisBroker(String uri, Options options) {
    RedisURI redisUri = parse(uri);
    this.address = redisUri.getHost() + ":" + redisUri.getPort();
    this.options = options;
    redisUri.setTimeout(options.commandTimeout());
    this.resources = ClientResources.builder()
        .reconnectDelay(Delay.exponential(Duration.ofMillis(50), options.maxReconnectDelay(), 2, TimeUnit.MILLISECONDS))
        .build();
    this.client = RedisClient.create(resources, redisUri);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .requestQueueSize(options.maxQueuedCommands())
        // No command timeouts in Lettuce: a publish it timed out would still hold its message
        // until Redis answers, uncounted. publish() times the caller's stage out itself, and
        // blocking calls wait at most the URI's timeout.
        .timeoutOptions(TimeoutOptions.create())
        .build());
    try {
      this.subscriber = client.connectPubSub(CODEC);
      this.publisher = client.connect(CODEC);
    } catch (RedisConnectionException e) {
      shutdownClient();
      throw new BrokerException("Cannot connect to Redis at " + address + ": " + rootMessage(e), e);
    }
    client.addListener(new RedisConnectionStateListener() {
      @Override
      public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
        if (!closed && down.compareAndSet(false, true)) {
          log.warn("Lost the connection to Redis at {}: reconnecting; until then broadcasts reach this process only.", address);
        }
      }

      @Override
      public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress socketAddress) {
        stalled = false;
        if (!closed && down.compareAndSet(true, false)) {
          log.info("Reconnected to Redis at {}", address);
        }
      }
    });
    subscriber.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String channel, byte[] message) {
        listeners.deliver(channel, message);
      }

      @Override
      public void subscribed(String channel, long count) {
        // After a reconnect Lettuce restores every channel it knew, also one whose last listener
        // left while Redis was down (that UNSUBSCRIBE was refused): drop it again. Off this I/O
        // thread, since a first subscription may hold the listeners' lock waiting for it.
        if (!closed && !listeners.isListened(channel)) {
          CompletableFuture.runAsync(() -> listeners.confirmUnlistened(channel));
        }
      }
    });
    log.info("Connected to Redis at {}", address);
  }

  /** Connects to {@code uri} ({@code redis://host:port}, {@code rediss://} for TLS) with the default options. */
  public static RedisBroker connect(String uri) {
    return connect(uri, Options.DEFAULTS);
  }

  /**
   * Connects to {@code uri}; returns once both connections are up.
   *
   * @throws IllegalArgumentException when the URI is not a Redis URI
   * @throws BrokerException when Redis cannot be reached
   */
  public static RedisBroker connect(String uri, Options options) {
    return new RedisBroker(Objects.requireNonNull(uri, "uri"), Objects.requireNonNull(options, "options"));
  }

  /**
   * Checks the URI's shape before Lettuce reads it: Lettuce takes {@code host:notaport} for a host
   * name and looks it up. The complaint shows the URI without its password, and no cause that
   * would repeat it.
   */
  private static RedisURI parse(String uri) {
    IllegalArgumentException notRedis = new IllegalArgumentException(
        "Not a Redis URI: " + redacted(uri) + " (expected redis://host:port or rediss://host:port).");
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (URISyntaxException e) {
      throw notRedis;
    }
    String scheme = parsed.getScheme();
    boolean redis = "redis".equalsIgnoreCase(scheme) || "rediss".equalsIgnoreCase(scheme);
    if (!redis || parsed.getHost() == null || parsed.getPort() == 0 || parsed.getPort() > 65535) {
      throw notRedis;
    }
    try {
      return RedisURI.create(uri);
    } catch (IllegalArgumentException e) {
      throw notRedis;
    }
  }

  /** {@code uri} with the user information (which may hold a password) replaced by {@code ***}. */
  public static String redacted(String uri) {
    return uri.replaceFirst("^([^/]*//)[^/]*@", "$1***@");
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  @Override
  public Subscription subscribe(String channel, MessageListener listener) {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(listener, "listener");
    if (closed) {
      throw new BrokerException("Broker is closed.");
    }
    return listeners.add(channel, listener);
  }

  /** SUBSCRIBE for a channel's first listener, waiting for Redis to confirm. */
  private void subscribeUpstream(String channel) {
    try {
      subscriber.sync().subscribe(channel);
    } catch (RuntimeException e) {
      throw new BrokerException("Cannot subscribe to " + channel + " on Redis at " + address + ": " + rootMessage(e), e);
    }
  }

  /** UNSUBSCRIBE once a channel's last listener left (not waited for: deliveries stop either way). */
  private void unsubscribeUpstream(String channel) {
    if (!closed && subscriber.isOpen()) {
      subscriber.async().unsubscribe(channel);
    }
  }

  @Override
  public CompletionStage<Void> publish(String channel, byte[] message) {
    if (closed) {
      return CompletableFuture.failedFuture(new BrokerException("Broker is closed."));
    }
    int size = message.length;
    long unanswered = unansweredBytes.addAndGet(size);
    if (unanswered > options.maxPublishBytes() && unanswered > size) {
      unansweredBytes.addAndGet(-size);
      return CompletableFuture.failedFuture(new BrokerException("Publish to Redis at " + address + " failed: "
          + (unanswered - size) + " bytes of messages await its answer, maxPublishBytes is " + options.maxPublishBytes() + "."));
    }
    CompletableFuture<Long> sent = send(channel, message);
    // Lettuce holds the message until Redis answers or the connection drops, whatever the caller is told.
    sent.whenComplete((receivers, failure) -> {
      unansweredBytes.addAndGet(-size);
      if (failure == null) {
        stalled = false;
      }
    });
    return sent.thenApply(receivers -> (Void) null)
        .orTimeout(options.commandTimeout().toNanos(), TimeUnit.NANOSECONDS)
        .handle((ok, failure) -> {
          if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof TimeoutException && !sent.isDone()) {
              stalled = true;
            }
            String why = cause instanceof TimeoutException ? "no answer within " + options.commandTimeout().toMillis() + " ms" : rootMessage(cause);
            throw new CompletionException(new BrokerException("Publish to Redis at " + address + " failed: " + why, cause));
          }
          return null;
        });
  }

  /** False also while Redis is stalled: connected, but its answer to a publish is overdue. */
  private CompletableFuture<Long> send(String channel, byte[] message) {
    try {
      return publisher.async().publish(channel, message).toCompletableFuture();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public boolean isConnected() {
    return !closed && !stalled && subscriber.isOpen() && publisher.isOpen();
  }

  @Override
  public String name() {
    return "redis";
  }

  /** {@code host:port} of the Redis this broker talks to. */
  public String address() {
    return address;
  }

  public Options options() {
    return options;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    listeners.clear();
    subscriber.close();
    publisher.close();
    shutdownClient();
  }

  private void shutdownClient() {
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }
}
