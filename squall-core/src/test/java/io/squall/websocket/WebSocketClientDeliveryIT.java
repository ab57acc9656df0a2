package io.squall.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.websocket.internal.WebSocketProtocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The order in which the client hands messages over, against a scripted server. */
class WebSocketClientDeliveryIT {

  /** An unmasked final text frame, as a server sends it. */
  private static void text(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.write(0x81);
    out.write(b.length);
    out.writeBytes(b);
  }

  /**
   * Answers the handshake with messages m0..m4 behind the 101, waits for the client's 1-byte ping,
   * then writes the pong and m5..m9 in one write, so the client reads them in one buffer; answers
   * the client's close.
   */
  private static CompletableFuture<Void> server(ServerSocket ss) {
    return CompletableFuture.runAsync(() -> {
      try (Socket s = ss.accept()) {
        s.setSoTimeout(10_000);
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
          head.write(in.read());
        }
        String key = head.toString(StandardCharsets.ISO_8859_1).replaceAll("(?s).*Sec-WebSocket-Key: ([^\r]+)\r\n.*", "$1");
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        first.writeBytes(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: " + WebSocketProtocol.acceptKey(key) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < 5; i++) {
          text(first, "m" + i);
        }
        out.write(first.toByteArray());
        in.readNBytes(2 + 4 + 1); // the masked ping
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        second.writeBytes(new byte[] {(byte) 0x8A, 1, 'p'});
        for (int i = 5; i < 10; i++) {
          text(second, "m" + i);
        }
        out.write(second.toByteArray());
        in.readNBytes(2 + 4 + 2); // the client's masked close 1000
        out.write(new byte[] {(byte) 0x88, 2, 0x03, (byte) 0xE8}); // answered; the server closes TCP first
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  /**
   * m0..m4 wait unread; onMessage is called while the loop is inside the read that holds m5..m9
   * (held there by the pong listener). The callback must still see m0 first: the buffered
   * messages go before any that arrive while it is being registered.
   */
  @Test
  void aCallbackRegisteredDuringAReadGetsTheBufferedMessagesFirst() throws Exception {
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      var server = server(ss);
      WebSocketConnection ws = WebSocketClient.connect(URI.create("ws://127.0.0.1:" + ss.getLocalPort() + "/"))
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
      CountDownLatch inPongListener = new CountDownLatch(1);
      CountDownLatch registered = new CountDownLatch(1);
      ws.onPong(p -> {
        inPongListener.countDown();
        try {
          registered.await(5, TimeUnit.SECONDS); // holds the loop inside the read of m5..m9
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      ws.ping(new byte[] {'p'});
      assertThat(inPongListener.await(10, TimeUnit.SECONDS)).isTrue();
      LinkedBlockingQueue<Message> got = new LinkedBlockingQueue<>();
      ws.onMessage(got::add);
      registered.countDown();
      List<String> order = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        Message m = got.poll(10, TimeUnit.SECONDS);
        order.add(m == null ? null : m.asText());
      }
      assertThat(order).containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9");
      ws.close();
      ws.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
      server.get(10, TimeUnit.SECONDS);
    }
  }
}
