package io.squall.chat;

import io.squall.pubsub.Broker;
import io.squall.web.RequestHandler;
import io.squall.websocket.WebSocketGroup;

/**
 * {@code /healthz} for load balancers: 200 {@code {"status":"ok","connections":N,"broker":"redis"}}
 * while the server runs; never cached. GET and HEAD (for checks that do not read the body).
 * {@code connections} counts this process's sockets. {@code broker} is {@code "none"} for a chat on
 * its own; when its broker is unreachable the status is {@code "degraded"}, still with 200: the
 * process goes on serving its own clients, and taking every process out of the pool because Redis
 * is down would stop the whole chat.
 */
public final class HealthHandler extends RequestHandler {
  private final WebSocketGroup room;

  public HealthHandler(WebSocketGroup room) {
    this.room = room;
  }

  @Override
  public void get() {
    setHeader("Cache-Control", "no-store");
    String broker = room.broker().map(Broker::name).orElse("none");
    boolean reachable = room.broker().map(Broker::isConnected).orElse(true);
    write(new Health(reachable ? "ok" : "degraded", room.size(), broker));
  }

  @Override
  public void head() {
    get();
  }

  /** The body, fields in this order. */
  public record Health(String status, int connections, String broker) {}
}
