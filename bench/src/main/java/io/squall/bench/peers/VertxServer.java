package io.squall.bench.peers;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import java.util.HashSet;
import java.util.Set;

/** Vert.x 5 on one event loop with the native transport preferred, as its docs recommend. */
public final class VertxServer {
  public static void main(String[] args) {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
    Set<ServerWebSocket> room = new HashSet<>(); // touched only by the single event loop
    HttpServerOptions options = new HttpServerOptions().setTcpNoDelay(true).setAcceptBacklog(4096)
        .setMaxWebSocketFrameSize(2 << 20).setMaxWebSocketMessageSize(2 << 20);
    vertx.createHttpServer(options).webSocketHandler(ws -> {
      if (ws.path().startsWith("/broadcast")) {
        room.add(ws);
        ws.closeHandler(v -> room.remove(ws));
        ws.textMessageHandler(msg -> {
          for (ServerWebSocket other : room) {
            if (other != ws) {
              other.writeTextMessage(msg);
            }
          }
        });
      } else {
        ws.textMessageHandler(ws::writeTextMessage);
        ws.binaryMessageHandler(ws::writeBinaryMessage);
      }
    }).listen(Integer.parseInt(args[0]), "127.0.0.1").await();
    System.out.println("listening " + args[0]);
  }
}
