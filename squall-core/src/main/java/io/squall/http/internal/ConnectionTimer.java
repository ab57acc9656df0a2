package io.squall.http.internal;

import io.squall.http.HttpLimits;
import io.squall.http.HttpStatus;
import io.squall.ioloop.Cancellable;
import io.squall.net.TcpConnection;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one timer of an {@link HttpConnection}, and what it guards against: a head that arrives too
 * slowly, a keep-alive connection left idle, a body that stops arriving, and a response the client
 * stops reading. One timer, re-armed by kind, so a request costs no more than one.
 *
 * <p>Confined to the connection's loop.
 */
final class ConnectionTimer {
  private static final Logger log = LoggerFactory.getLogger(HttpConnection.class);

  /**
   * HEADERS: the head's deadline. IDLE: between requests. BODY: a pause within a body. RESPONSE: a
   * request is being answered, and its response must keep leaving.
   */
  enum Kind { NONE, HEADERS, IDLE, BODY, RESPONSE }

  private final HttpConnection http;
  private final TcpConnection connection;
  private final HttpLimits limits;
  private final Runnable onTimeout = this::onTimeout;
  private Cancellable timer;
  private Kind kind = Kind.NONE;
  /**
   * While a body arrives, when its last bytes came (read by the BODY timer); while a response is
   * under way, when the RESPONSE check's period began.
   */
  private long markNanos;

  ConnectionTimer(HttpConnection http, TcpConnection connection, HttpLimits limits) {
    this.http = http;
    this.connection = connection;
    this.limits = limits;
  }

  Kind kind() {
    return kind;
  }

  void arm(Kind k) {
    arm(k, timeoutOf(k));
  }

  private void arm(Kind k, Duration delay) {
    cancel();
    kind = k;
    timer = connection.loop().schedule(onTimeout, delay);
  }

  void cancel() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
    kind = Kind.NONE;
  }

  private Duration timeoutOf(Kind k) {
    return k == Kind.HEADERS ? limits.headerTimeout() : limits.idleTimeout();
  }

  /**
   * Body bytes are awaited, or just came: the head's deadline no longer applies (a large upload may
   * take long), but a body that stops arriving for idleTimeout is cut off, as nginx's
   * client_body_timeout does.
   */
  void awaitBody() {
    markNanos = System.nanoTime();
    if (kind != Kind.BODY) {
      arm(Kind.BODY);
    }
  }

  /**
   * From dispatch until the response is finished, a check every idleTimeout that its bytes still
   * leave: a client that stops reading a response (a large file, a stream) is cut off, as nginx's
   * send_timeout does, instead of holding its connection and the unsent bytes forever. A handler
   * that takes long before it writes is not cut off (Tornado does not either). The head's timer,
   * still running at dispatch, becomes the first check, so a request costs no extra timer.
   */
  void watchResponse() {
    markNanos = System.nanoTime();
    connection.outputStalled(); // progress counts from now
    if (timer == null) {
      arm(Kind.RESPONSE);
    } else {
      kind = Kind.RESPONSE;
    }
  }

  private void onTimeout() {
    Kind k = kind;
    Duration after = timeoutOf(k);
    timer = null;
    kind = Kind.NONE;
    if (!connection.isOpen()) {
      return;
    }
    if (k == Kind.BODY) {
      long quiet = System.nanoTime() - markNanos;
      if (quiet < after.toNanos()) { // bytes came meanwhile: wait out the rest of the pause
        arm(Kind.BODY, Duration.ofNanos(after.toNanos() - quiet));
      } else {
        http.rejectAndClose(HttpStatus.REQUEST_TIMEOUT, "No request body bytes received for " + after.toMillis() + " ms.");
      }
    } else if (http.answering()) {
      long period = limits.idleTimeout().toNanos();
      long quiet = System.nanoTime() - markNanos;
      if (quiet < period) { // the head's timer, become the first check, fired before a whole period
        arm(Kind.RESPONSE, Duration.ofNanos(period - quiet));
      } else if (!abortIfStalled()) {
        arm(Kind.RESPONSE);
      }
    } else if (k == Kind.IDLE) {
      if (connection.outboundBytes() > 0) { // the last response is still leaving: not idle yet
        if (!abortIfStalled()) {
          arm(Kind.IDLE);
        }
        return;
      }
      log.debug("Closing idle keep-alive connection {} after {}", connection.remoteAddress(), after);
      connection.close();
    } else if (!http.requestBegun()) {
      log.debug("Closing connection {}: no request within {}", connection.remoteAddress(), after);
      connection.close();
    } else {
      http.rejectAndClose(HttpStatus.REQUEST_TIMEOUT, "Request headers not received within " + after.toMillis() + " ms.");
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
}
