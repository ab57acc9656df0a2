package io.squall.bench.peers;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Vert.x 5 core with the native epoll transport (Vert.x's advice for Linux), one event loop, no
 * HTTP compression. Echo with the message handlers; broadcast writes to every socket of the list,
 * all on the one event loop that owns them. Vert.x flushes once per read batch by itself.
 *
 * <p>permessage-deflate is accepted when a client offers it. That is Vert.x's default
 * ({@code DEFAULT_PER_MESSAGE_WEBSOCKET_COMPRESSION_SUPPORTED} is true), set explicitly here so the
 * intent shows, with its other defaults (Netty's handshaker underneath): level 6, context
 * takeover kept on both sides (the server does not ask for {@code client_no_context_takeover}, and
 * declines the extension if a client asks for {@code server_no_context_takeover}), every message
 * compressed, no size threshold. A client that does not offer it gets plain frames.
 */
public final class VertxPeer {
  private VertxPeer() {}

  public static void main(String[] args) {
    int port = PeerArgs.port(args);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
    if (!vertx.isNativeTransportEnabled()) {
      System.err.println("vertx: native transport unavailable: " + vertx.unavailableNativeTransportCause());
    }
    List<ServerWebSocket> room = new ArrayList<>(); // touched only by the single event loop
    HttpServerOptions options = new HttpServerOptions()
        .setHost("127.0.0.1").setPort(port).setTcpNoDelay(true).setAcceptBacklog(4096)
        .setMaxWebSocketFrameSize(PeerArgs.MAX_MESSAGE).setMaxWebSocketMessageSize(PeerArgs.MAX_MESSAGE)
        .setPerMessageWebSocketCompressionSupported(true);
    vertx.createHttpServer(options)
        .webSocketHandler(ws -> {
          if (ws.path().startsWith("/broadcast")) {
            room.add(ws);
            ws.closeHandler(v -> room.remove(ws));
            ws.textMessageHandler(msg -> {
              for (int i = 0, n = room.size(); i < n; i++) {
                room.get(i).writeTextMessage(msg);
              }
            });
          } else {
            ws.textMessageHandler(ws::writeTextMessage);
            ws.binaryMessageHandler(ws::writeBinaryMessage);
          }
        })
        .listen()
        .await();
    PeerArgs.ready("vertx", port);
  }
}
