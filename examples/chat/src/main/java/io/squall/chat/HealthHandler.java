package io.squall.chat;

import io.squall.web.RequestHandler;
import java.util.Map;

/** {@code /healthz} for load balancers: 200 with a small JSON status while the server runs. */
public final class HealthHandler extends RequestHandler {
  @Override
  public void get() {
    setHeader("Cache-Control", "no-store");
    write(Map.of("status", "ok"));
  }
}
