package io.squall.websocket;

import io.squall.pubsub.Broker;
import io.squall.pubsub.MessageListener;
import io.squall.pubsub.Subscription;
import io.squall.websocket.internal.WebSocketProtocol;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link WebSocketGroup}'s link to a broker channel, so that one group spans several processes.
 *
 * <p>Every broadcast goes through the broker, this process's own included: the broker hands
 * every process the channel's messages in one order, so every member of the group, wherever it
 * is connected, sees the broadcasts in that same order. A message carries the group instance that
 * sent it and a sequence number; the sender keeps each of its messages (and the filter of a
 * filtered broadcast) until the message comes back, then delivers it to its own members:
 * <ul>
 *   <li>A filter is a Java predicate and cannot travel: the sender applies it to its members, and
 *       other processes skip a filtered message. {@code broadcastExcept} is the exception: other
 *       processes deliver it to all their members, since the one excluded is the sender's.
 *   <li>A message that does not come back is delivered to the sender's members anyway: at once
 *       when the publish fails (the broker is unreachable: this process's members still talk to
 *       each other), or when a later message of this sender overtakes it, or after
 *       {@link #RETURN_TIMEOUT_NANOS} (one timer per relay checks, so a line sent into a quiet room
 *       still reaches its sender's members). Each of the sender's messages reaches its own members
 *       exactly once.
 * </ul>
 *
 * <p>Wire format, version 1: {@code [1][flags][origin: 16 bytes][sequence: 8 bytes][payload]},
 * flags {@link #FLAG_BINARY} and {@link #FLAG_ORIGIN_ONLY}.
 *
 * <p>Thread rule: safe from any thread; deliveries run on the broker's thread and only enqueue work
 * on the members' loops.
 */
final class GroupRelay implements MessageListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupRelay.class);
  static final byte VERSION = 1;
  static final int FLAG_BINARY = 1;
  /** A filtered broadcast: only the process that sent it delivers it (to the members its filter accepts). */
  static final int FLAG_ORIGIN_ONLY = 2;
  static final int HEADER_BYTES = 1 + 1 + 16 + 8;
  /** How long a message may take to come back before its sender delivers it to its own members anyway. */
  static final long RETURN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);
  /** Messages waiting to come back beyond this many are delivered locally, oldest first: memory stays bounded. */
  static final int MAX_PENDING = 10_000;

  /** Where a broadcast goes in this process: the group's own members. */
  @FunctionalInterface
  interface LocalDelivery {
    void deliver(int opcode, ByteBuffer payload, Predicate<WebSocketHandler> filter);
  }

  private final LocalDelivery local;
  private final long returnTimeoutNanos;
  /** Set while the check for messages that did not come back is scheduled: one at a time. */
  private final AtomicBoolean returnCheckArmed = new AtomicBoolean();
  private volatile boolean closed;
  private final Broker broker;
  private final String channel;
  private final long originHigh;
  private final long originLow;
  private final AtomicLong sequence = new AtomicLong();
  /** This sender's messages on their way through the broker, by sequence number. */
  private final ConcurrentSkipListMap<Long, Pending> pending = new ConcurrentSkipListMap<>();
  /** Set while publishes fail, so the outage is logged once, and its end once. */
  private final AtomicBoolean unreachable = new AtomicBoolean();
  /**
   * Held while this sender's own messages are handed to its members, so that threads completing
   * them at once (the broker's, the publisher's) hand them over in sequence order. Never held while
   * calling the broker.
   */
  private final Object deliveries = new Object();
  private final Subscription subscription;

  private record Pending(int opcode, byte[] envelope, Predicate<WebSocketHandler> filter, long sentNanos) {}

  GroupRelay(LocalDelivery local, Broker broker, String channel) {
    this(local, broker, channel, RETURN_TIMEOUT_NANOS);
  }

  /** The same with another wait for a message to come back (for tests). */
  GroupRelay(LocalDelivery local, Broker broker, String channel, long returnTimeoutNanos) {
    this.local = local;
    this.returnTimeoutNanos = returnTimeoutNanos;
    this.broker = broker;
    this.channel = channel;
    SecureRandom random = new SecureRandom();
    this.originHigh = random.nextLong();
    this.originLow = random.nextLong();
    this.subscription = broker.subscribe(channel, this);
  }

  Broker broker() {
    return broker;
  }

  String channel() {
    return channel;
  }

  /** Sends a broadcast through the broker; {@code originOnly} keeps a filtered one on this process. */
  void publish(int opcode, ByteBuffer payload, Predicate<WebSocketHandler> filter, boolean originOnly) {
    // Numbered and handed to the broker in one step: messages reach the broker in number order,
    // so one that comes back before an older one means the older one was lost.
    synchronized (this) {
      long seq = sequence.incrementAndGet();
      byte[] envelope = encode(opcode, payload, originOnly, seq);
      long now = System.nanoTime();
      pending.put(seq, new Pending(opcode, envelope, filter, now));
      deliverOverdue(now);
      CompletionStage<Void> published;
      try {
        published = broker.publish(channel, envelope);
      } catch (RuntimeException e) {
        published = CompletableFuture.failedFuture(e);
      }
      published.whenComplete((ok, failure) -> onPublished(seq, failure));
    }
    armReturnCheck(returnTimeoutNanos);
  }

  /** Schedules the check for messages that did not come back, unless one is scheduled already. */
  private void armReturnCheck(long delayNanos) {
    if (!closed && returnCheckArmed.compareAndSet(false, true)) {
      CompletableFuture.delayedExecutor(delayNanos, TimeUnit.NANOSECONDS).execute(this::returnCheck);
    }
  }

  /** Delivers the overdue messages locally, then checks again when the oldest left is due. */
  private void returnCheck() {
    returnCheckArmed.set(false);
    if (closed) {
      return;
    }
    long now = System.nanoTime();
    synchronized (deliveries) {
      deliverOverdue(now);
    }
    Map.Entry<Long, Pending> oldest = pending.firstEntry();
    if (oldest != null) {
      armReturnCheck(Math.max(0, oldest.getValue().sentNanos() + returnTimeoutNanos - now));
    }
  }

  private void onPublished(long seq, Throwable failure) {
    if (failure == null) {
      if (unreachable.compareAndSet(true, false)) {
        log.info("Broker {} reachable again: broadcasts on channel {} reach every process.", broker.name(), channel);
      }
      return;
    }
    if (unreachable.compareAndSet(false, true)) {
      log.warn("Broker {} unreachable ({}): broadcasts on channel {} reach this process's members only until it is back.",
          broker.name(), failure.getMessage(), channel);
    }
    // Older ones still on their way go out first: a broker may fail a newer publish at once
    // (disconnected) before it fails or answers the older ones it had already sent.
    deliverPendingUpTo(seq);
  }

  private byte[] encode(int opcode, ByteBuffer payload, boolean originOnly, long seq) {
    ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + payload.remaining());
    int flags = (opcode == WebSocketProtocol.OPCODE_BINARY ? FLAG_BINARY : 0) | (originOnly ? FLAG_ORIGIN_ONLY : 0);
    out.put(VERSION).put((byte) flags).putLong(originHigh).putLong(originLow).putLong(seq).put(payload.duplicate());
    return out.array();
  }

  @Override
  public void onMessage(String channel, byte[] message) {
    if (message.length < HEADER_BYTES || message[0] != VERSION) {
      log.warn("Ignored a message on channel {} that is not a group broadcast of version {} ({} bytes).", channel, VERSION, message.length);
      return;
    }
    ByteBuffer in = ByteBuffer.wrap(message);
    in.get();
    int flags = in.get();
    long high = in.getLong();
    long low = in.getLong();
    long seq = in.getLong();
    if (high == originHigh && low == originLow) {
      // Ours came back. Older ones that did not (a gap in the subscription) go out first, locally.
      deliverPendingUpTo(seq);
      return;
    }
    if ((flags & FLAG_ORIGIN_ONLY) != 0) {
      return;
    }
    int opcode = (flags & FLAG_BINARY) != 0 ? WebSocketProtocol.OPCODE_BINARY : WebSocketProtocol.OPCODE_TEXT;
    local.deliver(opcode, in.slice(), null);
  }

  /** Delivers this sender's messages up to {@code seq} to its members, oldest first, each once. */
  private void deliverPendingUpTo(long seq) {
    synchronized (deliveries) {
      for (Long older : pending.headMap(seq, true).keySet()) {
        deliverPending(older);
      }
    }
  }

  /** Delivers one of this sender's messages to its members, unless that has been done already. */
  private void deliverPending(long seq) {
    synchronized (deliveries) {
      Pending p = pending.remove(seq);
      if (p != null) {
        local.deliver(p.opcode(), ByteBuffer.wrap(p.envelope(), HEADER_BYTES, p.envelope().length - HEADER_BYTES), p.filter());
      }
    }
  }

  private void deliverOverdue(long now) {
    for (Map.Entry<Long, Pending> e = pending.firstEntry(); e != null; e = pending.firstEntry()) {
      if (now - e.getValue().sentNanos() < returnTimeoutNanos && pending.size() <= MAX_PENDING) {
        return;
      }
      deliverPending(e.getKey());
    }
  }

  /** How many of this sender's messages are on their way (for tests). */
  int pendingCount() {
    return pending.size();
  }

  @Override
  public void close() {
    closed = true;
    subscription.close();
  }
}
