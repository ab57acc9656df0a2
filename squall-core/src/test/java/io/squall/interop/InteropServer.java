package io.squall.interop;

import io.squall.examples.EchoSocket;
import io.squall.web.Application;

/**
 * A real Squall server on an ephemeral loopback port for one interop test class: {@code /echo} is
 * {@link EchoSocket}, {@code /close/NAME} is a {@link CloseOnRequestSocket} whose close is kept in
 * {@link #closes()}. Stop it with {@link #close()}.
 */
final class InteropServer implements AutoCloseable {
  private final PeerCloses closes = new PeerCloses();
  private final Application app;

  InteropServer() {
    app = Application.builder()
        .route("/echo", EchoSocket.class)
        .route("/close/(\\w+)", () -> new CloseOnRequestSocket(closes))
        .build()
        .listen("127.0.0.1", 0);
  }

  /** {@code ws://127.0.0.1:PORT}, without a path. */
  String baseUrl() {
    return "ws://127.0.0.1:" + app.port();
  }

  PeerCloses closes() {
    return closes;
  }

  @Override
  public void close() {
    app.stop();
  }
}
