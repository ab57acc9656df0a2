package io.squall.http.internal;

import io.squall.http.BodyReceiver;
import io.squall.http.Headers;
import io.squall.http.HttpException;
import io.squall.http.HttpExchange;
import io.squall.http.HttpHandler;
import io.squall.http.HttpLimits;
import io.squall.http.HttpRequest;
import io.squall.http.HttpStatus;
import io.squall.http.TrustedProxies;
import io.squall.http.internal.ConnectionTimer.Kind;
import io.squall.net.ConnectionHandler;
import io.squall.net.TcpConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP/1.1 on one connection: parses requests incrementally, answers them one at a time in order
 * (pipelined requests wait, unread, until the previous response is finished and the outbound queue
 * is below its high-water mark), and guards against slow heads, stalled bodies, responses the
 * client stops reading, and idle keep-alive connections ({@link ConnectionTimer}). A request whose
 * handler takes its body as a stream ({@link HttpHandler#streamsBody}) is dispatched at its head,
 * and its body read as the handler's {@link BodyReceiver} asks ({@link StreamedBody}).
 *
 * <p>Confined to the connection's loop.
 */
public final class HttpConnection implements ConnectionHandler, ExchangeOwner {
  private static final Logger log = LoggerFactory.getLogger(HttpConnection.class);
  private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  /**
   * What every connection of one server shares; {@code compressResponses}: every exchange may go
   * gzip-encoded ({@link HttpExchange#compressIfAccepted}); {@code decompressRequests}: a buffered
   * gzip body is decoded first ({@link RequestDecoding}).
   */
  public record Config(HttpHandler handler, HttpLimits limits, TrustedProxies proxies, String scheme,
      boolean compressResponses, boolean decompressRequests) {}

  private final Config config;
  private final RequestParser parser;
  private TcpConnection connection;
  private ConnectionTimer timer;
  private HttpExchange current;
  /**
   * The current request's body while its handler takes it as a stream: set when the request is
   * dispatched at its head, cleared once the body has ended (or the exchange with it).
   */
  private StreamedBody streamed;
  /** Run if the connection closes before the current exchange is finished; set by its handler. */
  private Runnable onClose;
  /** Set while handler code runs from {@link #onData}, which reads on once it returns. */
  private boolean dispatching;
  private boolean continueSent;
  private boolean shuttingDown;
  /** Set once a response ended with "close" or a request was rejected: later input is discarded. */
  private boolean closing;

  public HttpConnection(Config config) {
    this.config = config;
    this.parser = new RequestParser(config.limits());
  }

  @Override
  public void onAttach(TcpConnection c) {
    this.connection = c;
    this.timer = new ConnectionTimer(this, c, config.limits());
    // RFC 9112 §9.3: nothing sent yet counts as slow headers too.
    timer.arm(Kind.HEADERS);
  }

  @Override
  public void onData(TcpConnection c, ByteBuffer in) {
    while (!closing && c.isOpen()) {
      if (streamed != null) { // read as its handler asks, once it has taken it
        if (streamed.read(in)) {
          continue;
        }
        break; // paused, waiting or failed: the input stays for later (or is dropped when closing)
      }
      // Above the high-water mark, pipelined requests wait unread: a client that does not read its
      // answers cannot make the server queue them without bound.
      if (!in.hasRemaining() || current != null || !c.isWritable()) {
        break;
      }
      if (timer.kind() == Kind.IDLE) {
        timer.arm(Kind.HEADERS);
      }
      boolean complete;
      byte[] body;
      try {
        if (!parser.headComplete()) {
          if (!parser.feedHead(in)) {
            return;
          }
          if (parser.bodyDeclared() && dispatchedAtHead(c)) {
            continue;
          }
        }
        complete = parser.feed(in);
        body = !complete ? null
            : config.decompressRequests() ? RequestDecoding.gunzip(parser.headers(), parser.body(), config.limits().maxBodyBytes())
            : parser.body();
      } catch (HttpException e) {
        in.position(in.limit());
        rejectAndClose(e.status(), e.getMessage());
        return;
      }
      if (!complete) {
        awaitBody();
        return;
      }
      timer.watchResponse();
      current = newExchange(newRequest(c, body), c);
      invoke(current, null);
      if (c.handler() != this) {
        // Upgraded: bytes the client sent right after the request belong to the new protocol.
        if (in.hasRemaining() && c.isOpen()) {
          c.handler().onData(c, in);
        }
        return;
      }
    }
    if (closing) {
      // RFC 9112 §9.6: after a response with "close" no further request is processed.
      in.position(in.limit());
    }
  }

  /** The head is in, the body is not (all): its idle timer runs, and a client that asked may send it. */
  void awaitBody() {
    timer.awaitBody();
    // RFC 9110 §10.1.1: the server reads the body; a client waiting for leave to send it gets it.
    if (parser.expectsContinue() && !continueSent) {
      continueSent = true;
      connection.write(ByteBuffer.wrap(CONTINUE), null);
    }
  }

  private HttpExchange newExchange(HttpRequest request, TcpConnection c) {
    HttpExchange exchange = new HttpExchange(request, c, parser.keepAlive() && !shuttingDown, this);
    if (config.compressResponses()) {
      exchange.compressIfAccepted();
    }
    return exchange;
  }

  private HttpRequest newRequest(TcpConnection c, byte[] body) {
    Headers headers = parser.headers();
    TrustedProxies proxies = config.proxies();
    var peer = c.remoteAddress();
    String remoteIp;
    String scheme;
    if (c.isUnixDomain()) {
      remoteIp = SharedStrings.of(proxies.unixPeerRemoteIp(headers.get("X-Real-IP"), headers.getAll("X-Forwarded-For")));
      scheme = proxies.unixPeerScheme(headers.get("X-Forwarded-Proto"), headers.get("X-Scheme"), config.scheme());
    } else {
      remoteIp = SharedStrings.of(
          proxies.remoteIp(peer.getAddress(), headers.get("X-Real-IP"), headers.getAll("X-Forwarded-For")));
      scheme = proxies.scheme(peer.getAddress(), headers.get("X-Forwarded-Proto"), headers.get("X-Scheme"), config.scheme());
    }
    return new HttpRequest(parser.method(), parser.target(), parser.version(), headers, body, peer, remoteIp, scheme);
  }

  /**
   * Asks the handler whether it takes the body of the request whose head just came as a stream;
   * if so, dispatches the request now, its body unread, and returns true.
   */
  private boolean dispatchedAtHead(TcpConnection c) {
    HttpRequest request = newRequest(c, null);
    boolean streams;
    try {
      streams = config.handler().streamsBody(request);
    } catch (RuntimeException | Error e) {
      if (e instanceof HttpException) {
        throw e;
      }
      log.error("Uncaught exception in streamsBody for {}", request, e);
      throw new HttpException(HttpStatus.INTERNAL_SERVER_ERROR, HttpStatus.reasonPhrase(500));
    }
    if (!streams) {
      return false;
    }
    current = newExchange(request, c);
    streamed = new StreamedBody(this, current, parser, timer, config.limits().maxBodyBytes());
    timer.watchResponse(); // until the handler takes the body, the wait is its own, as for any answer
    invoke(current, null);
    return true;
  }

  /** Runs the handler on {@code exchange}, or with {@code ended} the end of its streamed body; a throw fails the exchange. */
  private void invoke(HttpExchange exchange, BodyReceiver ended) {
    dispatching = true;
    try {
      if (ended == null) {
        config.handler().handle(exchange);
      } else {
        ended.onEnd();
      }
    } catch (RuntimeException | Error e) {
      fail(exchange, e);
    } finally {
      dispatching = false;
    }
  }

  /** Answers a failure of handler code: an HttpException with its status, anything else 500 (or an abort once the headers went out). */
  void fail(HttpExchange exchange, Throwable e) {
    int status = e instanceof HttpException h ? h.status() : HttpStatus.INTERNAL_SERVER_ERROR;
    if (!(e instanceof HttpException)) {
      log.error("Uncaught exception for {}", exchange.request(), e);
    }
    if (exchange.isFinished()) {
      return;
    }
    if (exchange.headersSent()) {
      connection.abort(null);
      return;
    }
    String message = e instanceof HttpException ? e.getMessage() : HttpStatus.reasonPhrase(status);
    exchange.respond(status, ErrorAnswers.plainHeaders(), ErrorAnswers.body(status, message));
  }

  @Override
  public void exchangeFinished(HttpExchange done) {
    if (done != current) { // the connection closed under a slow handler, which has now answered
      return;
    }
    boolean bodyUnread = streamed != null;
    current = null;
    streamed = null;
    onClose = null;
    continueSent = false;
    if (bodyUnread) { // the exchange sent "close" (see bodyUnread); the parser may be mid-feed, so it is left as it is
      closing = true;
      timer.cancel();
      return;
    }
    parser.reset();
    if (done.isUpgraded()) {
      timer.cancel();
      return;
    }
    if (!connection.isOpen() || !done.keepAlive()) {
      closing = true;
      timer.cancel();
      return;
    }
    timer.arm(Kind.IDLE);
    connection.resumeReading();
  }

  @Override
  public boolean bodyUnread(HttpExchange exchange) {
    return exchange == current && streamed != null;
  }

  @Override
  public void onConnectionClose(HttpExchange exchange, Runnable callback) {
    if (exchange == current) {
      onClose = callback;
    }
  }

  @Override
  public void setMaxBodyBytes(HttpExchange exchange, long bytes) {
    unreadBodyOf(exchange).setMaxBodyBytes(bytes);
  }

  @Override
  public void streamBody(HttpExchange exchange, BodyReceiver receiver) {
    unreadBodyOf(exchange).take(receiver);
  }

  private StreamedBody unreadBodyOf(HttpExchange exchange) {
    if (exchange != current || streamed == null) {
      throw new IllegalStateException("The body of " + exchange.request() + (exchange.request().isBodyStreamed()
          ? " has been read." : " was read whole before its handler ran (see HttpHandler.streamsBody)."));
    }
    return streamed;
  }

  /** The streamed body has ended: the handler answers now, and the answer may keep the connection. */
  void bodyEnded(StreamedBody body, BodyReceiver receiver) {
    streamed = null;
    timer.watchResponse();
    invoke(body.exchange, receiver);
  }

  /** Whether handler code runs from {@link #onData}, which reads on once it returns. */
  boolean dispatching() {
    return dispatching;
  }

  /** Whether this connection still serves requests: open, and not closing after an answer. */
  boolean serving() {
    return !closing && connection.isOpen();
  }

  /** Whether {@code body} is still being read: its exchange goes on and the connection serves. */
  boolean reading(StreamedBody body) {
    return streamed == body && serving();
  }

  /** Whether a request is being answered (its response, or a streamed body, is under way). */
  boolean answering() {
    return current != null;
  }

  /** Whether any byte of the next request has come. */
  boolean requestBegun() {
    return parser.bufferedBytes() > 0 || parser.headComplete();
  }

  /**
   * Answers a request we could not parse, or whose streamed body failed, then closes: the stream
   * position is unknown. A response already begun is cut off instead.
   */
  void rejectAndClose(int status, String message) {
    closing = true;
    timer.cancel();
    if (current != null && current.headersSent()) {
      connection.abort(new IOException(message));
      return;
    }
    log.debug("Rejecting request from {} with {}: {}", connection.remoteAddress(), status, message);
    ErrorAnswers.sendAndClose(connection, status, message);
  }

  @Override
  public void onWritable(TcpConnection c) {
    if (current == null && !closing) {
      c.resumeReading();
    }
  }

  @Override
  public void onEndOfStream(TcpConnection c) {
    if (current == null || streamed != null) { // a body cut short can never end: no request to answer
      c.close();
    } else {
      current.closeAfterResponse();
    }
  }

  @Override
  public void onServerShutdown(TcpConnection c) {
    shuttingDown = true;
    if (current == null) {
      timer.cancel();
      c.close();
    } else {
      current.closeAfterResponse();
    }
  }

  @Override
  public void onClosed(TcpConnection c, Throwable cause) {
    timer.cancel();
    HttpExchange cut = current;
    Runnable callback = onClose;
    current = null;
    streamed = null;
    onClose = null;
    if (callback != null && cut != null && !cut.isFinished()) {
      try {
        callback.run();
      } catch (RuntimeException | Error e) {
        log.error("Connection-close callback failed for {}", cut.request(), e);
      }
    }
  }
}
