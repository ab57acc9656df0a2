package io.squall.websocket.deflate;

import io.squall.websocket.CloseCode;
import io.squall.websocket.WebSocketCompression;
import io.squall.websocket.internal.ProtocolException;
import io.squall.websocket.internal.Utf8Validator;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * One socket's permessage-deflate codec (RFC 7692 §7.2): compresses the messages it sends with
 * the sync-flush tail {@code 00 00 ff ff} removed, and inflates the compressed messages it gets
 * with the tail put back, never past the message size limit (a deflate bomb ends in 1009 after at
 * most that many bytes).
 *
 * <p>A direction without context takeover starts each message afresh, and then uses the event
 * loop's shared compressor or decompressor: a socket holds no zlib state for it. A direction with
 * context takeover makes its own on first use and keeps it for the socket's life. When neither
 * direction keeps context the codec holds no state at all, and sockets with the same settings
 * share one instance.
 *
 * <p>Thread rule: confined to the connection's loop (compressing and inflating happen there).
 */
public final class PerMessageDeflate {
  private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};
  private static final byte[] NO_INPUT = {};
  /** Per loop thread: a compressor for each level, reset before and after each message. */
  private static final ThreadLocal<Deflater[]> LOOP_DEFLATERS = ThreadLocal.withInitial(() -> new Deflater[Deflater.BEST_COMPRESSION + 1]);
  /** Per loop thread: one decompressor, reset before and after each message. */
  private static final ThreadLocal<Inflater> LOOP_INFLATER = ThreadLocal.withInitial(() -> new Inflater(true));
  /** Per loop thread: where messages are compressed before they are framed; kept up to this size. */
  private static final ThreadLocal<byte[][]> SCRATCH = ThreadLocal.withInitial(() -> new byte[][] {new byte[4096]});
  private static final int MAX_SCRATCH_BYTES = 256 * 1024;
  private static final Map<Long, PerMessageDeflate> STATELESS = new ConcurrentHashMap<>();

  private final int level;
  private final int minMessageBytes;
  private final boolean freshOutgoing;
  private final boolean freshIncoming;
  /** Made on first use when the outgoing context is kept. */
  private Deflater deflater;
  /** Made on first use when the incoming context is kept. */
  private Inflater inflater;

  private PerMessageDeflate(int level, int minMessageBytes, boolean freshOutgoing, boolean freshIncoming) {
    this.level = level;
    this.minMessageBytes = minMessageBytes;
    this.freshOutgoing = freshOutgoing;
    this.freshIncoming = freshIncoming;
  }

  /** The server side of an agreement. */
  public static PerMessageDeflate forServer(DeflateParameters agreed, WebSocketCompression config) {
    return of(config, agreed.serverNoContextTakeover(), agreed.clientNoContextTakeover());
  }

  /** The client side of an agreement (a client may always start afresh; its config says whether it does). */
  public static PerMessageDeflate forClient(DeflateParameters agreed, WebSocketCompression config) {
    return of(config, agreed.clientNoContextTakeover() || !config.contextTakeover(), agreed.serverNoContextTakeover());
  }

  private static PerMessageDeflate of(WebSocketCompression config, boolean freshOutgoing, boolean freshIncoming) {
    if (freshOutgoing && freshIncoming) {
      long key = ((long) config.level() << 32) | config.minMessageBytes();
      return STATELESS.computeIfAbsent(key, k -> new PerMessageDeflate(config.level(), config.minMessageBytes(), true, true));
    }
    return new PerMessageDeflate(config.level(), config.minMessageBytes(), freshOutgoing, freshIncoming);
  }

  /**
   * The compressed form of {@code payload}'s remaining bytes (the buffer is left unchanged), or
   * null to send the message as it is: shorter than {@code minMessageBytes}, or, when each message
   * starts afresh, not made smaller by deflate. The result lies in this thread's scratch array:
   * frame it before the next call on the same thread (nothing is allocated per message).
   */
  public ByteBuffer compress(ByteBuffer payload) {
    return compress(payload, freshOutgoing);
  }

  /**
   * The compressed form of a message many sockets get at once (a broadcast), or null to send it as
   * it is: compressed afresh with the loop's compressor at this codec's level, so the bytes are the
   * same for every codec with the same {@link #sharedFormKey()}, whatever context each keeps. A
   * socket that keeps its outgoing context must {@link #forgetOutgoingContext()} when such a message
   * is queued on it. Same scratch rule as {@link #compress}.
   */
  public ByteBuffer compressShared(ByteBuffer payload) {
    return compress(payload, true);
  }

  /**
   * Codecs with equal keys make the same bytes in {@link #compressShared}: one compression serves
   * all their sockets.
   */
  public long sharedFormKey() {
    return ((long) level << 32) | minMessageBytes;
  }

  /**
   * After a message from {@link #compressShared} is queued on this socket: the peer's window now
   * holds that message, which this socket's kept context never saw, so the context restarts and
   * the next message refers to nothing before it (RFC 7692 §7.1.1.1: a server may keep its window,
   * never must). Nothing to do for a socket that starts each message afresh.
   */
  public void forgetOutgoingContext() {
    if (deflater != null) {
      deflater.reset();
    }
  }

  private ByteBuffer compress(ByteBuffer payload, boolean fresh) {
    int n = payload.remaining();
    if (n < minMessageBytes) {
      return null;
    }
    Deflater d = fresh ? loopDeflater() : outgoing();
    byte[][] scratch = SCRATCH.get();
    try {
      d.setInput(payload.duplicate());
      byte[] out = scratch[0];
      if (out.length < n + (n >> 3) + 64) {
        out = new byte[n + (n >> 3) + 64];
      }
      int len = 0;
      while (true) {
        int space = out.length - len;
        int wrote = d.deflate(out, len, space, Deflater.SYNC_FLUSH);
        len += wrote;
        if (wrote < space) {
          break; // everything is out (Deflater: with SYNC_FLUSH, output fills the space only when more is pending)
        }
        out = Arrays.copyOf(out, out.length * 2);
      }
      if (len == 0) {
        // zlib flushes nothing when nothing came in since its last flush (an empty message with a
        // kept context): send the empty stored block's header octet, which the peer's appended tail
        // completes (RFC 7692 §7.2.3.6); no octets at all would leave the peer's window mid-block.
        out[len++] = 0;
      } else if (len >= 4 && out[len - 4] == 0 && out[len - 3] == 0 && out[len - 2] == (byte) 0xff && out[len - 1] == (byte) 0xff) {
        len -= 4; // RFC 7692 §7.2.1: remove the tail of the sync flush
      }
      if (out.length <= MAX_SCRATCH_BYTES) {
        scratch[0] = out; // kept for the next message; a rare huge one is not
      }
      if (fresh && len >= n) {
        return null; // incompressible; allowed since the peer's window does not need this message
      }
      return ByteBuffer.wrap(out, 0, len);
    } finally {
      if (fresh) {
        d.reset();
      } else {
        d.setInput(NO_INPUT); // a kept compressor would otherwise hold the message until the next one
      }
    }
  }

  /**
   * The message inflated from the compressed {@code payload} (remaining bytes; the buffer is
   * left unchanged), as a buffer over an array of its own.
   *
   * @throws ProtocolException 1009 past {@code maxMessageSize} bytes, 1007 for data that is not deflate
   */
  public ByteBuffer decompress(ByteBuffer payload, long maxMessageSize) {
    if (!payload.hasRemaining()) {
      // No octets: the empty message. The tail alone is not a whole block, and feeding it to a kept
      // window would leave that window mid-block and break the peer's next message.
      return ByteBuffer.allocate(0);
    }
    Inflater inf = incoming();
    try {
      inf.setInput(payload.duplicate());
      boolean tailGiven = false;
      byte[] out = new byte[(int) Math.min(maxMessageSize + 1, Math.max(256, (long) payload.remaining() * 4))];
      int len = 0;
      while (true) {
        if (len == out.length) {
          out = Arrays.copyOf(out, (int) Math.min(maxMessageSize + 1, (long) out.length * 2));
        }
        int got = inf.inflate(out, len, out.length - len);
        len += got;
        if (len > maxMessageSize) {
          throw new ProtocolException(CloseCode.MESSAGE_TOO_BIG,
              "Message inflates to more than maxMessageSize " + maxMessageSize + " bytes.");
        }
        if (inf.finished()) {
          inf.reset(); // the peer ended its deflate stream (BFINAL): its next message starts a new one
          break;
        }
        if (got == 0) {
          if (inf.needsDictionary()) {
            throw new ProtocolException(CloseCode.INVALID_PAYLOAD, "Compressed message asks for a preset dictionary.");
          }
          if (inf.needsInput()) {
            if (tailGiven) {
              break;
            }
            inf.setInput(TAIL); // RFC 7692 §7.2.2: append the tail the sender removed
            tailGiven = true;
          }
        }
      }
      return ByteBuffer.wrap(out, 0, len);
    } catch (DataFormatException e) {
      throw new ProtocolException(CloseCode.INVALID_PAYLOAD, "Invalid compressed data: " + e.getMessage() + ".");
    } finally {
      if (freshIncoming) {
        inf.reset();
      }
    }
  }

  /**
   * A compressed message as delivered: inflated, and for text checked to be UTF-8 (which the
   * frame reader cannot do on compressed bytes).
   *
   * @throws ProtocolException 1009, or 1007 for data that is not deflate or text that is not UTF-8
   */
  public ByteBuffer decompressMessage(boolean text, ByteBuffer payload, long maxMessageSize) {
    ByteBuffer plain = decompress(payload, maxMessageSize);
    if (text && !Utf8Validator.isValid(plain, plain.position(), plain.limit())) {
      throw new ProtocolException(CloseCode.INVALID_PAYLOAD, "Invalid UTF-8 in text message."); // RFC 6455 §8.1
    }
    return plain;
  }

  /** This thread's compressor for this codec's level, reset after each message. */
  private Deflater loopDeflater() {
    Deflater[] byLevel = LOOP_DEFLATERS.get();
    Deflater d = byLevel[level];
    if (d == null) {
      byLevel[level] = d = new Deflater(level, true);
    }
    return d;
  }

  private Deflater outgoing() {
    if (freshOutgoing) {
      return loopDeflater();
    }
    if (deflater == null) {
      deflater = new Deflater(level, true);
    }
    return deflater;
  }

  private Inflater incoming() {
    if (freshIncoming) {
      return LOOP_INFLATER.get();
    }
    if (inflater == null) {
      inflater = new Inflater(true);
    }
    return inflater;
  }

  /** Frees the socket's own zlib state, if it has any (the shared ones stay with their loop). */
  public void release() {
    if (deflater != null) {
      deflater.end();
      deflater = null;
    }
    if (inflater != null) {
      inflater.end();
      inflater = null;
    }
  }

  /** Whether the socket holds zlib state of its own now: none before its first compressed message, nor after {@link #release}. For tests. */
  public boolean holdsOwnState() {
    return deflater != null || inflater != null;
  }

  /** Whether this codec holds no state of its own (both directions start each message afresh). */
  public boolean isShared() {
    return freshOutgoing && freshIncoming;
  }
}
