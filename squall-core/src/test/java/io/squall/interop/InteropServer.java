package io.squall.interop;

import io.squall.examples.EchoSocket;
import io.squall.web.Application;
import io.squall.web.Settings;
import io.squall.websocket.WebSocketCompression;
import io.squall.websocket.WebSocketHandler;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A real Squall server on an ephemeral loopback port for one interop test class: {@code /echo} is
 * {@link EchoSocket}, {@code /close/NAME} is a {@link CloseOnRequestSocket} whose close is kept in
 * {@link #closes()}. Stop it with {@link #close()}. A compressing server accepts permessage-deflate
 * on every socket and counts the sockets that agreed to it.
 */
final class InteropServer implements AutoCloseable {
  private final PeerCloses closes = new PeerCloses();
  private final AtomicInteger compressedEchoes = new AtomicInteger();
  private final AtomicInteger plainEchoes = new AtomicInteger();
  private final Application app;

  InteropServer() {
    this(false);
  }

  InteropServer(boolean compressing) {
    Supplier<WebSocketHandler> echo = compressing ? CountingEchoSocket::new : EchoSocket::new;
    Application.Builder b = Application.builder()
        .route("/echo", echo)
        .route("/close/(\\w+)", () -> new CloseOnRequestSocket(closes));
    if (compressing) {
      b.setting(Settings.WEBSOCKET_COMPRESSION, WebSocketCompression.on());
    }
    app = b.build().listen("127.0.0.1", 0);
  }

  /** {@link EchoSocket}, counting whether each socket agreed to compression. */
  private final class CountingEchoSocket extends EchoSocket {
    @Override
    public void open() {
      (isCompressed() ? compressedEchoes : plainEchoes).incrementAndGet();
    }
  }

  /** Sockets on {@code /echo} of a compressing server that agreed to permessage-deflate. */
  int compressedEchoes() {
    return compressedEchoes.get();
  }

  /** Sockets on {@code /echo} of a compressing server that did not. */
  int plainEchoes() {
    return plainEchoes.get();
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
