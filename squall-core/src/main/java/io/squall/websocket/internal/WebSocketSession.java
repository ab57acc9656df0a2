package io.squall.websocket.internal;

import io.squall.net.TcpConnection;
import io.squall.net.WriteFuture;
import io.squall.websocket.CloseCode;
import io.squall.websocket.WebSocketClosedException;
import io.squall.websocket.WebSocketLimits;
import io.squall.websocket.deflate.PerMessageDeflate;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection's protocol state, shared by server and client: reads frames, answers
 * pings, runs the closing handshake (RFC 6455 §7, in {@link CloseHandshake}) and the keepalive,
 * and queues outbound frames with a bound on unsent bytes.
 *
 * <p>Confined to its loop, except {@link #isOpen()} and the {@code send*} methods, which hop onto
 * the loop when called from another thread (ordered per calling thread).
 *
 * <p>Made by {@link #create}, or subclassed by a server session that is its own {@link
 * WebSocketEndpoint} (the handler's), which saves an object per socket. Its protocol methods are
 * final.
 */
public class WebSocketSession extends CloseHandshake implements FrameCallback {
  private static final Logger log = LoggerFactory.getLogger(WebSocketSession.class);

  /**
   * A server's binary payload of at least this many bytes is queued as it is, behind a header of its
   * own, rather than copied into one frame buffer; below it one buffer is cheaper than two.
   */
  static final int SEPARATE_PAYLOAD_BYTES = 8 * 1024;
  /** {@link #pong} while a pong is queued and no newer ping waits. */
  private static final Object PONG_UNSENT = new Object();

  /**
   * Null when no pong is unsent; {@link #PONG_UNSENT} while one is queued; else the payload of the
   * latest ping since, answered when the queued pong has been written. Loop thread only.
   */
  private Object pong;

  /**
   * A session whose events go to {@code endpoint} (every client's). {@code client}: frames we send
   * are masked and frames we receive must not be.
   */
  public static WebSocketSession create(WebSocketEndpoint endpoint, boolean client, WebSocketLimits limits,
      KeepAlive.Settings keepAlive) {
    return create(endpoint, client, limits, keepAlive, null);
  }

  /** {@code deflate}: the permessage-deflate codec agreed in the handshake, or null. */
  public static WebSocketSession create(WebSocketEndpoint endpoint, boolean client, WebSocketLimits limits,
      KeepAlive.Settings keepAlive, PerMessageDeflate deflate) {
    return new EndpointSession(java.util.Objects.requireNonNull(endpoint, "endpoint"), client, limits, keepAlive, deflate);
  }

  /**
   * For a server subclass that is its own endpoint (a handler's session): one object per socket
   * instead of two.
   */
  protected WebSocketSession(WebSocketLimits limits, KeepAlive.Settings keepAlive, PerMessageDeflate deflate) {
    super(limits, keepAlive, deflate);
    if (!(this instanceof WebSocketEndpoint) && !(this instanceof EndpointSession)) {
      throw new IllegalStateException(getClass().getName() + " must implement WebSocketEndpoint");
    }
  }

  /** Who hears this session's events: the session itself unless it delegates. */
  @Override
  protected WebSocketEndpoint endpoint() {
    return (WebSocketEndpoint) this;
  }

  @Override
  public final void onAttach(TcpConnection c) {
    this.connection = c;
    long high = Math.max(64 * 1024, limits.maxOutboundBytes() / 4);
    c.setWaterMarks(high / 2, high);
    if (keepAlive != null) {
      keepAlive.start(c.loop());
    }
    CompletionStage<?> opened;
    try {
      opened = endpoint().onOpen(this);
    } catch (RuntimeException | Error e) {
      failHandler(e);
      return;
    }
    pauseUntil(opened);
  }

  // ---- reading -------------------------------------------------------------------------------

  @Override
  public final void onData(TcpConnection c, ByteBuffer in) {
    if (state == State.CLOSED) {
      in.position(in.limit());
      return;
    }
    FrameReader r = reader;
    if (r == null) {
      reader = r = new FrameReader(this, !client(), limits.maxMessageSize());
      r.setRsv1Allowed(deflate != null); // RFC 7692 §6: RSV1 marks a compressed message
    }
    try {
      r.read(in);
    } catch (ProtocolException e) {
      in.position(in.limit());
      fail(e.closeCode(), e.getMessage());
      return;
    }
    if (r.closeReceived()) {
      in.position(in.limit());
    }
  }

  @Override
  public final boolean onMessage(boolean text, ByteBuffer payload) {
    // RFC 6455 §7.1.2: after sending a close we still read (and deliver) until the peer's close.
    if (state == State.CLOSED) {
      return true;
    }
    if (reader.messageCompressed()) {
      payload = deflate.decompressMessage(text, payload, limits.maxMessageSize());
    }
    CompletionStage<?> stage;
    try {
      // A payload outside the heap (in the loop's read buffer) decodes through the loop's scratch array.
      stage = text
          ? endpoint().onText(Utf8Validator.decode(payload, payload.hasArray() ? null : connection.loop()))
          : endpoint().onBinary(payload.asReadOnlyBuffer());
    } catch (RuntimeException | Error e) { // a recursion bug, a missing class: a handler failure too
      failHandler(e);
      return false;
    }
    return !pauseUntil(stage);
  }

  /** A handler hook run off the loop failed: 1011, as when it throws on the loop. Loop thread only. */
  protected final void handlerFailed(Throwable e) {
    failHandler(e);
  }

  /** When {@code stage} is pending, stops reading until it completes; returns true if paused. */
  private boolean pauseUntil(CompletionStage<?> stage) {
    if (stage == null) {
      return false;
    }
    CompletableFuture<?> f = stage.toCompletableFuture();
    if (f.isDone() && !f.isCompletedExceptionally()) {
      return false;
    }
    connection.pauseReading();
    stage.whenComplete((v, err) -> loop().execute(() -> {
      if (err != null) {
        failHandler(err);
      } else {
        resume();
      }
    }));
    return true;
  }

  private void resume() {
    if (state != State.CLOSED) {
      connection.resumeReading();
    }
  }

  @Override
  public final void onPingFrame(ByteBuffer payload) {
    if (state == State.OPEN) {
      if (pong == null) {
        sendPong(copy(payload));
      } else {
        // RFC 6455 §5.5.3: while a pong is unsent, a newer ping replaces the one waiting. A peer
        // that pings without reading then holds one pong and one payload here, not one queued
        // frame per ping: 2 bytes on the wire but ~80 of heap each, which the byte limit missed.
        pong = copy(payload);
      }
    }
    try {
      endpoint().onPing(payload.asReadOnlyBuffer());
    } catch (RuntimeException | Error e) {
      failHandler(e);
    }
  }

  @Override
  public final void onPongFrame(ByteBuffer payload) {
    if (keepAlive != null) {
      keepAlive.pongReceived();
    }
    try {
      endpoint().onPong(payload.asReadOnlyBuffer());
    } catch (RuntimeException | Error e) {
      failHandler(e);
    }
  }

  @Override
  public final void onCloseFrame(int code, String reason) {
    Closing closing = closing();
    closing.peerCode = code;
    closing.peerReason = code == CloseCode.NO_STATUS.code() ? null : reason;
    if (state == State.OPEN) {
      // RFC 6455 §5.5.1: echo the close (its code, or none when it had none).
      state = State.CLOSING;
      writeClose(code, "");
    }
    finishClosing();
  }

  // ---- writing -------------------------------------------------------------------------------

  /** Sends a data or control frame; safe from any thread. */
  public final CompletableFuture<Void> send(int opcode, ByteBuffer payload) {
    return submit(opcode, payload, null);
  }

  /** Sends a text message, encoded straight into its frame (one copy); safe from any thread. */
  public final CompletableFuture<Void> sendText(String text) {
    return submit(WebSocketProtocol.OPCODE_TEXT, null, text);
  }

  private CompletableFuture<Void> submit(int opcode, ByteBuffer payload, String text) {
    // A write future that can carry its frame: queued alone, the frame needs no ring entry.
    CompletableFuture<Void> done = new WriteFuture();
    if (state != State.OPEN) {
      done.completeExceptionally(new WebSocketClosedException());
    } else if (connection.loop().inLoop()) {
      encodeAndSend(opcode, payload, text, done);
    } else {
      try {
        connection.loop().execute(() -> encodeAndSend(opcode, payload, text, done));
      } catch (RejectedExecutionException loopEnded) {
        done.completeExceptionally(new WebSocketClosedException()); // the socket ended with its loop
      }
    }
    return done;
  }

  /** Frames {@code text} (when given) or {@code payload}, masked on the client side, and queues it. */
  private void encodeAndSend(int opcode, ByteBuffer payload, String text, CompletableFuture<Void> done) {
    if (state != State.OPEN) {
      // Closed while this send waited for the loop: compress nothing, or a kept context would make
      // a compressor after the close released the socket's zlib state, and nothing would end it.
      done.completeExceptionally(new WebSocketClosedException());
      return;
    }
    boolean client = client();
    if (deflate != null && !WebSocketProtocol.isControl(opcode)) {
      ByteBuffer plain = text != null ? ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)) : payload;
      ByteBuffer compressed = deflate.compress(plain);
      if (compressed != null) {
        sendFrameOnLoop(FrameWriter.encode(opcode, compressed, true, WebSocketProtocol.FLAG_RSV1, client,
            client ? nextMask() : 0, connection.loop().bufferLender()), done);
        return;
      }
    }
    if (!client && text == null && payload.remaining() >= SEPARATE_PAYLOAD_BYTES) {
      // An unmasked payload goes out as it is, after its own header: no copy into a frame buffer.
      ByteBuffer header = FrameWriter.header(opcode, payload.remaining(), true, 0);
      if (admit(header.remaining() + (long) payload.remaining(), done)) {
        connection.write(header, null);
        connection.write(payload, done);
      }
      return;
    }
    int key = client ? nextMask() : 0;
    // A small frame goes into a buffer the loop lends and the queue gives back once written: a
    // busy socket's messages allocate no bytes of their own.
    IntFunction<ByteBuffer> lender = connection.loop().bufferLender();
    ByteBuffer frame = text != null
        ? FrameWriter.encodeText(text, client, key, lender)
        : FrameWriter.encode(opcode, payload, true, 0, client, key, lender);
    sendFrameOnLoop(frame, done);
  }

  /**
   * Queues an already encoded frame (a broadcast's shared bytes, as a duplicate). Loop thread only.
   * Past {@code maxOutboundBytes} unsent, the peer is a slow consumer: close 1008.
   */
  public final void sendFrameOnLoop(ByteBuffer frame, CompletableFuture<Void> done) {
    if (admit(frame.remaining(), done)) {
      connection.write(frame, done);
    } else {
      connection.loop().giveBack(frame); // not sent: a buffer the loop lent goes back now
    }
  }

  /**
   * Queues a broadcast's frames, compressed for many sockets at once with this socket's codec's
   * {@link PerMessageDeflate#compressShared}; a kept outgoing context then restarts. Loop thread
   * only; same slow-consumer rule as {@link #sendFrameOnLoop}.
   */
  public final void sendSharedCompressedOnLoop(ByteBuffer frames) {
    if (admit(frames.remaining(), null)) {
      deflate.forgetOutgoingContext();
      connection.write(frames, null);
    }
  }

  /**
   * Whether {@code bytes} more may be queued: false (and {@code done} failed) when closed, or past
   * {@code maxOutboundBytes} unsent, where the peer is a slow consumer and is closed with 1008.
   */
  private boolean admit(long bytes, CompletableFuture<Void> done) {
    if (state != State.OPEN) {
      if (done != null) {
        done.completeExceptionally(new WebSocketClosedException());
      }
      return false;
    }
    if (connection.outboundBytes() + bytes > limits.maxOutboundBytes()) {
      log.warn("Closing {}: {} bytes unsent exceed maxOutboundBytes {} (slow consumer)",
          connection.remoteAddress(), connection.outboundBytes() + bytes, limits.maxOutboundBytes());
      if (done != null) {
        done.completeExceptionally(new WebSocketClosedException("Slow consumer: outbound limit exceeded."));
      }
      // The close frame queues behind what is unsent; the close timer bounds the wait.
      state = State.CLOSING;
      writeClose(CloseCode.POLICY_VIOLATION.code(), "slow consumer");
      armCloseTimer();
      return false;
    }
    return true;
  }

  @Override
  public final void onWritable(TcpConnection c) {
    if (state == State.OPEN) {
      try {
        endpoint().onWritable();
      } catch (RuntimeException | Error e) {
        failHandler(e);
      }
    }
  }

  /** RFC 6455 §5.5.2: a pong carries the ping's application data; the next waits until this one is written. */
  private void sendPong(ByteBuffer payload) {
    pong = PONG_UNSENT;
    CompletableFuture<Void> written = new CompletableFuture<>();
    written.whenComplete((ok, failed) -> {
      Object waiting = pong;
      pong = null;
      if (failed == null && waiting instanceof ByteBuffer latest && state == State.OPEN) {
        sendPong(latest);
      }
    });
    encodeAndSend(WebSocketProtocol.OPCODE_PONG, payload, null, written);
  }

  private static ByteBuffer copy(ByteBuffer b) {
    ByteBuffer c = ByteBuffer.allocate(b.remaining());
    c.put(b.duplicate()).flip();
    return c;
  }
}
