package io.squall.websocket;

import io.squall.ioloop.EventLoop;
import io.squall.json.Json;
import io.squall.pubsub.Broker;
import io.squall.websocket.internal.FrameWriter;
import io.squall.websocket.internal.WebSocketProtocol;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;

/**
 * A set of open WebSockets to broadcast to — what the chat uses instead of the article's
 * unsynchronised {@code connections = set()}. Members leave by themselves when they close.
 *
 * <p>A group made with a {@link Broker} spans processes: its broadcasts reach the members of every
 * group on the same broker channel, in every process, all in one order (see {@link GroupRelay} for
 * how, and for what happens while the broker is unreachable). Membership stays local:
 * {@link #size()} and {@link #members()} count this process's members. A filtered broadcast reaches
 * only this process's members, since the filter cannot travel; {@link #broadcastExcept} reaches
 * everyone else in every process.
 *
 * <p>A broadcast encodes the frame once (server frames are unmasked, so the bytes are the same
 * for everyone) and adds it to a {@link BroadcastBatch} per event loop: the frames broadcast before
 * the loop gets to the batch go out together, one read-only view of them queued on each member of
 * that loop. Concurrent broadcasts reach every member in one and the same order. Members that agreed
 * to permessage-deflate get the frames compressed, once per loop for all of them (see
 * {@link SharedFrames}), where other servers compress a broadcast again for every socket.
 *
 * <p>Thread rule: every method is safe from any thread.
 */
public final class WebSocketGroup implements Iterable<WebSocketHandler>, AutoCloseable {
  private final Map<EventLoop, Set<WebSocketHandler>> byLoop = new ConcurrentHashMap<>();
  /** Per loop, the batch that broadcasts join until its task runs; guarded by {@code this}. */
  private final Map<EventLoop, BroadcastBatch> openBatches = new java.util.HashMap<>();
  /** The link to other processes' groups; null for a group of this process only. */
  private final GroupRelay relay;

  /** A group of this process's sockets. */
  public WebSocketGroup() {
    this.relay = null;
  }

  /**
   * A group spanning every process subscribed to {@code channel} on {@code broker}. Subscribes
   * before returning (it may block until the broker confirms: make groups at startup).
   *
   * @throws io.squall.pubsub.BrokerException when the broker cannot be reached
   */
  public WebSocketGroup(Broker broker, String channel) {
    Objects.requireNonNull(broker, "broker");
    if (Objects.requireNonNull(channel, "channel").isEmpty()) {
      throw new IllegalArgumentException("A group's broker channel must not be empty.");
    }
    this.relay = new GroupRelay(this::deliverLocal, broker, channel);
  }

  /** The broker this group relays through, or empty for a group of this process only. */
  public Optional<Broker> broker() {
    return relay == null ? Optional.empty() : Optional.of(relay.broker());
  }

  /** Adds an open socket (call it from {@code open()} or later); false when already in or closed. */
  public boolean add(WebSocketHandler handler) {
    HandlerSession endpoint = handler.endpoint();
    if (endpoint == null || !handler.isOpen()) {
      return false;
    }
    EventLoop loop = handler.session().loop();
    boolean added = byLoop.computeIfAbsent(loop, l -> ConcurrentHashMap.newKeySet()).add(handler);
    if (added) {
      endpoint.joined(this);
      if (!handler.isOpen()) {
        remove(handler);
        return false;
      }
    }
    return added;
  }

  public boolean remove(WebSocketHandler handler) {
    HandlerSession endpoint = handler.endpoint();
    if (endpoint == null) {
      return false;
    }
    Set<WebSocketHandler> members = byLoop.get(handler.session().loop());
    boolean removed = members != null && members.remove(handler);
    if (removed) {
      endpoint.left(this);
    }
    return removed;
  }

  public boolean contains(WebSocketHandler handler) {
    return handler.endpoint() != null && byLoop.getOrDefault(handler.session().loop(), Set.of()).contains(handler);
  }

  public int size() {
    int n = 0;
    for (Set<WebSocketHandler> s : byLoop.values()) {
      n += s.size();
    }
    return n;
  }

  public boolean isEmpty() {
    return size() == 0;
  }

  /** A snapshot of the members. */
  public List<WebSocketHandler> members() {
    List<WebSocketHandler> out = new ArrayList<>();
    byLoop.values().forEach(out::addAll);
    return out;
  }

  @Override
  public Iterator<WebSocketHandler> iterator() {
    return members().iterator();
  }

  /** Sends a text message to every member. */
  public void broadcast(String message) {
    broadcast(message, null);
  }

  /** Sends a text message to the members the filter accepts (run on each member's loop). */
  public void broadcast(String message, Predicate<WebSocketHandler> filter) {
    send(WebSocketProtocol.OPCODE_TEXT, ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)), filter);
  }

  /** Sends a binary message to every member (the array is copied into the shared frame). */
  public void broadcast(byte[] message) {
    broadcast(message, null);
  }

  public void broadcast(byte[] message, Predicate<WebSocketHandler> filter) {
    send(WebSocketProtocol.OPCODE_BINARY, ByteBuffer.wrap(message), filter);
  }

  /** Sends an object as JSON text to every member. */
  public void broadcastJson(Object message) {
    broadcastJson(message, null);
  }

  public void broadcastJson(Object message, Predicate<WebSocketHandler> filter) {
    send(WebSocketProtocol.OPCODE_TEXT, ByteBuffer.wrap(Json.encodeBytes(message)), filter);
  }

  /** Sends to everyone but {@code sender} (in every process, for a group on a broker). */
  public void broadcastExcept(WebSocketHandler sender, String message) {
    Predicate<WebSocketHandler> notSender = h -> h != sender;
    ByteBuffer payload = ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8));
    if (relay != null) {
      relay.publish(WebSocketProtocol.OPCODE_TEXT, payload, notSender, false);
    } else {
      deliverLocal(WebSocketProtocol.OPCODE_TEXT, payload, notSender);
    }
  }

  /** Stops relaying through the broker (a group of this process only: nothing to do). Members stay. */
  @Override
  public void close() {
    if (relay != null) {
      relay.close();
    }
  }

  private void send(int opcode, ByteBuffer payload, Predicate<WebSocketHandler> filter) {
    if (relay != null) {
      relay.publish(opcode, payload, filter, filter != null);
    } else {
      deliverLocal(opcode, payload, filter);
    }
  }

  /** Delivers to this process's members (the filter, if any, runs on each member's loop). */
  void deliverLocal(int opcode, ByteBuffer payload, Predicate<WebSocketHandler> filter) {
    ByteBuffer frame = FrameWriter.encode(opcode, payload, true, 0, false, 0);
    boolean batch = filter == null && frame.remaining() <= BroadcastBatch.MAX_BYTES / 2;
    // Enqueued under one lock and always through the loops' FIFO queues, so that every member
    // sees concurrent broadcasts in the same order, whichever loop it lives on.
    synchronized (this) {
      byLoop.forEach((loop, members) -> {
        if (members.isEmpty()) {
          return;
        }
        try {
          deliverOn(loop, members, frame, batch, filter);
        } catch (RejectedExecutionException loopEnded) {
          openBatches.remove(loop); // its members close with it; the other loops still get the frame
        }
      });
    }
  }

  /** Enqueues {@code frame} for {@code members} on their loop; under this group's lock. */
  private void deliverOn(EventLoop loop, Set<WebSocketHandler> members, ByteBuffer frame, boolean batch,
      Predicate<WebSocketHandler> filter) {
    if (batch) {
      BroadcastBatch open = openBatches.get(loop);
      if (open == null || !open.append(frame)) {
        open = new BroadcastBatch(this, openBatches, loop, members, frame.remaining());
        open.append(frame);
        openBatches.put(loop, open);
        loop.execute(open);
      }
    } else {
      openBatches.remove(loop); // what follows must not overtake this frame
      loop.execute(() -> SharedFrames.of(frame).deliver(members, filter));
    }
  }
}
