package io.squall.http;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * A real {@link HttpServer} on an ephemeral loopback port for one test class, with the handlers
 * the HTTP integration tests share. Every request's method and target are recorded in {@link
 * #seen} before it is answered, so a test can prove that a smuggled request never reached a
 * handler. Stop it with {@link #close()}.
 */
final class TestHttpServer implements AutoCloseable {
  static final int BIG_BODY_BYTES = 64 * 1024;

  /** "METHOD target" of every request a handler received, in order. */
  final List<String> seen = new CopyOnWriteArrayList<>();
  /** The most response bytes a connection had queued, unsent, right after a {@code /big} answer. */
  final AtomicLong maxOutboundBytes = new AtomicLong();
  final HttpServer server;
  final int port;

  private TestHttpServer(UnaryOperator<HttpServer.Builder> configure) {
    this.server = configure.apply(HttpServer.builder(this::handle)).build();
    this.port = server.listen("127.0.0.1", 0).getPort();
  }

  static TestHttpServer start() {
    return new TestHttpServer(b -> b);
  }

  static TestHttpServer start(HttpLimits limits) {
    return new TestHttpServer(b -> b.limits(limits));
  }

  static TestHttpServer start(UnaryOperator<HttpServer.Builder> configure) {
    return new TestHttpServer(configure);
  }

  RawHttpClient connect() throws IOException {
    return RawHttpClient.connect(port);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /**
   * The shared routes. {@code /echo}: "METHOD target body". {@code /stream}: "Hello", ", ",
   * "world" as three body parts with no Content-Length. {@code /later}: answers 100 ms later from a
   * loop timer (recording "finish", or "failed" when answering throws). {@code /client}: the client address and scheme. {@code /big}: 64 KiB of zeros. {@code /bye}: "Bye" with
   * {@code Connection: close}. {@code /boom}: throws. Anything
   * else: "Hello, world".
   */
  private void handle(HttpExchange exchange) {
    HttpRequest request = exchange.request();
    seen.add(request.method() + " " + request.uri());
    switch (request.path()) {
      case "/echo" -> exchange.respond(200, text(),
          (request.method() + " " + request.uri() + " " + new String(request.body(), StandardCharsets.UTF_8))
              .getBytes(StandardCharsets.UTF_8));
      case "/stream" -> {
        exchange.sendHeaders(200, text());
        for (String part : List.of("Hello", ", ", "world")) {
          exchange.sendBody(ByteBuffer.wrap(part.getBytes(StandardCharsets.US_ASCII)));
        }
        exchange.finish();
      }
      case "/later" -> exchange.loop().schedule(() -> {
        seen.add("finish " + request.uri());
        try {
          exchange.respond(200, text(), ("later " + request.uri()).getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
          seen.add("failed " + e);
          throw e;
        }
      }, Duration.ofMillis(100));
      case "/client" -> exchange.respond(200, text(),
          ("ip=" + request.remoteIp() + " proto=" + request.protocol() + " peer="
              + request.peerAddress().getAddress().getHostAddress()).getBytes(StandardCharsets.UTF_8));
      case "/big" -> {
        exchange.respond(200, text(), new byte[BIG_BODY_BYTES]);
        maxOutboundBytes.accumulateAndGet(exchange.connection().outboundBytes(), Math::max);
      }
      case "/bye" -> exchange.respond(200, text().set("Connection", "close"), "Bye".getBytes(StandardCharsets.UTF_8));
      case "/boom" -> throw new IllegalStateException("boom (expected by the test)");
      default -> exchange.respond(200, text(), "Hello, world".getBytes(StandardCharsets.UTF_8));
    }
  }

  static Headers text() {
    return new Headers().set("Content-Type", "text/plain; charset=UTF-8");
  }

  @Override
  public void close() {
    server.stop(Duration.ofSeconds(2));
  }
}
