package io.squall.bench.peers;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/** Jetty 12 core WebSocket (no servlets), auto-demanding listeners, non-blocking sends. */
public final class JettyServer {
  static final Set<Session> ROOM = ConcurrentHashMap.newKeySet();

  /** Echoes text and binary. */
  public static class Echo implements Session.Listener.AutoDemanding {
    Session session;

    @Override
    public void onWebSocketOpen(Session s) {
      session = s;
    }

    @Override
    public void onWebSocketText(String message) {
      session.sendText(message, Callback.NOOP);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, org.eclipse.jetty.websocket.api.Callback callback) {
      ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload).flip();
      callback.succeed();
      session.sendBinary(copy, Callback.NOOP);
    }
  }

  /** Relays text to every other member. */
  public static final class Relay extends Echo {
    @Override
    public void onWebSocketOpen(Session s) {
      super.onWebSocketOpen(s);
      ROOM.add(s);
    }

    @Override
    public void onWebSocketClose(int code, String reason, org.eclipse.jetty.websocket.api.Callback callback) {
      ROOM.remove(session);
      callback.succeed();
    }

    @Override
    public void onWebSocketText(String message) {
      for (Session other : ROOM) {
        if (other != session) {
          other.sendText(message, Callback.NOOP);
        }
      }
    }
  }

  public static void main(String[] args) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(Integer.parseInt(args[0]));
    connector.setAcceptQueueSize(4096);
    server.addConnector(connector);
    ContextHandler context = new ContextHandler("/");
    WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(server, context, container -> {
      container.setMaxTextMessageSize(2 << 20);
      container.setMaxBinaryMessageSize(2 << 20);
      container.addMapping("/echo", (rq, rs, cb) -> new Echo());
      container.addMapping("/broadcast", (rq, rs, cb) -> new Relay());
    });
    context.setHandler(ws);
    server.setHandler(context);
    server.start();
    System.out.println("listening " + args[0]);
  }
}
