package io.squall.bench.peers;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * Java-WebSocket 1.6 with one decoder thread, TCP_NODELAY, its lost-connection pings off (the idle
 * workload holds sockets that never pong by design) and its built-in {@code broadcast}, which
 * encodes the frame once.
 */
public final class JavaWebSocketPeer extends WebSocketServer {
  private final Set<WebSocket> room = ConcurrentHashMap.newKeySet();

  private JavaWebSocketPeer(int port) {
    super(new InetSocketAddress("127.0.0.1", port), 1);
  }

  public static void main(String[] args) {
    int port = PeerArgs.port(args);
    JavaWebSocketPeer server = new JavaWebSocketPeer(port);
    server.setTcpNoDelay(true);
    server.setReuseAddr(true);
    server.setConnectionLostTimeout(0);
    server.start();
  }

  @Override
  public void onStart() {
    PeerArgs.ready("java-websocket", getPort());
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {
    if (handshake.getResourceDescriptor().startsWith("/broadcast")) {
      room.add(conn);
    }
  }

  @Override
  public void onMessage(WebSocket conn, String message) {
    if (room.contains(conn)) {
      broadcast(message, room);
    } else if (conn.isOpen()) {
      conn.send(message);
    }
  }

  @Override
  public void onMessage(WebSocket conn, ByteBuffer message) {
    if (conn.isOpen()) {
      conn.send(message);
    }
  }

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    room.remove(conn);
  }

  @Override
  public void onError(WebSocket conn, Exception ex) {}
}
