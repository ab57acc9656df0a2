package io.squall.websocket;

import io.squall.web.Application;
import io.squall.web.RequestHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** An application on an ephemeral loopback port for one test class; stop it with close(). */
final class TestServer implements AutoCloseable {
  final Application app;

  private TestServer(Application app) {
    this.app = app.listen("127.0.0.1", 0);
  }

  static Builder builder() {
    return new Builder();
  }

  int port() {
    return app.port();
  }

  String url(String path) {
    return "ws://127.0.0.1:" + port() + path;
  }

  @Override
  public void close() {
    app.stop();
  }

  static final class Builder {
    private final Application.Builder b = Application.builder();
    private final Map<String, Object> settings = new LinkedHashMap<>();

    Builder route(String pattern, Supplier<? extends RequestHandler> factory) {
      b.route(pattern, factory);
      return this;
    }

    Builder route(String pattern, Class<? extends RequestHandler> type) {
      b.route(pattern, type);
      return this;
    }

    Builder setting(String key, Object value) {
      settings.put(key, value);
      return this;
    }

    TestServer start() {
      return new TestServer(b.settings(settings).build());
    }
  }
}
