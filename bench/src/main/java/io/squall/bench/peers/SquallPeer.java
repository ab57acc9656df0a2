package io.squall.bench.peers;

import io.squall.examples.BroadcastSocket;
import io.squall.examples.EchoSocket;
import io.squall.ioloop.EventLoopGroup;
import io.squall.web.Application;
import io.squall.web.Settings;
import io.squall.websocket.WebSocketCompression;

/**
 * Squall as the bench runs it: {@code /echo} echoes, {@code /broadcast} relays every text message
 * to every open socket (the example handlers a user would write). One event loop: the server is
 * pinned to one core. permessage-deflate is accepted when a client offers it, with
 * {@link WebSocketCompression#on()}'s defaults: zlib level 6, messages from 64 bytes, no context
 * takeover (the server announces {@code server_no_context_takeover}; it asks for
 * {@code client_no_context_takeover} only of a client that offers it); a client that does not
 * offer compression gets plain frames, as before. Runs until killed.
 */
public final class SquallPeer {
  private SquallPeer() {}

  public static void main(String[] args) {
    int port = PeerArgs.port(args);
    Application.builder()
        .route("/echo", EchoSocket.class)
        .route("/broadcast", BroadcastSocket.class)
        .setting(Settings.WEBSOCKET_COMPRESSION, WebSocketCompression.on())
        .group(new EventLoopGroup(1, "bench"))
        .build()
        .listen("127.0.0.1", port);
    PeerArgs.ready("squall", port);
  }
}
