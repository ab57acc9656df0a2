package io.squall.chat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Starts the chat on a free loopback port with the bundled page, for one test. */
final class ChatFixture implements AutoCloseable {
  final ChatServer server;

  ChatFixture(List<String> trustedProxies) {
    this.server = new ChatServer(ChatOptions.defaults()
        .withHost("127.0.0.1").withPort(0).withCookieSecret("test-secret")
        .withTrustedProxies(trustedProxies).withWebRoot(webRoot())).start();
  }

  /** examples/chat/web, whether the test runs from the module or the repository root. */
  static Path webRoot() {
    Path here = Path.of("web");
    return Files.isDirectory(here) ? here.toAbsolutePath() : Path.of("examples", "chat", "web").toAbsolutePath();
  }

  int port() {
    return server.port();
  }

  String http(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  String ws(String path) {
    return "ws://127.0.0.1:" + port() + path;
  }

  /** Waits (bounded) until {@code n} sockets are in the room. */
  void awaitConnected(int n) throws InterruptedException {
    for (int i = 0; i < 500 && server.connected() != n; i++) {
      Thread.sleep(10);
    }
    if (server.connected() != n) {
      throw new AssertionError("expected " + n + " chat sockets, have " + server.connected());
    }
  }

  @Override
  public void close() {
    server.stop();
  }
}
