package io.squall.bench.peers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The JDK's floor for the echo workloads: {@code bench/peers/c_epoll_echo.c} written again on
 * {@code java.nio}, line for line in what it does per message, so the report can tell what the
 * JDK's selector and socket channels cost apart from what a framework adds. Not a peer and not a
 * framework; it trusts its client exactly as the C floor does.
 *
 * <p>One thread, one selector polled with a key consumer (no selected-key set). Per readable
 * socket: one read into a direct buffer, every complete frame unmasked straight into a direct
 * output buffer, one write for them all; what the socket does not take waits on the connection.
 */
public final class NioFloorPeer {
  private static final int RBUF = 256 * 1024;
  private static final long MAX_FRAME = 8L << 20;
  private static final byte[] GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11".getBytes(StandardCharsets.US_ASCII);

  private final ByteBuffer in = ByteBuffer.allocateDirect(RBUF);
  /** Replies of one read; grows (as the C floor's output does) for a frame larger than it. */
  private ByteBuffer out = ByteBuffer.allocateDirect(RBUF + 64);
  private final MessageDigest sha1;

  /** One connection: the unparsed rest of its input and the bytes the socket has not taken yet. */
  private static final class Conn {
    boolean upgraded;
    boolean closing;
    ByteBuffer rest;
    ByteBuffer pending;
  }

  private NioFloorPeer() throws NoSuchAlgorithmException {
    sha1 = MessageDigest.getInstance("SHA-1");
  }

  public static void main(String[] args) throws Exception {
    int port = PeerArgs.port(args);
    new NioFloorPeer().run(port);
  }

  private void run(int port) throws IOException {
    Selector selector = Selector.open();
    ServerSocketChannel listener = ServerSocketChannel.open();
    listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
    listener.bind(new InetSocketAddress("127.0.0.1", port), 4096);
    listener.configureBlocking(false);
    listener.register(selector, SelectionKey.OP_ACCEPT);
    PeerArgs.ready("nio-floor", port);
    while (true) {
      selector.select(key -> {
        try {
          if (key.channel() == listener) {
            accept(listener, selector);
          } else {
            ready(key);
          }
        } catch (IOException e) {
          drop(key);
        }
      });
    }
  }

  private static void accept(ServerSocketChannel listener, Selector selector) throws IOException {
    SocketChannel ch;
    while ((ch = listener.accept()) != null) {
      ch.configureBlocking(false);
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      ch.register(selector, SelectionKey.OP_READ, new Conn());
    }
  }

  private static void drop(SelectionKey key) {
    key.cancel();
    try {
      key.channel().close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  private void ready(SelectionKey key) throws IOException {
    SocketChannel ch = (SocketChannel) key.channel();
    Conn c = (Conn) key.attachment();
    if (key.isWritable() && !flushPending(key, ch, c)) {
      return;
    }
    if (key.isValid() && key.isReadable()) {
      readable(key, ch, c);
    }
  }

  /** One read, every complete frame handled, one write. */
  private void readable(SelectionKey key, SocketChannel ch, Conn c) throws IOException {
    in.clear();
    int n = ch.read(in);
    if (n < 0) {
      drop(key);
      return;
    }
    if (n == 0) {
      return;
    }
    in.flip();
    out.clear();
    ByteBuffer src = in;
    if (c.rest != null || !c.upgraded) {
      c.rest = append(c.rest, in);
      src = c.rest;
      if (!c.upgraded) {
        int up = upgrade(c, src);
        if (up < 0 || up == 0 && src.remaining() > 16384) {
          drop(key);
        }
        if (up <= 0) {
          return;
        }
      }
    }
    if (!frames(c, src)) {
      drop(key);
      return;
    }
    if (src.hasRemaining()) {
      c.rest = src == in ? append(null, in) : src.compact().flip();
    } else {
      c.rest = null;
    }
    out.flip();
    if (out.hasRemaining()) {
      if (c.pending != null) {
        c.pending = append(c.pending, out);
      } else {
        ch.write(out);
        if (out.hasRemaining()) {
          c.pending = append(null, out);
          key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
          return;
        }
      }
    }
    if (c.closing && c.pending == null) {
      drop(key);
    }
  }

  private boolean flushPending(SelectionKey key, SocketChannel ch, Conn c) throws IOException {
    if (c.pending != null) {
      ch.write(c.pending);
      if (c.pending.hasRemaining()) {
        return true;
      }
      c.pending = null;
    }
    key.interestOps(SelectionKey.OP_READ);
    if (c.closing) {
      drop(key);
      return false;
    }
    return true;
  }

  /** Consumes the complete frames of {@code p} into {@link #out}; false when the connection must close. */
  private boolean frames(Conn c, ByteBuffer p) {
    while (p.remaining() >= 2) {
      int at = p.position();
      int b0 = p.get(at) & 0xff;
      int b1 = p.get(at + 1) & 0xff;
      if ((b1 & 0x80) == 0) {
        return false; // a client frame must be masked
      }
      long len = b1 & 0x7f;
      int hdr = 2;
      if (len == 126) {
        if (p.remaining() < 4) {
          break;
        }
        len = p.getShort(at + 2) & 0xffff;
        hdr = 4;
      } else if (len == 127) {
        if (p.remaining() < 10) {
          break;
        }
        len = p.getLong(at + 2);
        hdr = 10;
      }
      if (len < 0 || len > MAX_FRAME) {
        return false;
      }
      if (p.remaining() < hdr + 4 + len) {
        break;
      }
      if (out.remaining() < len + 10) {
        grow((int) len + 10);
      }
      int mask = at + hdr;
      int payload = mask + 4;
      int op = b0 & 0x0f;
      if (op == 8) {
        emit(0x88, p, payload, len < 2 ? 0 : 2, mask); // the close code back, no reason
        c.closing = true;
        p.position(p.limit());
        return true;
      }
      if (op == 9) {
        emit(0x8a, p, payload, (int) len, mask);
      } else if (op != 10) {
        emit(b0, p, payload, (int) len, mask); // text, binary, continuation: echoed as they came
      }
      p.position(payload + (int) len);
    }
    return true;
  }

  /** Makes room for {@code more} bytes in {@link #out}, keeping what it holds. */
  private void grow(int more) {
    ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(2 * out.capacity(), out.position() + more));
    bigger.put(out.flip());
    out = bigger;
  }

  private void emit(int b0, ByteBuffer p, int payload, long len, int mask) {
    out.put((byte) b0);
    if (len < 126) {
      out.put((byte) len);
    } else if (len < 65536) {
      out.put((byte) 126).putShort((short) len);
    } else {
      out.put((byte) 127).putLong(len);
    }
    int n = (int) len;
    for (int i = 0; i < n; i++) {
      out.put((byte) (p.get(payload + i) ^ p.get(mask + (i & 3))));
    }
  }

  /** Answers the upgrade once its head is complete: 1 when answered, 0 while incomplete, -1 without a key. */
  private int upgrade(Conn c, ByteBuffer src) {
    String head = StandardCharsets.ISO_8859_1.decode(src.duplicate()).toString();
    int end = head.indexOf("\r\n\r\n");
    if (end < 0) {
      return 0;
    }
    String key = null;
    for (String line : head.substring(0, end).split("\r\n")) {
      if (line.regionMatches(true, 0, "Sec-WebSocket-Key:", 0, 18)) {
        key = line.substring(18).trim();
      }
    }
    if (key == null) {
      return -1;
    }
    sha1.update(key.getBytes(StandardCharsets.US_ASCII));
    String accept = Base64.getEncoder().encodeToString(sha1.digest(GUID));
    out.put(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    src.position(src.position() + end + 4);
    c.upgraded = true;
    return 1;
  }

  /** {@code tail} after what {@code head} holds, in a heap buffer of the exact size, ready to read. */
  private static ByteBuffer append(ByteBuffer head, ByteBuffer tail) {
    int h = head == null ? 0 : head.remaining();
    ByteBuffer b = ByteBuffer.allocate(h + tail.remaining());
    if (head != null) {
      b.put(head);
    }
    return b.put(tail).flip();
  }
}
