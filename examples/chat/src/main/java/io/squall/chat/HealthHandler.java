package io.squall.chat;

import io.squall.web.RequestHandler;
import io.squall.websocket.WebSocketGroup;

/**
 * {@code /healthz} for load balancers: 200 {@code {"status":"ok","connections":N}} while the server
 * runs; never cached. GET and HEAD (for checks that do not read the body).
 */
public final class HealthHandler extends RequestHandler {
  private final WebSocketGroup room;

  public HealthHandler(WebSocketGroup room) {
    this.room = room;
  }

  @Override
  public void get() {
    setHeader("Cache-Control", "no-store");
    write(new Health("ok", room.size()));
  }

  @Override
  public void head() {
    get();
  }

  /** The body, fields in this order. */
  public record Health(String status, int connections) {}
}
