package io.squall.bench.peers;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.extensions.DefaultExtension;
import org.java_websocket.extensions.IExtension;
import org.java_websocket.extensions.permessage_deflate.PerMessageDeflateExtension;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * Java-WebSocket 1.6 with one decoder thread, TCP_NODELAY, its lost-connection pings off (the idle
 * workload holds sockets that never pong by design) and its built-in {@code broadcast}, which
 * encodes the frame once.
 *
 * <p>permessage-deflate is accepted when a client offers it: the server's one draft is a
 * {@link Draft_6455} with a {@link PerMessageDeflateExtension}, as the library's
 * PerMessageDeflateExample shows; the draft also keeps its default (no-op) extension, so a client
 * that does not offer compression connects and gets plain frames, as before. One deviation: the
 * draft copies its extensions for every connection before it negotiates, and the library class
 * opens its zlib {@code Deflater} and {@code Inflater} in its constructor (measured: ~88 KB more
 * resident per idle connection, 107 KB instead of 19 KB), so the extension is listed through
 * {@link DeflateWhenOffered}, which makes the library's extension only for a client that offers
 * it and hands it everything; connections that do not offer it cost what they did. The extension's
 * defaults: {@code Deflater.DEFAULT_COMPRESSION} (zlib's 6), messages under 1024 bytes (its
 * threshold) sent uncompressed, no server context takeover (it answers
 * {@code server_no_context_takeover} and resets its deflater after each message), client context
 * takeover allowed. Caveat (1.6.0): {@code broadcast} hands one frame object to every member whose
 * draft is equal, and the extension compresses that frame in place; the first compressing member
 * compresses it, the others send those bytes on as they are while they stay under the 1024-byte
 * threshold (readable, since no context is kept), but compress them again when they do not, which
 * those clients cannot read. The compressed workload's 1 KiB text stays well under.
 */
public final class JavaWebSocketPeer extends WebSocketServer {
  private final Set<WebSocket> room = ConcurrentHashMap.newKeySet();

  private JavaWebSocketPeer(int port) {
    super(new InetSocketAddress("127.0.0.1", port), 1, List.of(new Draft_6455(new DeflateWhenOffered())));
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

  /**
   * {@link PerMessageDeflateExtension} with its defaults, made when a client offers
   * permessage-deflate and not before; until then (and for good, if the client does not offer it)
   * this behaves as the {@link DefaultExtension} it extends. Equal to every other instance, as
   * extensions of one class are, so {@code broadcast} groups compressing members as it would with
   * the library's class listed directly.
   */
  static final class DeflateWhenOffered extends DefaultExtension {
    private PerMessageDeflateExtension deflate;

    @Override
    public boolean acceptProvidedExtensionAsServer(String offer) {
      if (offer == null || !offer.toLowerCase(Locale.ROOT).contains("permessage-deflate")) {
        return false;
      }
      PerMessageDeflateExtension candidate = new PerMessageDeflateExtension();
      if (!candidate.acceptProvidedExtensionAsServer(offer)) {
        return false;
      }
      deflate = candidate;
      return true;
    }

    @Override
    public boolean acceptProvidedExtensionAsClient(String answer) {
      return false; // server side only
    }

    @Override
    public String getProvidedExtensionAsServer() {
      return deflate != null ? deflate.getProvidedExtensionAsServer() : super.getProvidedExtensionAsServer();
    }

    @Override
    public void isFrameValid(Framedata frame) throws InvalidDataException {
      if (deflate != null) {
        deflate.isFrameValid(frame);
      } else {
        super.isFrameValid(frame);
      }
    }

    @Override
    public void decodeFrame(Framedata frame) throws InvalidDataException {
      if (deflate != null) {
        deflate.decodeFrame(frame);
      }
    }

    @Override
    public void encodeFrame(Framedata frame) {
      if (deflate != null) {
        deflate.encodeFrame(frame);
      }
    }

    @Override
    public void reset() {
      if (deflate != null) {
        deflate.reset();
      }
    }

    @Override
    public IExtension copyInstance() {
      return new DeflateWhenOffered();
    }

    @Override
    public String toString() {
      return deflate != null ? deflate.toString() : super.toString();
    }
  }
}
