package io.squall.bench.peers;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/** Java-WebSocket 1.6 with TCP_NODELAY and its broadcast helper. */
public final class JavaWebSocketServer extends WebSocketServer {
  private final Set<WebSocket> room = ConcurrentHashMap.newKeySet();

  JavaWebSocketServer(int port) {
    super(new InetSocketAddress("127.0.0.1", port));
    setTcpNoDelay(true);
    setReuseAddr(true);
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {
    if (handshake.getResourceDescriptor().startsWith("/broadcast")) {
      room.add(conn);
    }
  }

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    room.remove(conn);
  }

  @Override
  public void onMessage(WebSocket conn, String message) {
    if (room.contains(conn)) {
      broadcast(message, room.stream().filter(c -> c != conn).toList());
    } else {
      conn.send(message);
    }
  }

  @Override
  public void onMessage(WebSocket conn, ByteBuffer message) {
    conn.send(message);
  }

  @Override
  public void onError(WebSocket conn, Exception ex) {
    // a client went away mid-run: nothing to do
  }

  @Override
  public void onStart() {
    System.out.println("listening " + getPort());
  }

  public static void main(String[] args) {
    new JavaWebSocketServer(Integer.parseInt(args[0])).start();
  }
}
