package io.squall.websocket.internal;

import io.squall.ioloop.Cancellable;
import io.squall.ioloop.EventLoop;
import io.squall.websocket.CloseCode;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Pings the peer every interval and closes the session when a pong is missing for longer than the
 * timeout (Tornado 6.5's keepalive: code 1000, reason "ping timed out"). Confined to the session's loop.
 */
public final class KeepAlive {
  /** Interval zero disables pings; the timeout defaults to the interval and is capped at it. */
  public record Settings(Duration interval, Duration timeout) {
    public static final Settings OFF = new Settings(Duration.ZERO, Duration.ZERO);

    public boolean enabled() {
      return interval != null && !interval.isZero() && !interval.isNegative();
    }

    Duration effectiveTimeout() {
      if (timeout == null || timeout.isZero() || timeout.compareTo(interval) > 0) {
        return interval;
      }
      return timeout;
    }
  }

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final WebSocketSession session;
  private final Settings settings;
  private Cancellable ticker;
  private Cancellable deadline;

  KeepAlive(WebSocketSession session, Settings settings) {
    this.session = session;
    this.settings = settings;
  }

  void start(EventLoop loop) {
    ticker = loop.scheduleAtFixedRate(() -> ping(loop), settings.interval(), settings.interval());
  }

  private void ping(EventLoop loop) {
    if (!session.isOpen() || deadline != null) {
      return;
    }
    session.send(WebSocketProtocol.OPCODE_PING, EMPTY.duplicate());
    deadline = loop.schedule(() -> {
      deadline = null;
      session.close(CloseCode.NORMAL.code(), "ping timed out");
    }, settings.effectiveTimeout());
  }

  /** Any pong, solicited or not, proves the peer alive (as in Tornado). */
  void pongReceived() {
    if (deadline != null) {
      deadline.cancel();
      deadline = null;
    }
  }

  void stop() {
    if (ticker != null) {
      ticker.cancel();
    }
    pongReceived();
  }
}
