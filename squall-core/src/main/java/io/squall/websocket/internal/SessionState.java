package io.squall.websocket.internal;

import io.squall.ioloop.Cancellable;
import io.squall.ioloop.EventLoop;
import io.squall.net.TcpConnection;
import io.squall.websocket.CloseCode;
import io.squall.websocket.WebSocketLimits;
import io.squall.websocket.deflate.PerMessageDeflate;
import java.nio.ByteBuffer;

/**
 * What a {@link WebSocketSession} knows about its socket, and the questions it answers from that
 * alone; the protocol itself is in {@link CloseHandshake} (closing) and {@code WebSocketSession}
 * (reading, writing), which extend this class so that a socket still costs one object.
 *
 * <p>Fields are touched by the connection's loop only, except {@link #state}, which any thread may
 * read (it is volatile).
 */
abstract class SessionState {
  enum State { OPEN, CLOSING, CLOSED }

  final WebSocketLimits limits;
  /** The permessage-deflate codec once negotiated (RFC 7692), else null. */
  final PerMessageDeflate deflate;
  /**
   * Created by the first byte the peer sends: a connection that only listens (most of a chat
   * room) never pays for a frame parser.
   */
  FrameReader reader;
  final KeepAlive keepAlive;
  TcpConnection connection;
  volatile State state = State.OPEN;
  /** How the close went; made when the close starts (a close frame either way, or the socket lost). */
  private Closing closing;

  /** The close handshake's state: an open socket has none. */
  static final class Closing {
    int peerCode = CloseCode.NO_STATUS.code();
    String peerReason;
    Cancellable timer;
    /** The code this side failed the connection with (a protocol error of the peer), 0 if it did not. */
    int failCode;
    String failReason;
  }

  SessionState(WebSocketLimits limits, KeepAlive.Settings keepAlive, PerMessageDeflate deflate) {
    this.limits = limits;
    this.deflate = deflate;
    this.keepAlive = keepAlive.enabled() ? new KeepAlive((WebSocketSession) this, keepAlive) : null;
  }

  final Closing closing() {
    Closing c = closing;
    if (c == null) {
      closing = c = new Closing();
    }
    return c;
  }

  /** The close state if the close has started, else null. */
  final Closing closingOrNull() {
    return closing;
  }

  /** The connection's loop; null before the session is attached. */
  public final EventLoop loop() {
    TcpConnection c = connection;
    return c == null ? null : c.loop();
  }

  public final TcpConnection connection() {
    return connection;
  }

  public final boolean isOpen() {
    return state == State.OPEN;
  }

  /** The code of the peer's close frame: 1005 when it had none, 1006 when none arrived. */
  public final int peerCloseCode() {
    Closing c = closing;
    return c == null ? CloseCode.NO_STATUS.code() : c.peerCode;
  }

  public final String peerCloseReason() {
    Closing c = closing;
    return c == null ? null : c.peerReason;
  }

  /** The code this side failed the connection with when the peer broke the protocol (1002, 1007, 1009...); 0 if it did not. */
  public final int failureCode() {
    Closing c = closing;
    return c == null ? 0 : c.failCode;
  }

  /** Why this side failed the connection ("Server frames must not be masked."), or null. */
  public final String failureReason() {
    Closing c = closing;
    return c == null ? null : c.failReason;
  }

  public final boolean isWritable() {
    return connection.isWritable();
  }

  /** Whether frames this session sends are masked (clients) — a broadcast frame can be shared only when not. */
  public final boolean masksFrames() {
    return client();
  }

  /** Whether permessage-deflate was agreed for this socket. */
  public final boolean compressed() {
    return deflate != null;
  }

  /** The permessage-deflate codec agreed for this socket, or null: what a broadcast is compressed with. */
  public final PerMessageDeflate deflate() {
    return deflate;
  }

  /** Clients mask what they send (RFC 6455 §5.3); a server's session never does. */
  boolean client() {
    return false;
  }

  /** The next mask key (RFC 6455 §5.3); called only when {@link #client()}. */
  int nextMask() {
    throw new IllegalStateException("A server masks nothing.");
  }

  final boolean closeReceived() {
    return reader != null && reader.closeReceived();
  }

  /** Whether a frame parser exists yet: not before the peer's first byte. For tests. */
  final boolean hasFrameReader() {
    return reader != null;
  }

  /**
   * The array under the binary message being delivered, when {@code message} (the view the handler
   * got) still spans all of it: the handler may keep it without a copy. Null otherwise, or when not
   * called on the loop during {@code onMessage}.
   */
  public final byte[] takeMessageArray(ByteBuffer message) {
    if (!loop().inLoop() || message.position() != 0) {
      return null;
    }
    // An inflated message is a fresh array, not the reader's: the handler copies it (rare enough).
    byte[] whole = reader == null || reader.messageCompressed() ? null : reader.takeMessageArray();
    return whole == null || whole.length == message.remaining() ? whole : null;
  }
}
