package io.squall.http.internal;

import io.squall.http.Headers;
import io.squall.http.HttpException;
import io.squall.http.HttpExchange;
import io.squall.http.HttpHandler;
import io.squall.http.HttpLimits;
import io.squall.http.HttpRequest;
import io.squall.http.HttpStatus;
import io.squall.http.TrustedProxies;
import io.squall.ioloop.Cancellable;
import io.squall.net.ConnectionHandler;
import io.squall.net.TcpConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP/1.1 on one connection: parses requests incrementally, answers them one at a time in order
 * (pipelined requests wait, unread, until the previous response is finished and the outbound queue
 * is below its high-water mark), and guards against slow heads, stalled bodies, responses the
 * client stops reading, and idle keep-alive connections.
 *
 * <p>Confined to the connection's loop.
 */
public final class HttpConnection implements ConnectionHandler {
  private static final Logger log = LoggerFactory.getLogger(HttpConnection.class);
  private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  /**
   * What every connection of one server shares; {@code compressResponses}: every exchange may go
   * gzip-encoded ({@link HttpExchange#compressIfAccepted}).
   */
  public record Config(HttpHandler handler, HttpLimits limits, TrustedProxies proxies, String scheme, boolean compressResponses) {}

  private final Config config;
  private final RequestParser parser;
  private TcpConnection connection;
  private HttpExchange current;
  private Cancellable timer;
  private boolean continueSent;
  private boolean shuttingDown;
  /** Set once a response ended with "close" or a request was rejected: later input is discarded. */
  private boolean closing;
  private TimerKind timerKind = TimerKind.NONE;
  /**
   * While a body arrives, when its last bytes came (read by the BODY timer); while a response is
   * under way, when the RESPONSE check's period began.
   */
  private long markNanos;
  private final Runnable onExchangeFinished = this::exchangeFinished;
  private final Runnable onTimeout = this::onTimeout;

  public HttpConnection(Config config) {
    this.config = config;
    this.parser = new RequestParser(config.limits());
  }

  @Override
  public void onAttach(TcpConnection c) {
    this.connection = c;
    // RFC 9112 §9.3: nothing sent yet counts as slow headers too.
    armTimer(TimerKind.HEADERS);
  }

  @Override
  public void onData(TcpConnection c, ByteBuffer in) {
    // Above the high-water mark, pipelined requests wait unread: a client that does not read its
    // answers cannot make the server queue them without bound.
    while (in.hasRemaining() && current == null && !closing && c.isWritable() && c.isOpen()) {
      if (timerKind == TimerKind.IDLE) {
        armTimer(TimerKind.HEADERS);
      }
      boolean complete;
      try {
        complete = parser.feed(in);
      } catch (HttpException e) {
        in.position(in.limit());
        rejectAndClose(e.status(), e.getMessage());
        return;
      }
      if (!complete) {
        if (parser.headComplete()) {
          awaitBody(c);
        }
        return;
      }
      watchResponse();
      dispatch(c);
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

  /**
   * The head is in, the body is not: the head's deadline no longer applies (a large upload may take
   * long), but a body that stops arriving for idleTimeout is cut off, as nginx's
   * client_body_timeout does.
   */
  private void awaitBody(TcpConnection c) {
    markNanos = System.nanoTime();
    if (timerKind != TimerKind.BODY) {
      armTimer(TimerKind.BODY);
    }
    if (parser.expectsContinue() && !continueSent) {
      continueSent = true;
      c.write(ByteBuffer.wrap(CONTINUE), null);
    }
  }

  private void dispatch(TcpConnection c) {
    Headers headers = parser.headers();
    TrustedProxies proxies = config.proxies();
    var peer = c.remoteAddress();
    String remoteIp = SharedStrings.of(
        proxies.remoteIp(peer.getAddress(), headers.get("X-Real-IP"), headers.getAll("X-Forwarded-For")));
    String scheme = proxies.scheme(peer.getAddress(), headers.get("X-Forwarded-Proto"), headers.get("X-Scheme"), config.scheme());
    HttpRequest request = new HttpRequest(
        parser.method(), parser.target(), parser.version(), headers, parser.body(), peer, remoteIp, scheme);
    boolean keepAlive = parser.keepAlive() && !shuttingDown;
    current = new HttpExchange(request, c, keepAlive, onExchangeFinished);
    if (config.compressResponses()) {
      current.compressIfAccepted();
    }
    HttpExchange exchange = current;
    try {
      config.handler().handle(exchange);
    } catch (HttpException e) {
      failExchange(exchange, e.status(), e.getMessage());
    } catch (RuntimeException | Error e) {
      log.error("Uncaught exception for {}", request, e);
      failExchange(exchange, HttpStatus.INTERNAL_SERVER_ERROR, HttpStatus.reasonPhrase(500));
    }
  }

  private void failExchange(HttpExchange exchange, int status, String message) {
    if (exchange.isFinished()) {
      return;
    }
    if (exchange.headersSent()) {
      connection.abort(null);
      return;
    }
    exchange.respond(status, plainHeaders(), errorBody(status, message));
  }

  private void exchangeFinished() {
    HttpExchange done = current;
    if (done == null) { // the connection closed under a slow handler, which has now answered
      return;
    }
    current = null;
    continueSent = false;
    parser.reset();
    if (done.isUpgraded()) {
      cancelTimer();
      return;
    }
    if (!connection.isOpen() || !done.keepAlive()) {
      closing = true;
      cancelTimer();
      return;
    }
    armTimer(TimerKind.IDLE);
    connection.resumeReading();
  }

  /** Answers a request we could not parse, then closes: the stream position is unknown. */
  private void rejectAndClose(int status, String message) {
    closing = true;
    cancelTimer();
    log.debug("Rejecting request from {} with {}: {}", connection.remoteAddress(), status, message);
    Headers h = plainHeaders().set("Connection", "close");
    byte[] body = errorBody(status, message);
    h.set("Content-Length", Integer.toString(body.length));
    StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(HttpStatus.reasonPhrase(status)).append("\r\n");
    h.set("Date", HttpDates.now()).set("Server", HttpExchange.SERVER_NAME);
    h.forEach((n, v) -> sb.append(n).append(": ").append(v).append("\r\n"));
    sb.append("\r\n");
    connection.write(ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.ISO_8859_1)), null);
    connection.write(ByteBuffer.wrap(body), null);
    connection.close();
  }

  static Headers plainHeaders() {
    return new Headers().set("Content-Type", "text/plain; charset=UTF-8");
  }

  static byte[] errorBody(int status, String message) {
    return (status + " " + HttpStatus.reasonPhrase(status) + ": " + message + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * HEADERS: the head's deadline. IDLE: between requests. BODY: a pause within a body. RESPONSE: a
   * request is being answered, and its response must keep leaving.
   */
  private enum TimerKind { NONE, HEADERS, IDLE, BODY, RESPONSE }

  private Duration timeoutOf(TimerKind kind) {
    return kind == TimerKind.HEADERS ? config.limits().headerTimeout() : config.limits().idleTimeout();
  }

  private void armTimer(TimerKind kind) {
    armTimer(kind, timeoutOf(kind));
  }

  private void armTimer(TimerKind kind, Duration delay) {
    cancelTimer();
    timerKind = kind;
    timer = connection.loop().schedule(onTimeout, delay);
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
    timerKind = TimerKind.NONE;
  }

  /**
   * From dispatch until the response is finished, a check every idleTimeout that its bytes still
   * leave: a client that stops reading a response (a large file, a stream) is cut off, as nginx's
   * send_timeout does, instead of holding its connection and the unsent bytes forever. A handler
   * that takes long before it writes is not cut off (Tornado does not either). The head's timer,
   * still running at dispatch, becomes the first check, so a request costs no extra timer.
   */
  private void watchResponse() {
    markNanos = System.nanoTime();
    connection.outputStalled(); // progress counts from now
    if (timer == null) {
      armTimer(TimerKind.RESPONSE);
    } else {
      timerKind = TimerKind.RESPONSE;
    }
  }

  private void onTimeout() {
    TimerKind kind = timerKind;
    Duration after = timeoutOf(kind);
    timer = null;
    timerKind = TimerKind.NONE;
    if (!connection.isOpen()) {
      return;
    }
    if (current != null) {
      long period = config.limits().idleTimeout().toNanos();
      long quiet = System.nanoTime() - markNanos;
      if (quiet < period) { // the head's timer, become the first check, fired before a whole period
        armTimer(TimerKind.RESPONSE, Duration.ofNanos(period - quiet));
      } else if (!abortIfStalled()) {
        armTimer(TimerKind.RESPONSE);
      }
    } else if (kind == TimerKind.IDLE) {
      if (connection.outboundBytes() > 0) { // the last response is still leaving: not idle yet
        if (!abortIfStalled()) {
          armTimer(TimerKind.IDLE);
        }
        return;
      }
      log.debug("Closing idle keep-alive connection {} after {}", connection.remoteAddress(), after);
      connection.close();
    } else if (kind == TimerKind.BODY) {
      long quiet = System.nanoTime() - markNanos;
      if (quiet < after.toNanos()) { // bytes came meanwhile: wait out the rest of the pause
        armTimer(TimerKind.BODY, Duration.ofNanos(after.toNanos() - quiet));
      } else {
        rejectAndClose(HttpStatus.REQUEST_TIMEOUT, "No request body bytes received for " + after.toMillis() + " ms.");
      }
    } else if (parser.bufferedBytes() == 0 && !parser.headComplete()) {
      log.debug("Closing connection {}: no request within {}", connection.remoteAddress(), after);
      connection.close();
    } else {
      rejectAndClose(HttpStatus.REQUEST_TIMEOUT, "Request headers not received within " + after.toMillis() + " ms.");
    }
  }

  /** Aborts the connection when none of its response left since the last check; starts the next period otherwise. */
  private boolean abortIfStalled() {
    long quietMillis = (System.nanoTime() - markNanos) / 1_000_000;
    markNanos = System.nanoTime();
    if (!connection.outputStalled()) {
      return false;
    }
    log.debug("Aborting {}: the client read none of its response for {} ms", connection.remoteAddress(), quietMillis);
    connection.abort(new IOException("The client read none of its response for " + quietMillis + " ms."));
    return true;
  }

  @Override
  public void onWritable(TcpConnection c) {
    if (current == null && !closing) {
      c.resumeReading();
    }
  }

  @Override
  public void onEndOfStream(TcpConnection c) {
    if (current == null) {
      c.close();
    } else {
      current.closeAfterResponse();
    }
  }

  @Override
  public void onServerShutdown(TcpConnection c) {
    shuttingDown = true;
    if (current == null) {
      cancelTimer();
      c.close();
    } else {
      current.closeAfterResponse();
    }
  }

  @Override
  public void onClosed(TcpConnection c, Throwable cause) {
    cancelTimer();
    current = null;
  }
}
