package io.squall.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A deliberately primitive HTTP/1.1 client for integration tests: it writes exactly the bytes it is
 * told (pipelined, malformed, trickled) and reads responses byte by byte, so no byte of a following
 * response is consumed by accident. Every read is bounded by a socket timeout. Public for the web
 * layer's tests too.
 */
public final class RawHttpClient implements AutoCloseable {
  /** How long any single read may block before the test fails. */
  static final int READ_TIMEOUT_MILLIS = 5_000;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawHttpClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  public static RawHttpClient connect(int port) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    s.setSoTimeout(READ_TIMEOUT_MILLIS);
    s.setTcpNoDelay(true);
    return new RawHttpClient(s);
  }

  /** Writes the text (ISO-8859-1) in one write call. */
  public RawHttpClient send(String raw) throws IOException {
    return send(raw.getBytes(StandardCharsets.ISO_8859_1));
  }

  public RawHttpClient send(byte[] raw) throws IOException {
    out.write(raw);
    out.flush();
    return this;
  }

  /** Sends the text one byte at a time with a pause between bytes. */
  public void trickle(String raw, Duration pause) throws IOException, InterruptedException {
    for (byte b : raw.getBytes(StandardCharsets.ISO_8859_1)) {
      out.write(b);
      out.flush();
      Thread.sleep(pause.toMillis());
    }
  }

  /** Half-closes: the server sees end of stream, we can still read. */
  public void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  /** Makes {@link #close()} send a reset instead of a FIN: the client vanishes mid-conversation. */
  public void resetOnClose() throws IOException {
    socket.setSoLinger(true, 0);
  }

  /** Reads one response to a request other than HEAD. */
  public RawResponse readResponse() throws IOException {
    return readResponse(false);
  }

  /** Reads one response; a response to HEAD has no body whatever its framing headers say. */
  public RawResponse readResponse(boolean toHead) throws IOException {
    String head = readHead();
    RawResponse parsed = RawResponse.parseHead(head);
    int status = parsed.status();
    if (toHead || status < 200 || status == 204 || status == 304) {
      return parsed;
    }
    Headers h = parsed.headers();
    byte[] body;
    if (h.containsToken("Transfer-Encoding", "chunked")) {
      body = readChunkedBody();
    } else if (h.contains("Content-Length")) {
      body = readExactly(Integer.parseInt(h.get("Content-Length")));
    } else {
      body = readUntilClose();
    }
    return parsed.withBody(body);
  }

  /** Reads up to and including the empty line that ends a response head. */
  public String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("Connection closed in response head: " + head.toString(StandardCharsets.ISO_8859_1));
      }
      head.write(b);
      matched = "\r\n\r\n".charAt(matched) == b ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  public byte[] readExactly(int n) throws IOException {
    byte[] bytes = in.readNBytes(n);
    if (bytes.length < n) {
      throw new EOFException("Connection closed after " + bytes.length + " of " + n + " body bytes.");
    }
    return bytes;
  }

  /** Decodes a chunked body (no trailers expected from our server). */
  private byte[] readChunkedBody() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (int chunks = 0; chunks < 10_000; chunks++) {
      byte[] chunk = readChunk();
      if (chunk.length == 0) {
        return body.toByteArray();
      }
      body.write(chunk);
    }
    throw new IOException("Too many chunks");
  }

  /** The data of the next chunk of a chunked body; empty for the last chunk (its empty trailer read too). */
  byte[] readChunk() throws IOException {
    int size = Integer.parseInt(readLine().trim(), 16);
    if (size == 0) {
      String end = readLine();
      if (!end.isEmpty()) {
        throw new IOException("Unexpected trailer " + end);
      }
      return new byte[0];
    }
    byte[] data = readExactly(size);
    if (!readLine().isEmpty()) {
      throw new IOException("Chunk data not followed by CRLF");
    }
    return data;
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int i = 0; i < 8192; i++) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("Connection closed in a line");
      }
      if (b == '\n') {
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      line.write(b);
    }
    throw new IOException("Line too long");
  }

  /** Reads until the server closes (bounded by the read timeout). */
  public byte[] readUntilClose() throws IOException {
    return in.readAllBytes();
  }

  /**
   * True when the server closes the connection (end of stream or reset) within {@code within}
   * without sending any further byte; false when it is still open then. Fails on unexpected bytes.
   */
  public boolean closesWithin(Duration within) throws IOException {
    socket.setSoTimeout((int) within.toMillis());
    try {
      int b = in.read();
      if (b >= 0) {
        throw new IOException("Expected the connection to close, got byte " + b + " then "
            + new String(in.readNBytes(Math.min(in.available(), 200)), StandardCharsets.ISO_8859_1));
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) { // connection reset: closed too
      return true;
    } finally {
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    }
  }

  /** True when nothing arrives and the connection stays open for {@code during}. */
  public boolean staysSilent(Duration during) throws IOException {
    socket.setSoTimeout((int) during.toMillis());
    try {
      in.read(); // any byte or end of stream: not silent
      return false;
    } catch (SocketTimeoutException e) {
      return true;
    } finally {
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
