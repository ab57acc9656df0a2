package io.squall.bench.harness;

import java.util.Map;

/**
 * How each peer of the bench is written, for the report: where its source is and, in a sentence,
 * the choices that matter for speed (each the way the peer's own docs or examples advise), so a
 * reader can check that every peer ran at its best. The sources' own comments say more.
 */
final class PeerNotes {
  private PeerNotes() {}

  /** Where a peer's source lives, relative to the repository's root, and what it does. */
  record Note(String source, String setup) {}

  private static final String JVM_PEERS = "bench/src/main/java/io/squall/bench/peers/";

  private static final Map<String, Note> NOTES = Map.of(
      "squall", new Note(JVM_PEERS + "SquallPeer.java",
          "the example handlers a user writes (`onMessage` echoes with `writeMessage`; the broadcast handler relays through a "
              + "`WebSocketGroup`, which frames a message once for all its members, and compresses it once per loop for those that "
              + "negotiated compression); one event loop; permessage-deflate with `WebSocketCompression.on()`'s defaults "
              + "(level 6, messages from 64 bytes, no context takeover)."),
      "netty", new Note(JVM_PEERS + "NettyPeer.java",
          "native epoll transport, one event loop, `WebSocketServerProtocolHandler`; writes in `channelRead`, one flush per read batch and a "
              + "`FlushConsolidationHandler` (consolidating outside read loops too, except on compressed channels, where deferred flushes would wait "
              + "for a whole backlog); broadcast through a `ChannelGroup` of retained duplicates of one buffer; `WebSocketServerCompressionHandler` "
              + "with its defaults (level 6, context takeover)."),
      "jetty", new Note(JVM_PEERS + "JettyPeer.java",
          "Jetty 12 core WebSocket without servlets (`WebSocketUpgradeHandler`), auto-demanding listeners invoked without a thread hand-off; "
              + "broadcast over a concurrent set of sessions as in Jetty's chat example; permessage-deflate registered by default (level 6, context takeover)."),
      "vertx", new Note(JVM_PEERS + "VertxPeer.java",
          "Vert.x core on the native epoll transport, one event loop, message handlers; broadcast writes to every socket from the loop that owns them; "
              + "Vert.x flushes once per read batch; permessage-deflate with its defaults (level 6, context takeover)."),
      "java-websocket", new Note(JVM_PEERS + "JavaWebSocketPeer.java",
          "one decoder thread, TCP_NODELAY, its lost-connection pings off (idle sockets never pong), its built-in `broadcast`, which encodes the frame "
              + "once; `PerMessageDeflateExtension` as its example shows, made only for clients that offer it (messages under 1024 bytes sent plain)."),
      "tornado", new Note("bench/peers/tornado_server.py",
          "one process, one IOLoop, `WebSocketHandler`s as in Tornado's chat demo; compression switched on by `get_compression_options()` returning "
              + "`{}` (level 6, context takeover)."),
      "node-ws", new Note("bench/peers/ws_server.js",
          "two `WebSocketServer`s (`noServer`) behind one http server's upgrade event, the broadcast looping over `clients` as "
              + "ws's README does; `perMessageDeflate: true` with ws's defaults (level 6, context takeover, messages under 1024 bytes "
              + "sent plain)."),
      "gorilla", new Note("bench/peers/gorilla_server.go",
          "a goroutine per socket streaming each message through `NextReader`/`NextWriter`, write buffers from a shared pool; broadcast as one "
              + "`PreparedMessage` (framed and compressed once) handed to each receiver's writer goroutine, as in gorilla's chat example; "
              + "`EnableCompression` (level 1, no context takeover, its only form)."),
      "c-floor", new Note("bench/peers/c_epoll_echo.c",
          "not a peer: one thread on level-triggered epoll, one `read` per readable socket and one `write` for all its replies, no checks "
              + "(see Reference floor above)."),
      Peer.JDK_FLOOR, new Note("bench/src/main/java/io/squall/bench/peers/NioFloorPeer.java",
          "not a peer: the C floor's work on `java.nio`, one `Selector` polled with a key consumer, one `read` into a direct buffer per "
              + "readable socket and one `write` for all its replies, no checks (see Reference floor above)."));

  /** The note of a peer, or none for a name the bench does not know. */
  static Note of(String peer) {
    return NOTES.get(peer);
  }
}
