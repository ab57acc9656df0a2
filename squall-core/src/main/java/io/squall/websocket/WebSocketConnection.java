package io.squall.websocket;

import io.squall.json.Json;
import io.squall.websocket.internal.WebSocketEndpoint;
import io.squall.websocket.internal.WebSocketProtocol;
import io.squall.websocket.internal.WebSocketSession;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * A client WebSocket (Tornado's {@code WebSocketClientConnection}). Read with {@link
 * #readMessage()} (completes with null once closed) or register {@link #onMessage(Consumer)}; write
 * with {@code writeMessage}.
 *
 * <p>Thread rule: every method is safe from any thread; callbacks run on the connection's loop,
 * one at a time. When more than {@link #MAX_UNREAD} messages wait unread, reading from the socket
 * pauses (TCP pushes back on the server).
 */
public final class WebSocketConnection {
  /** Unread messages buffered before the socket is no longer read. */
  public static final int MAX_UNREAD = 64;

  private final String subprotocol;
  private final Endpoint endpoint = new Endpoint();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private volatile WebSocketSession session;
  // Guarded by `this`: unread messages, waiting readers, the callback.
  private final ArrayDeque<Message> unread = new ArrayDeque<>();
  private final ArrayDeque<CompletableFuture<Message>> readers = new ArrayDeque<>();
  /** Set on the loop only, after the buffered messages went to it (see onMessage). */
  private Consumer<Message> callback;
  /** Set by onMessage at once, on the caller's thread: readMessage refuses from then on. */
  private boolean callbackRegistered;
  private volatile Consumer<byte[]> pongListener;
  private CompletableFuture<Void> drained;
  private boolean ended;

  /** Completed with this connection once the session runs on its loop. */
  private final CompletableFuture<WebSocketConnection> opened;

  WebSocketConnection(String subprotocol, CompletableFuture<WebSocketConnection> opened) {
    this.subprotocol = subprotocol;
    this.opened = opened;
  }

  WebSocketEndpoint endpoint() {
    return endpoint;
  }

  void attach(WebSocketSession s) {
    this.session = s;
  }

  /** The next message, or null once the connection has closed and every message was read. */
  public synchronized CompletionStage<Message> readMessage() {
    if (callbackRegistered) {
      throw new IllegalStateException("Messages go to the onMessage callback; readMessage cannot be used too.");
    }
    Message m = unread.poll();
    if (m != null) {
      if (drained != null && unread.size() < MAX_UNREAD / 2) {
        CompletableFuture<Void> d = drained;
        drained = null;
        d.complete(null);
      }
      return CompletableFuture.completedFuture(m);
    }
    if (ended) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Message> f = new CompletableFuture<>();
    readers.add(f);
    return f;
  }

  /**
   * Delivers every message (those already buffered first) to {@code callback} on the loop. The
   * callback takes over on the loop, in the task that empties the buffer: set from the caller's
   * thread, it would let a message the loop is reading right now overtake the buffered ones.
   */
  public void onMessage(Consumer<Message> callback) {
    Objects.requireNonNull(callback, "callback");
    synchronized (this) {
      callbackRegistered = true;
    }
    Runnable takeOver = () -> {
      List<Message> buffered;
      synchronized (this) {
        this.callback = callback;
        buffered = List.copyOf(unread);
        unread.clear();
      }
      buffered.forEach(callback);
      releaseDrained();
    };
    try {
      session.loop().execute(takeOver);
    } catch (RejectedExecutionException loopEnded) {
      takeOver.run(); // nothing more arrives: the messages read before the loop ended still go to the callback
    }
  }

  private void releaseDrained() {
    CompletableFuture<Void> d;
    synchronized (this) {
      d = drained;
      drained = null;
    }
    if (d != null) {
      d.complete(null);
    }
  }

  /**
   * Sends a text message; safe from any thread, ordered per connection. The stage fails with
   * {@link WebSocketClosedException} once the connection is closing or closed.
   *
   * @throws NullPointerException for a null message, in the caller's thread
   */
  public CompletionStage<Void> writeMessage(String text) {
    return session.sendText(Objects.requireNonNull(text, "message"));
  }

  public CompletionStage<Void> writeMessage(byte[] data) {
    return session.send(WebSocketProtocol.OPCODE_BINARY, ByteBuffer.wrap(Objects.requireNonNull(data, "message")));
  }

  public CompletionStage<Void> writeMessage(ByteBuffer data) {
    return session.send(WebSocketProtocol.OPCODE_BINARY, Objects.requireNonNull(data, "message").duplicate());
  }

  /** Sends an object as JSON text (Jackson). */
  public CompletionStage<Void> writeMessage(Object message) {
    return switch (Objects.requireNonNull(message, "message")) {
      case String s -> writeMessage(s);
      case byte[] b -> writeMessage(b);
      case ByteBuffer b -> writeMessage(b);
      default -> session.send(WebSocketProtocol.OPCODE_TEXT, ByteBuffer.wrap(Json.encodeBytes(message)));
    };
  }

  /** Called on the loop with the payload of every pong the server sends. */
  public void onPong(Consumer<byte[]> listener) {
    this.pongListener = listener;
  }

  /**
   * Sends a ping; the server's pong reaches {@link #onPong}.
   *
   * @throws IllegalArgumentException for a payload over 125 bytes (RFC 6455 §5.5), in the caller's thread
   */
  public CompletionStage<Void> ping(byte[] payload) {
    if (payload.length > WebSocketProtocol.MAX_CONTROL_PAYLOAD) {
      throw new IllegalArgumentException("Ping payload of " + payload.length + " bytes exceeds 125.");
    }
    return session.send(WebSocketProtocol.OPCODE_PING, ByteBuffer.wrap(payload));
  }

  public void close() {
    close(CloseCode.NORMAL.code(), "");
  }

  /**
   * Starts the closing handshake with a code and reason (at most 123 bytes of UTF-8; longer is
   * cut), as the server's {@code close}; {@link #closed()} completes once TCP is closed, at the
   * latest after the close timeout when the server never answers. Safe to call again: later calls
   * do nothing.
   *
   * @throws IllegalArgumentException for a code that may not be sent (RFC 6455 §7.4), in the caller's thread
   */
  public void close(int code, String reason) {
    if (!CloseCode.isValidOnWire(code)) {
      throw new IllegalArgumentException("Close code " + code + " may not be sent (RFC 6455 §7.4).");
    }
    session.close(code, reason);
  }

  /** Completes when the connection has closed, however it ended. */
  public CompletionStage<Void> closed() {
    return closed;
  }

  public boolean isOpen() {
    return session.isOpen();
  }

  /** The server's close code (1005: its close had none; 1006: none arrived); null while open. */
  public Integer closeCode() {
    return closed.isDone() ? session.peerCloseCode() : null;
  }

  public String closeReason() {
    return closed.isDone() ? session.peerCloseReason() : null;
  }

  /**
   * The code this client closed with because the server broke the protocol (1002 for a masked
   * frame, 1007 for invalid UTF-8, 1009 for a message over the limit...), or null when it did not:
   * then {@link #closeCode()} (often 1006, as such a server rarely answers) says little.
   */
  public Integer failureCode() {
    int code = closed.isDone() ? session.failureCode() : 0;
    return code == 0 ? null : code;
  }

  /** Why this client failed the connection, with {@link #failureCode()}; null when it did not. */
  public String failureReason() {
    return failureCode() == null ? null : session.failureReason();
  }

  public String selectedSubprotocol() {
    return subprotocol;
  }

  /** Whether permessage-deflate was agreed: messages may then travel compressed. */
  public boolean isCompressed() {
    WebSocketSession s = session;
    return s != null && s.compressed();
  }

  /** Receives the session's events; confined to the loop. */
  private final class Endpoint implements WebSocketEndpoint {
    @Override
    public CompletionStage<?> onOpen(WebSocketSession s) {
      if (!opened.complete(WebSocketConnection.this)) {
        s.close(CloseCode.GOING_AWAY.code(), "Client gave up waiting"); // timed out meanwhile: nobody will use it
      }
      return null;
    }

    @Override
    public CompletionStage<?> onText(String message) {
      return deliver(new Message.Text(message));
    }

    @Override
    public CompletionStage<?> onBinary(ByteBuffer message) {
      byte[] data = new byte[message.remaining()];
      message.get(data);
      return deliver(new Message.Binary(data));
    }

    private CompletionStage<?> deliver(Message m) {
      Consumer<Message> cb;
      CompletableFuture<Message> reader;
      synchronized (WebSocketConnection.this) {
        cb = callback;
        reader = cb == null ? readers.poll() : null;
        if (cb == null && reader == null) {
          unread.add(m);
          if (unread.size() >= MAX_UNREAD) {
            drained = new CompletableFuture<>();
            return drained;
          }
          return null;
        }
      }
      if (cb != null) {
        cb.accept(m);
      } else {
        reader.complete(m);
      }
      return null;
    }

    @Override
    public void onPing(ByteBuffer payload) {}

    @Override
    public void onPong(ByteBuffer payload) {
      Consumer<byte[]> l = pongListener;
      if (l != null) {
        byte[] data = new byte[payload.remaining()];
        payload.get(data);
        l.accept(data);
      }
    }

    @Override
    public void onWritable() {}

    @Override
    public void onClose() {
      List<CompletableFuture<Message>> waiting;
      synchronized (WebSocketConnection.this) {
        ended = true;
        waiting = List.copyOf(readers);
        readers.clear();
      }
      waiting.forEach(r -> r.complete(null));
      closed.complete(null);
    }
  }
}
