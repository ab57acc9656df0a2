package io.squall.websocket;

import io.squall.http.Headers;
import io.squall.http.HttpException;
import io.squall.http.HttpStatus;
import io.squall.json.Json;
import io.squall.net.TcpConnection;
import io.squall.web.RequestHandler;
import io.squall.web.Settings;
import io.squall.websocket.deflate.DeflateNegotiation;
import io.squall.websocket.deflate.DeflateParameters;
import io.squall.websocket.deflate.Extension;
import io.squall.websocket.deflate.PerMessageDeflate;
import io.squall.websocket.internal.Handshake;
import io.squall.websocket.internal.KeepAlive;
import io.squall.websocket.internal.OriginPolicy;
import io.squall.websocket.internal.WebSocketProtocol;
import io.squall.websocket.internal.WebSocketSession;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A WebSocket endpoint, Tornado's {@code WebSocketHandler}: route a path to a subclass and
 * override {@link #open()}, {@link #onMessage(String)}, {@link #onClose()}. The handshake request
 * (headers, cookies, arguments, {@code remoteIp()}) stays available through {@link #request()},
 * without the handshake's own fields: from {@link #open()} on, Connection, Upgrade and the
 * Sec-WebSocket-* fields are gone (their answers are {@link #selectedSubprotocol()} and {@link
 * #isCompressed()}), as an open socket keeps its request for its whole life.
 *
 * <p>Thread rule: every callback runs on the connection's loop, one at a time, never
 * concurrently (or, with {@link #runsOnVirtualThread()}, on one virtual thread per connection,
 * still one at a time). {@code writeMessage}, {@code ping} and {@code close} are safe from any
 * thread and ordered per calling thread.
 */
public abstract class WebSocketHandler extends RequestHandler {
  /** Made by the upgrade; null before it. */
  private HandlerSession session;

  // ---- hooks ---------------------------------------------------------------------------------

  /** The socket is open; path arguments are in {@link #pathArgs()}. */
  public void open() {}

  /** Like {@link #open()}, with the route's path arguments; the default calls {@link #open()}. */
  public void open(String... pathArgs) {
    open();
  }

  /**
   * The socket is open, asynchronously (Tornado's {@code async def open}): no message is delivered,
   * and the socket is not read, until the returned stage completes; a failed stage closes it with
   * 1011, as a throw would. For a session loaded elsewhere before the first message counts. The
   * default calls {@link #open(String...)} and returns null.
   */
  public CompletionStage<?> openAsync(String... pathArgs) {
    open(pathArgs);
    return null;
  }

  /** A text message. */
  public void onMessage(String message) {}

  /** A binary message. */
  public void onMessage(byte[] message) {}

  /**
   * A text message, asynchronously: the next message is not delivered (and the socket is not read)
   * until the returned stage completes. The default calls {@link #onMessage(String)} and returns null.
   */
  public CompletionStage<?> onMessageAsync(String message) {
    onMessage(message);
    return null;
  }

  /**
   * A binary message as a read-only view, valid only during the call (copy what you keep): the
   * zero-copy way to read binary messages. The default copies it into {@link #onMessage(byte[])}.
   */
  public void onMessage(ByteBuffer message) {
    // A message reassembled from several reads already sits in an array of its own: no copy then.
    byte[] whole = session().takeMessageArray(message);
    if (whole == null) {
      whole = new byte[message.remaining()];
      message.get(whole);
    }
    onMessage(whole);
  }

  /** A binary message, asynchronously (same pausing rule); the default calls {@link #onMessage(ByteBuffer)}. */
  public CompletionStage<?> onMessageAsync(ByteBuffer message) {
    onMessage(message);
    return null;
  }

  /** Called after the pong has been queued. */
  public void onPing(byte[] payload) {}

  public void onPong(byte[] payload) {}

  /** Exactly once, however the connection ended; {@link #closeCode()} tells how. */
  public void onClose() {}

  /** The outbound queue drained after {@link #isWritable()} had turned false. */
  public void onWritable() {}

  /**
   * May this Origin open the socket? Default: the request's own host, or an entry of the
   * {@code allowed_origins} setting. Requests without an Origin (non-browser clients) skip this.
   */
  public boolean checkOrigin(String origin) {
    return new OriginPolicy(settings().getStrings(Settings.ALLOWED_ORIGINS)).allows(origin, request().host());
  }

  /** Picks one of the offered subprotocols, or null for none (the default). */
  public String selectSubprotocol(List<String> offered) {
    return null;
  }

  /** Run callbacks on a virtual thread of this connection, so they may block. Default false. */
  protected boolean runsOnVirtualThread() {
    return false;
  }

  /** Seconds between server pings; default the {@code websocket_ping_interval} setting (none). */
  protected Duration pingInterval() {
    return settings().getDuration(Settings.WEBSOCKET_PING_INTERVAL, Duration.ZERO);
  }

  protected Duration pingTimeout() {
    return settings().getDuration(Settings.WEBSOCKET_PING_TIMEOUT, Duration.ZERO);
  }

  /**
   * permessage-deflate for this connection, Tornado's {@code get_compression_options()}: the
   * {@code websocket_compression} setting, else off. Compression is used only when the client
   * offers it too (browsers always do).
   */
  protected WebSocketCompression compression() {
    return settings().get(Settings.WEBSOCKET_COMPRESSION, WebSocketCompression.class, WebSocketCompression.OFF);
  }

  /** Limits for this connection; defaults from the settings. */
  protected WebSocketLimits limits() {
    WebSocketLimits d = WebSocketLimits.defaults();
    return d.withMaxMessageSize(settings().getLong(Settings.WEBSOCKET_MAX_MESSAGE_SIZE, d.maxMessageSize()))
        .withMaxOutboundBytes(settings().getLong(Settings.WEBSOCKET_MAX_OUTBOUND_BYTES, d.maxOutboundBytes()))
        .withSendTimeout(settings().getDuration(Settings.WEBSOCKET_SEND_TIMEOUT, d.sendTimeout()));
  }

  // ---- the handshake -------------------------------------------------------------------------

  /** Performs the upgrade (RFC 6455 §4.2); not meant to be overridden. */
  @Override
  public final void get() {
    Handshake.checkUpgrade(request());
    String origin = Handshake.origin(request());
    if (origin != null && !checkOrigin(origin)) {
      throw new HttpException(HttpStatus.FORBIDDEN, Handshake.BAD_ORIGIN);
    }
    String key;
    try {
      key = Handshake.checkKeyAndVersion(request());
    } catch (Handshake.VersionException e) {
      setHeader("Sec-WebSocket-Version", "13");
      throw e;
    }
    List<String> offered = Handshake.offeredSubprotocols(request());
    String chosen = selectSubprotocol(offered);
    if (chosen != null && !offered.contains(chosen)) {
      throw new IllegalStateException("selectSubprotocol returned '" + chosen + "', which the client did not offer: " + offered);
    }
    List<String> extensions = request().headers().getAll("Sec-WebSocket-Extensions");
    WebSocketCompression compression = extensions.isEmpty() ? WebSocketCompression.OFF : compression();
    Optional<DeflateParameters> agreed = DeflateNegotiation.accept(Extension.parseAll(extensions), compression);
    PerMessageDeflate deflate = agreed.map(p -> PerMessageDeflate.forServer(p, compression)).orElse(null);
    session = new HandlerSession(this, chosen, limits(), new KeepAlive.Settings(pingInterval(), pingTimeout()), deflate);
    Headers response = Handshake.responseHeaders(responseHeaders(), key, chosen);
    agreed.ifPresent(p -> response.set("Sec-WebSocket-Extensions", p.toHeader()));
    Handshake.releaseHandshakeHeaders(request());
    // The 101 is queued; the handler lets its headers and the exchange go once get() returns.
    exchange().upgrade(response, session);
  }

  // ---- the connection ------------------------------------------------------------------------

  /** Sends a text message; the stage completes when written, or fails with {@link WebSocketClosedException}. */
  public CompletionStage<Void> writeMessage(String message) {
    return session().sendText(message);
  }

  /** Sends a binary message (the array is not copied: do not change it until the stage completes). */
  public CompletionStage<Void> writeMessage(byte[] message) {
    return session().send(WebSocketProtocol.OPCODE_BINARY, ByteBuffer.wrap(message));
  }

  /**
   * Sends the buffer's remaining bytes as a binary message (large ones are not copied: do not
   * change them until the stage completes).
   */
  public CompletionStage<Void> writeMessage(ByteBuffer message) {
    return session().send(WebSocketProtocol.OPCODE_BINARY, message.duplicate());
  }

  /** Sends an object as JSON text (Jackson), like Tornado's dict. */
  public CompletionStage<Void> writeMessage(Object message) {
    return switch (message) {
      case String s -> writeMessage(s);
      case byte[] b -> writeMessage(b);
      case ByteBuffer b -> writeMessage(b);
      default -> session().send(WebSocketProtocol.OPCODE_TEXT, ByteBuffer.wrap(Json.encodeBytes(message)));
    };
  }

  /** Sends a ping (at most 125 bytes). */
  public CompletionStage<Void> ping(byte[] payload) {
    if (payload.length > WebSocketProtocol.MAX_CONTROL_PAYLOAD) {
      throw new IllegalArgumentException("Ping payload of " + payload.length + " bytes exceeds 125.");
    }
    return session().send(WebSocketProtocol.OPCODE_PING, ByteBuffer.wrap(payload));
  }

  /** Starts a normal closure (1000). */
  public void close() {
    close(CloseCode.NORMAL.code(), "");
  }

  /** Starts the closing handshake with a code and reason (at most 123 bytes of UTF-8; longer is cut). */
  public void close(int code, String reason) {
    if (!CloseCode.isValidOnWire(code)) {
      throw new IllegalArgumentException("Close code " + code + " may not be sent (RFC 6455 §7.4).");
    }
    if (session != null) {
      session.close(code, reason);
    }
  }

  public boolean isOpen() {
    return session != null && session.isOpen();
  }

  /** False while the unsent bytes are above the high-water mark; {@link #onWritable()} tells when it turns true. */
  public boolean isWritable() {
    return session().isWritable();
  }

  public void setNoDelay(boolean noDelay) {
    WebSocketSession s = session();
    try {
      s.loop().execute(() -> s.connection().setNoDelay(noDelay));
    } catch (java.util.concurrent.RejectedExecutionException loopEnded) {
      // the socket closed with its loop: no option left to set
    }
  }

  /** The peer's close code: 1005 when its close frame had none, 1006 when none arrived; null while open. */
  public Integer closeCode() {
    return session == null || session.isOpen() ? null : session.peerCloseCode();
  }

  public String closeReason() {
    return session == null ? null : session.peerCloseReason();
  }

  /** Whether this socket's messages may be compressed (permessage-deflate was agreed). */
  public boolean isCompressed() {
    return session != null && session.compressed();
  }

  public String selectedSubprotocol() {
    return session == null ? null : session.subprotocol();
  }

  WebSocketSession session() {
    if (session == null) {
      throw new WebSocketClosedException("WebSocket is not open.");
    }
    return session;
  }

  /** Before the upgrade the HTTP exchange's connection, after it the socket's. */
  @Override
  protected TcpConnection connection() {
    HandlerSession s = session;
    return s != null && s.connection() != null ? s.connection() : super.connection();
  }

  /** The session, for group membership; null before the upgrade. */
  HandlerSession endpoint() {
    return session;
  }

  boolean virtualThreads() {
    return runsOnVirtualThread();
  }
}
