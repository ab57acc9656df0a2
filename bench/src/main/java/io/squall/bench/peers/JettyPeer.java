package io.squall.bench.peers;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * Jetty 12 core WebSocket (no servlets), as its programming guide shows: a
 * {@link WebSocketUpgradeHandler} with one mapping per path, auto-demanding listeners, and
 * callbacks invoked without a thread hand-off (the endpoints never block, so the container is
 * declared non-blocking). Broadcast iterates a concurrent set of sessions, as Jetty's chat example.
 *
 * <p>permessage-deflate needs no code: Jetty registers the extension by default and accepts it
 * whenever a client offers it, with its defaults (the deflater pool's default level,
 * {@code Deflater.DEFAULT_COMPRESSION}, i.e. zlib's 6; context takeover kept on both sides unless
 * the client asks otherwise; every data message compressed, no size threshold; window-bits
 * parameters not negotiated). A client that does not offer it gets plain frames.
 */
public final class JettyPeer {
  private JettyPeer() {}

  public static void main(String[] args) throws Exception {
    int port = PeerArgs.port(args);
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    connector.setAcceptQueueSize(4096);
    server.addConnector(connector);
    Set<Session> room = ConcurrentHashMap.newKeySet();
    server.setHandler(WebSocketUpgradeHandler.from(server, container -> {
      container.setInvocationType(Invocable.InvocationType.NON_BLOCKING);
      container.setIdleTimeout(Duration.ofMinutes(30));
      container.setMaxTextMessageSize(PeerArgs.MAX_MESSAGE);
      container.setMaxBinaryMessageSize(PeerArgs.MAX_MESSAGE);
      container.setMaxFrameSize(PeerArgs.MAX_MESSAGE);
      container.addMapping("/echo", (rq, rs, cb) -> new Echo());
      container.addMapping("/broadcast", (rq, rs, cb) -> new Broadcast(room));
    }));
    server.start();
    PeerArgs.ready("jetty", port);
    server.join();
  }

  public static final class Echo implements Session.Listener.AutoDemanding {
    private Session session;

    @Override
    public void onWebSocketOpen(Session session) {
      this.session = session;
    }

    @Override
    public void onWebSocketText(String message) {
      session.sendText(message, Callback.NOOP);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
      // the load generator drops its connections at the end of each run; nothing to report
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, org.eclipse.jetty.websocket.api.Callback callback) {
      session.sendBinary(payload, callback); // releases the inbound buffer once written
    }
  }

  public static final class Broadcast implements Session.Listener.AutoDemanding {
    private final Set<Session> room;
    private Session session;

    public Broadcast(Set<Session> room) {
      this.room = room;
    }

    @Override
    public void onWebSocketOpen(Session session) {
      this.session = session;
      room.add(session);
    }

    @Override
    public void onWebSocketText(String message) {
      for (Session s : room) {
        s.sendText(message, Callback.NOOP);
      }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
      room.remove(session);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
      room.remove(session);
    }
  }
}
