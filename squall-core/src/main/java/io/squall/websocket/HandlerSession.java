package io.squall.websocket;

import io.squall.websocket.deflate.PerMessageDeflate;
import io.squall.websocket.internal.KeepAlive;
import io.squall.websocket.internal.WebSocketEndpoint;
import io.squall.websocket.internal.WebSocketSession;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server connection's session, which is also its own endpoint: delivers the session's events to
 * a {@link WebSocketHandler} on the loop, or — when the handler asks for it — on one virtual thread
 * per connection, one event at a time and in order, reading paused while an event runs. Also
 * removes the handler from its groups when it closes.
 *
 * <p>Session and endpoint are one object so that an open socket pays for one header and one
 * reference less; a client's session keeps a separate endpoint.
 *
 * <p>Confined to the session's loop (the virtual thread, when used, runs one task at a time).
 */
final class HandlerSession extends WebSocketSession implements WebSocketEndpoint {
  private static final Logger log = LoggerFactory.getLogger(HandlerSession.class);
  private final WebSocketHandler handler;
  /**
   * The subprotocol the handler selected and the virtual thread it runs on; null when it has
   * neither, as most sockets do: one reference for both rather than two.
   */
  private final Rare rare;
  private static final WebSocketGroup[] NO_GROUPS = {};
  /**
   * Groups holding this handler, copied on write under this endpoint's lock (WebSocketGroup calls
   * from any thread); most sockets are in one group or none, so no list object per socket.
   */
  private volatile WebSocketGroup[] groups = NO_GROUPS;

  /** {@code subprotocol}: the one the handler selected, or null; {@code deflate}: the agreed codec, or null. */
  HandlerSession(WebSocketHandler handler, String subprotocol, WebSocketLimits limits, KeepAlive.Settings keepAlive,
      PerMessageDeflate deflate) {
    super(limits, keepAlive, deflate);
    this.handler = handler;
    ExecutorService virtualThread = handler.virtualThreads()
        ? Executors.newSingleThreadExecutor(Thread.ofVirtual().name("squall-ws-", 0).factory())
        : null;
    this.rare = subprotocol == null && virtualThread == null ? null : new Rare(subprotocol, virtualThread);
  }

  private record Rare(String subprotocol, ExecutorService virtualThread) {}

  /** The thread the handler's events run on when it asked for one, else null (they run on the loop). */
  private ExecutorService virtualThread() {
    Rare r = rare;
    return r == null ? null : r.virtualThread;
  }

  WebSocketHandler handler() {
    return handler;
  }

  String subprotocol() {
    Rare r = rare;
    return r == null ? null : r.subprotocol;
  }

  synchronized void joined(WebSocketGroup group) {
    WebSocketGroup[] next = java.util.Arrays.copyOf(groups, groups.length + 1);
    next[groups.length] = group;
    groups = next;
  }

  synchronized void left(WebSocketGroup group) {
    WebSocketGroup[] now = groups;
    for (int i = 0; i < now.length; i++) {
      if (now[i] == group) {
        WebSocketGroup[] next = new WebSocketGroup[now.length - 1];
        System.arraycopy(now, 0, next, 0, i);
        System.arraycopy(now, i + 1, next, i, now.length - i - 1);
        groups = next.length == 0 ? NO_GROUPS : next;
        return;
      }
    }
  }

  private CompletionStage<?> run(Supplier<CompletionStage<?>> call) {
    ExecutorService virtualThread = virtualThread();
    if (virtualThread == null) {
      return call.get();
    }
    return CompletableFuture.supplyAsync(() -> {
      CompletionStage<?> inner = call.get();
      if (inner != null) {
        inner.toCompletableFuture().join();
      }
      return null;
    }, virtualThread);
  }

  @Override
  public CompletionStage<?> onOpen(WebSocketSession session) {
    String[] args = handler.pathArgs().toArray(String[]::new);
    return run(() -> handler.openAsync(args));
  }

  @Override
  public CompletionStage<?> onText(String message) {
    if (virtualThread() == null) {
      return handler.onMessageAsync(message); // the common case: no lambda per message
    }
    return run(() -> handler.onMessageAsync(message));
  }

  @Override
  public CompletionStage<?> onBinary(ByteBuffer message) {
    if (virtualThread() == null) {
      return handler.onMessageAsync(message);
    }
    ByteBuffer copy = ByteBuffer.allocate(message.remaining()).put(message).flip().asReadOnlyBuffer();
    return run(() -> handler.onMessageAsync(copy));
  }

  @Override
  public void onPing(ByteBuffer payload) {
    deliverControl(payload, handler::onPing);
  }

  @Override
  public void onPong(ByteBuffer payload) {
    deliverControl(payload, handler::onPong);
  }

  /** Hands a copy of a control frame's payload to {@code hook} (the view is valid only now). */
  private void deliverControl(ByteBuffer payload, java.util.function.Consumer<byte[]> hook) {
    byte[] data = bytes(payload);
    runHook(() -> hook.accept(data));
  }

  @Override
  public void onWritable() {
    runHook(handler::onWritable);
  }

  /**
   * Runs a hook whose result nobody waits for. On the loop what it throws reaches the session's
   * funnel (1011) at once; from the virtual thread it is sent back there, not dropped with the stage.
   */
  private void runHook(Runnable hook) {
    ExecutorService virtualThread = virtualThread();
    if (virtualThread == null) {
      hook.run();
      return;
    }
    CompletableFuture.runAsync(hook, virtualThread).whenComplete((ok, failed) -> {
      if (failed != null) {
        Throwable cause = failed instanceof CompletionException && failed.getCause() != null ? failed.getCause() : failed;
        loop().execute(() -> handlerFailed(cause));
      }
    });
  }

  @Override
  public void onClose() {
    for (WebSocketGroup g : groups) {
      g.remove(handler);
    }
    ExecutorService virtualThread = virtualThread();
    if (virtualThread == null) {
      handler.onClose();
    } else {
      virtualThread.execute(() -> {
        try {
          handler.onClose();
        } catch (RuntimeException | Error e) {
          log.error("onClose failed for {}", connection().remoteAddress(), e);
        }
      });
      virtualThread.shutdown();
    }
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
