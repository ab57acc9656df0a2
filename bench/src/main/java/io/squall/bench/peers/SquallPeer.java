package io.squall.bench.peers;

import io.squall.examples.BroadcastSocket;
import io.squall.examples.EchoSocket;
import io.squall.ioloop.EventLoopGroup;
import io.squall.web.Application;

/**
 * Squall as the bench runs it: {@code /echo} echoes, {@code /broadcast} relays every text message
 * to every open socket (the example handlers a user would write). One event loop: the server is
 * pinned to one core. Runs until killed.
 */
public final class SquallPeer {
  private SquallPeer() {}

  public static void main(String[] args) {
    int port = PeerArgs.port(args);
    Application.builder()
        .route("/echo", EchoSocket.class)
        .route("/broadcast", BroadcastSocket.class)
        .group(new EventLoopGroup(1, "bench"))
        .build()
        .listen("127.0.0.1", port);
    PeerArgs.ready("squall", port);
  }
}
