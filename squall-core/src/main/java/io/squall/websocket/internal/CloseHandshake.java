package io.squall.websocket.internal;

import io.squall.ioloop.EventLoop;
import io.squall.net.ConnectionHandler;
import io.squall.net.TcpConnection;
import io.squall.websocket.CloseCode;
import io.squall.websocket.WebSocketClosedException;
import io.squall.websocket.WebSocketLimits;
import io.squall.websocket.deflate.PerMessageDeflate;
import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a {@link WebSocketSession} ends: the closing handshake (RFC 6455 §7), its timer, the one
 * funnel for protocol and handler failures, and the connection's last events (end of stream,
 * server shutdown, closed). {@code WebSocketSession} extends it, so a socket is still one object.
 *
 * <p>Confined to the connection's loop, except {@link #close}, which hops onto it.
 */
abstract class CloseHandshake extends SessionState implements ConnectionHandler {
  /** The session's logger: log settings keep working whichever part of the session logs. */
  private static final Logger log = LoggerFactory.getLogger(WebSocketSession.class);

  CloseHandshake(WebSocketLimits limits, KeepAlive.Settings keepAlive, PerMessageDeflate deflate) {
    super(limits, keepAlive, deflate);
  }

  /** Who hears this session's events. */
  protected abstract WebSocketEndpoint endpoint();

  /**
   * Both closes exchanged: the server closes TCP first (§7.1.1); a client waits for it, bounded.
   * The peer sends nothing after its close frame (§5.5.1), so the server needs no linger for it.
   */
  final void finishClosing() {
    if (!client()) {
      connection.close(false);
    } else if (closing().timer == null) {
      armCloseTimer();
    }
  }

  /** Starts the closing handshake; safe from any thread. TCP is closed after the peer answers or the close timeout. */
  public final void close(int code, String reason) {
    EventLoop loop = connection.loop();
    if (loop.inLoop()) {
      closeOnLoop(code, reason);
    } else if (state == State.OPEN) {
      try {
        loop.execute(() -> closeOnLoop(code, reason));
      } catch (RejectedExecutionException loopEnded) {
        // the socket was closed with its loop: nothing left to close
      }
    }
  }

  final void closeOnLoop(int code, String reason) {
    if (state != State.OPEN) {
      return;
    }
    state = State.CLOSING;
    writeClose(code, reason == null ? "" : reason);
    if (closeReceived()) {
      finishClosing();
    } else {
      armCloseTimer();
    }
  }

  final void writeClose(int code, String reason) {
    boolean client = client();
    ByteBuffer frame = FrameWriter.encodeClose(code, reason, client, client ? nextMask() : 0);
    connection.write(frame, null);
  }

  final void armCloseTimer() {
    closing().timer = loop().schedule(() -> {
      if (connection.isOpen()) {
        log.debug("Close handshake with {} timed out after {}", connection.remoteAddress(), limits.closeTimeout());
        connection.abort(null);
      }
    }, limits.closeTimeout());
  }

  /** A protocol error: one close frame with its code (RFC 6455 §7.1.7), then TCP closed. */
  final void fail(CloseCode code, String message) {
    log.debug("Failing WebSocket {}: {} {}", connection.remoteAddress(), code.code(), message);
    Closing c = closing();
    if (c.failCode == 0) {
      c.failCode = code.code();
      c.failReason = message;
    }
    if (state == State.OPEN) {
      state = State.CLOSING;
      writeClose(code.code(), message);
    }
    connection.close();
  }

  /** The application threw: 1011 to the peer, logged here; other connections are untouched. */
  final void failHandler(Throwable e) {
    log.error("WebSocket handler failed for {}; closing with 1011", connection.remoteAddress(), e);
    if (state == State.OPEN) {
      state = State.CLOSING;
      writeClose(CloseCode.INTERNAL_ERROR.code(), "Internal error");
      armCloseTimer();
    }
  }

  @Override
  public final Throwable closedException() {
    return new WebSocketClosedException();
  }

  /** {@link WebSocketLimits#sendTimeout}: a peer that reads none of a backlog for that long is dropped. */
  @Override
  public final long sendTimeoutMillis() {
    return limits.sendTimeout().toMillis();
  }

  @Override
  public final void onEndOfStream(TcpConnection c) {
    c.close();
  }

  @Override
  public final void onServerShutdown(TcpConnection c) {
    closeOnLoop(CloseCode.GOING_AWAY.code(), "Server shutting down");
  }

  @Override
  public final void onClosed(TcpConnection c, Throwable cause) {
    if (state == State.CLOSED) {
      return; // onClose runs once
    }
    state = State.CLOSED;
    if (deflate != null) {
      deflate.release();
    }
    Closing closing = closingOrNull();
    if (closing != null && closing.timer != null) {
      closing.timer.cancel();
    }
    if (keepAlive != null) {
      keepAlive.stop();
    }
    if (!closeReceived()) {
      closing().peerCode = CloseCode.ABNORMAL.code();
    }
    try {
      endpoint().onClose();
    } catch (RuntimeException | Error e) {
      log.error("onClose failed for {}", c.remoteAddress(), e);
    }
  }
}
