package io.squall.websocket;

import java.util.zip.Deflater;

/**
 * permessage-deflate (RFC 7692) settings: Tornado's {@code get_compression_options()}. Off by
 * default, as in Tornado: compression trades CPU for bytes, worth it on slow links and for large
 * text, not for short chat lines on a fast network.
 *
 * <p>Memory is the catch other servers are known for (a deflate state of ~256 KiB and an inflate
 * window of ~32 KiB per socket, for the socket's whole life). Squall's default avoids the larger
 * part: without {@link #contextTakeover()} the server starts every message it sends afresh (it
 * announces {@code server_no_context_takeover}), so each event loop keeps one compressor for all
 * its sockets. What a client sends is decompressed by the loop's one decompressor too when the
 * client offered {@code client_no_context_takeover} (Squall's client does); a client that keeps
 * its context (browsers, Python {@code websockets}, Tornado, Node {@code ws} by default) gets a
 * decompressor of its own once it sends a compressed message. The server does not ask such a
 * client to drop its context, as RFC 7692 would allow: Tornado's client ignores a parameter without
 * a value, keeps its context anyway, and its messages could then not be read. With context takeover,
 * messages refer back to earlier ones (better ratios for many similar messages), and each socket
 * gets its own state once it first sends or receives a compressed message.
 *
 * <p>A {@link WebSocketGroup} broadcast is compressed once per event loop for all the members that
 * agreed to compression, each message on its own and afresh; a member that keeps context then
 * restarts it, as RFC 7692 allows, so its next message refers to nothing before the broadcast.
 *
 * @param enabled whether the server accepts (or the client offers) permessage-deflate
 * @param level zlib level, 1 (fastest) to 9 (smallest); default 6, zlib's own default
 * @param minMessageBytes messages shorter than this go out uncompressed (each message chooses,
 *     RFC 7692 §6): deflate adds a few bytes of its own, so short messages gain nothing; default 64
 * @param contextTakeover keep the compression context from message to message (see above);
 *     default false
 */
public record WebSocketCompression(boolean enabled, int level, int minMessageBytes, boolean contextTakeover) {
  /** Compression off: the extension is neither accepted nor offered. */
  public static final WebSocketCompression OFF = new WebSocketCompression(false, 6, 64, false);

  public WebSocketCompression {
    if (level < Deflater.BEST_SPEED || level > Deflater.BEST_COMPRESSION) {
      throw new IllegalArgumentException("Compression level must be in 1..9, got " + level + ".");
    }
    if (minMessageBytes < 0) {
      throw new IllegalArgumentException("minMessageBytes must be 0 or more, got " + minMessageBytes + ".");
    }
  }

  /** Compression on, with the defaults: level 6, messages from 64 bytes, no context takeover. */
  public static WebSocketCompression on() {
    return new WebSocketCompression(true, 6, 64, false);
  }

  public WebSocketCompression withLevel(int l) {
    return new WebSocketCompression(enabled, l, minMessageBytes, contextTakeover);
  }

  public WebSocketCompression withMinMessageBytes(int m) {
    return new WebSocketCompression(enabled, level, m, contextTakeover);
  }

  public WebSocketCompression withContextTakeover(boolean c) {
    return new WebSocketCompression(enabled, level, minMessageBytes, c);
  }
}
