package io.squall.websocket;

import io.squall.websocket.internal.WebSocketProtocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A one-connection fake WebSocket server for the client's tests: it reads the request head and
 * answers with the bytes a script crafts (malformed on purpose), so the client meets servers no
 * real peer would be.
 */
final class ScriptedServer {
  private ScriptedServer() {}

  /**
   * Accepts one connection, reads the request head, writes what {@code script} answers (nothing and
   * a 3 s wait for null), then completes with the next {@code replyBytes} the client sends (fewer
   * when it closes first).
   */
  static CompletableFuture<byte[]> answer(ServerSocket ss, int replyBytes, Function<String, byte[]> script) {
    return CompletableFuture.supplyAsync(() -> {
      try (Socket s = ss.accept()) {
        s.setSoTimeout(10_000);
        InputStream in = s.getInputStream();
        String request = readHead(in);
        OutputStream out = s.getOutputStream();
        byte[] answer = script.apply(request);
        if (answer == null) {
          Thread.sleep(3000);
          return new byte[0];
        }
        out.write(answer);
        out.flush();
        return in.readNBytes(replyBytes);
      } catch (IOException | InterruptedException e) {
        return new byte[0];
      }
    }, r -> Thread.ofVirtual().start(r)); // not the common pool: a server waiting out its timeout would hold up the next
  }

  /** As {@link #answer(ServerSocket, int, Function)}, reading back the client's close frame header, mask and code. */
  static CompletableFuture<byte[]> answer(ServerSocket ss, Function<String, byte[]> script) {
    return answer(ss, 2 + 4 + 2, script);
  }

  static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  static String keyOf(String request) {
    return request.replaceAll("(?s).*Sec-WebSocket-Key: ([^\r]+)\r\n.*", "$1");
  }

  /** A valid 101 for {@code request}, then {@code frames}. */
  static byte[] accept(String request, byte[] frames) {
    return concat(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: " + WebSocketProtocol.acceptKey(keyOf(request)) + "\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1), frames);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  /** The close code in a masked close frame as {@link #answer} reads it back: header, mask, code. */
  static int maskedCloseCode(byte[] close) {
    return ((close[6] ^ close[2]) & 0xff) << 8 | ((close[7] ^ close[3]) & 0xff);
  }

  static URI uri(ServerSocket ss) {
    return URI.create("ws://127.0.0.1:" + ss.getLocalPort() + "/x");
  }
}
