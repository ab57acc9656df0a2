package io.squall.chat;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/** Starts chat servers on an ephemeral 127.0.0.1 port with the bundled page, and waits for conditions. */
final class ChatFixture {
  private ChatFixture() {}

  /** The shipped defaults, bound to 127.0.0.1 on a free port, web root = the bundled page. */
  static ChatOptions options() {
    return ChatOptions.defaults().withHost("127.0.0.1").withPort(0).withWebRoot(TestPaths.webRoot())
        .withCookieSecret("chat-tests");
  }

  static ChatServer start(UnaryOperator<ChatOptions> customize) {
    return new ChatServer(customize.apply(options())).start();
  }

  static String http(ChatServer server, String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  static String ws(ChatServer server) {
    return "ws://127.0.0.1:" + server.port() + "/message";
  }

  /** Polls {@code condition} every 20 ms; fails with {@code what} after {@code timeout}. */
  static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting for: " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Waits until {@code server}'s room holds {@code size} sockets (open() has run for each). */
  static void awaitRoomSize(ChatServer server, int size) {
    await("room size " + size + " (now " + server.room().size() + ")", Duration.ofSeconds(10), () -> server.room().size() == size);
  }
}
