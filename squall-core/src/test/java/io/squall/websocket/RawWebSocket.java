package io.squall.websocket;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A deliberately primitive WebSocket client for conformance tests: it sends exactly the bytes it
 * is told (hand-built frames, bad masks, bad lengths) and reports exactly what comes back.
 */
final class RawWebSocket implements AutoCloseable {
  /** One frame as received. */
  record Frame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** The close code of a close frame, or -1 when it had none. */
    int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
    }

    String closeReason() {
      return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
    }
  }

  static final int[] KEY = {0x37, 0xfa, 0x21, 0x3d};
  final Socket socket;
  final DataInputStream in;
  final OutputStream out;
  String responseHead;

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  static RawWebSocket connect(int port, String path) throws IOException {
    return connect(port, path, "");
  }

  /** Connects and upgrades; {@code extraHeaders} lines end with CRLF. Fails unless the answer is 101. */
  static RawWebSocket connect(int port, String path, String extraHeaders) throws IOException {
    return connect(open(port), port, path, extraHeaders);
  }

  /** {@link #connect(int, String, String)} with a small receive buffer: a peer that is slow to read. */
  static RawWebSocket connectReadingSlowly(int port, String path, int receiveBuffer) throws IOException {
    return connect(open(port, receiveBuffer), port, path, "");
  }

  private static RawWebSocket connect(RawWebSocket ws, int port, String path, String extraHeaders) throws IOException {
    String head = ws.request("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        + extraHeaders + "\r\n");
    if (!head.startsWith("HTTP/1.1 101 ")) {
      throw new IOException("Upgrade refused: " + head);
    }
    return ws;
  }

  static RawWebSocket open(int port) throws IOException {
    return open(port, 0);
  }

  /** Opens a socket whose receive buffer is {@code receiveBuffer} bytes (0: the system's), set before connecting so the window obeys it. */
  static RawWebSocket open(int port, int receiveBuffer) throws IOException {
    Socket s = new Socket();
    if (receiveBuffer > 0) {
      s.setReceiveBufferSize(receiveBuffer);
    }
    s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    s.setSoTimeout(10_000);
    s.setTcpNoDelay(true);
    return new RawWebSocket(s);
  }

  /** Sends a raw request and returns the response head (status line and headers). */
  String request(String raw) throws IOException {
    out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("Connection closed in response head: " + head);
      }
      head.write(b);
      matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    responseHead = head.toString(StandardCharsets.ISO_8859_1);
    return responseHead;
  }

  /** Sends one frame, masked with {@link #KEY} unless {@code masked} is false. */
  void send(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) throws IOException {
    sendRaw(frame(fin, rsv, opcode, payload, masked));
  }

  /** One frame's bytes, masked with {@link #KEY} unless {@code masked} is false. */
  static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) {
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    f.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
    int maskBit = masked ? 0x80 : 0;
    if (payload.length < 126) {
      f.write(maskBit | payload.length);
    } else if (payload.length < 65536) {
      f.write(maskBit | 126);
      f.write(payload.length >>> 8);
      f.write(payload.length);
    } else {
      f.write(maskBit | 127);
      for (int i = 7; i >= 0; i--) {
        f.write((int) ((long) payload.length >>> (8 * i)));
      }
    }
    if (masked) {
      for (int k : KEY) {
        f.write(k);
      }
      for (int i = 0; i < payload.length; i++) {
        f.write(payload[i] ^ KEY[i & 3]);
      }
    } else {
      f.writeBytes(payload);
    }
    return f.toByteArray();
  }

  void send(int opcode, byte[] payload) throws IOException {
    send(true, 0, opcode, payload, true);
  }

  void sendText(String s) throws IOException {
    send(1, s.getBytes(StandardCharsets.UTF_8));
  }

  void sendClose(int code, String reason) throws IOException {
    byte[] r = reason.getBytes(StandardCharsets.UTF_8);
    byte[] p = new byte[2 + r.length];
    p[0] = (byte) (code >>> 8);
    p[1] = (byte) code;
    System.arraycopy(r, 0, p, 2, r.length);
    send(8, p);
  }

  void sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  Frame read() throws IOException {
    int b0 = in.readUnsignedByte();
    int b1 = in.readUnsignedByte();
    long len = b1 & 0x7f;
    if (len == 126) {
      len = in.readUnsignedShort();
    } else if (len == 127) {
      len = in.readLong();
    }
    byte[] mask = null;
    if ((b1 & 0x80) != 0) {
      mask = new byte[4];
      in.readFully(mask);
    }
    byte[] payload = new byte[(int) len];
    in.readFully(payload);
    if (mask != null) {
      for (int i = 0; i < payload.length; i++) {
        payload[i] ^= mask[i & 3];
      }
    }
    return new Frame((b0 & 0x80) != 0, (b0 >> 4) & 7, b0 & 0x0f, mask != null, payload);
  }

  /** True when the server closed TCP (end of stream) within the socket timeout. */
  boolean closedByServer() throws IOException {
    try {
      InputStream s = socket.getInputStream();
      byte[] sink = new byte[4096];
      while (true) {
        int n = s.read(sink);
        if (n < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset counts as closed
    }
  }

  static String key() {
    return Base64.getEncoder().encodeToString(new byte[16]);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
