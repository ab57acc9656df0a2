package io.squall.http.internal;

import io.squall.http.BodyReceiver;
import io.squall.http.HttpException;
import io.squall.http.HttpExchange;
import io.squall.net.TcpConnection;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The body of one request dispatched at its head, on its way to its handler: the limit the handler
 * may change until it takes the body ({@link HttpExchange#streamBody}), then the reading, piece by
 * piece from the parser ({@link BodySink}) to the handler's {@link BodyReceiver}, paused while a
 * stage the receiver returned is pending. What the request's end or failure means for the
 * connection (the answer, the close) is the {@link HttpConnection}'s.
 *
 * <p>Confined to the connection's loop.
 */
final class StreamedBody implements BodySink {
  private static final ByteBuffer NO_BYTES = ByteBuffer.allocate(0).asReadOnlyBuffer();

  final HttpExchange exchange;
  private final HttpConnection http;
  private final RequestParser parser;
  private final ConnectionTimer timer;
  /** This body's limit: the server's until the handler sets another. */
  private long maxBodyBytes;
  /** Set when the handler takes the body; null while only the head is in. */
  private BodyReceiver receiver;
  /** A stage the receiver returned and that is still pending: reading waits for it. */
  private CompletionStage<?> pending;
  /** What the receiver threw, or what its stage failed with. */
  private Throwable failure;

  StreamedBody(HttpConnection http, HttpExchange exchange, RequestParser parser, ConnectionTimer timer, long maxBodyBytes) {
    this.http = http;
    this.exchange = exchange;
    this.parser = parser;
    this.timer = timer;
    this.maxBodyBytes = maxBodyBytes;
  }

  void setMaxBodyBytes(long bytes) {
    if (receiver != null) {
      throw new IllegalStateException("The body of " + exchange.request() + " is already being read: set its limit before streamBody.");
    }
    maxBodyBytes = bytes;
  }

  /** The handler takes the body: it is read from now on, or refused (413) if its length is past the limit. */
  void take(BodyReceiver r) {
    if (receiver != null) {
      throw new IllegalStateException("The body of " + exchange.request() + " is already taken.");
    }
    receiver = r;
    try {
      parser.startBody(maxBodyBytes, this);
    } catch (HttpException e) { // a Content-Length past the limit: 413, without a 100 Continue
      http.rejectAndClose(e.status(), e.getMessage());
      return;
    }
    http.awaitBody();
    if (!http.dispatching()) { // from a later task of the handler: the input waits, saved, for this call
      exchange.connection().resumeReading();
    }
  }

  /**
   * Reads what {@code in} holds of the body into the receiver; true once the body has ended and the
   * connection was told. Until the handler takes the body, nothing is read.
   */
  boolean read(ByteBuffer in) {
    if (receiver == null) {
      return false;
    }
    if (in.hasRemaining()) {
      timer.awaitBody();
    }
    boolean ended;
    try {
      ended = parser.feed(in);
    } catch (HttpException e) { // bad chunked framing, or a chunk past the limit
      in.position(in.limit());
      http.rejectAndClose(e.status(), e.getMessage());
      return false;
    }
    if (!http.reading(this)) { // answered meanwhile: the connection closes, the rest is never read
      return false;
    }
    if (failure != null) { // the rest of the body is never read
      in.position(in.limit());
      http.fail(exchange, failure);
      return false;
    }
    if (pending != null) {
      pause();
      return false;
    }
    if (ended) {
      http.bodyEnded(this, receiver);
    }
    return ended;
  }

  /** Gives a piece to the receiver; false when reading must stop: its stage is pending, or it failed. */
  @Override
  public boolean accept(ByteBuffer piece) {
    CompletionStage<?> stage;
    try {
      stage = receiver.onData(piece);
    } catch (RuntimeException | Error e) {
      failure = e;
      return false;
    }
    if (!http.reading(this)) { // the receiver answered: the rest of the body is never read
      return false;
    }
    if (stage == null) {
      return true;
    }
    CompletableFuture<?> f = stage.toCompletableFuture();
    if (!f.isDone()) {
      pending = stage;
    } else if (f.isCompletedExceptionally()) {
      failure = unwrap(f.handle((v, e) -> e).join());
    }
    return pending == null && failure == null;
  }

  /** Stops reading until the pending stage completes; the pause is the handler's, so the body's idle timer stops too. */
  private void pause() {
    CompletionStage<?> stage = pending;
    pending = null;
    exchange.connection().pauseReading();
    timer.watchResponse();
    // Always a fresh loop task: a stage completing right now must not re-enter the parser's feed.
    stage.whenComplete((v, e) -> exchange.loop().execute(() -> resume(e)));
  }

  private void resume(Throwable stageFailure) {
    if (!http.reading(this)) {
      return;
    }
    if (stageFailure != null) {
      http.fail(exchange, unwrap(stageFailure));
      return;
    }
    timer.awaitBody();
    TcpConnection c = exchange.connection();
    http.onData(c, NO_BYTES); // the last piece may have ended the body: no input would come to say so
    if (http.serving()) {
      c.resumeReading(); // the bytes saved when reading paused, then the socket
    }
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }
}
