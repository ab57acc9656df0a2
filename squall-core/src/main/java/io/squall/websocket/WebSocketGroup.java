package io.squall.websocket;

import io.squall.ioloop.EventLoop;
import io.squall.json.Json;
import io.squall.websocket.internal.FrameWriter;
import io.squall.websocket.internal.WebSocketProtocol;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A set of open WebSockets to broadcast to — what the chat uses instead of the article's
 * unsynchronised {@code connections = set()}. Members leave by themselves when they close.
 *
 * <p>A broadcast encodes the frame once (server frames are unmasked, so the bytes are the same
 * for everyone) and adds it to a {@link BroadcastBatch} per event loop: the frames broadcast before
 * the loop gets to the batch go out together, one read-only view of them queued on each member of
 * that loop. Concurrent broadcasts reach every member in one and the same order.
 *
 * <p>Thread rule: every method is safe from any thread.
 */
public final class WebSocketGroup implements Iterable<WebSocketHandler> {
  private final Map<EventLoop, Set<WebSocketHandler>> byLoop = new ConcurrentHashMap<>();
  /** Per loop, the batch that broadcasts join until its task runs; guarded by {@code this}. */
  private final Map<EventLoop, BroadcastBatch> openBatches = new java.util.HashMap<>();

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

  /** Sends to everyone but {@code sender}. */
  public void broadcastExcept(WebSocketHandler sender, String message) {
    broadcast(message, h -> h != sender);
  }

  private void send(int opcode, ByteBuffer payload, Predicate<WebSocketHandler> filter) {
    ByteBuffer frame = FrameWriter.encode(opcode, payload, true, 0, false, 0).asReadOnlyBuffer();
    boolean batch = filter == null && frame.remaining() <= BroadcastBatch.MAX_BYTES / 2;
    // Enqueued under one lock and always through the loops' FIFO queues, so that every member
    // sees concurrent broadcasts in the same order, whichever loop it lives on.
    synchronized (this) {
      byLoop.forEach((loop, members) -> {
        if (members.isEmpty()) {
          return;
        }
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
          loop.execute(() -> deliver(members, frame, filter));
        }
      });
    }
  }

  private static void deliver(Set<WebSocketHandler> members, ByteBuffer frame, Predicate<WebSocketHandler> filter) {
    for (WebSocketHandler h : members) {
      if (filter == null || filter.test(h)) {
        h.session().sendFrameOnLoop(frame.duplicate(), null);
      }
    }
  }
}
