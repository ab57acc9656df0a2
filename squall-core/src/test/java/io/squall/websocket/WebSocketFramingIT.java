package io.squall.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.examples.EchoSocket;
import io.squall.web.Settings;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6455 §5 conformance: hand-built frames in, exact frames and close codes out. */
class WebSocketFramingIT {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.builder()
        .route("/echo", EchoSocket.class)
        .setting(Settings.WEBSOCKET_MAX_MESSAGE_SIZE, 2 * 1024 * 1024)
        .start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static RawWebSocket connect() throws Exception {
    return RawWebSocket.connect(server.port(), "/echo");
  }

  /** Asserts the server sent a close frame with {@code code} and then closed TCP. */
  static void assertClosedWith(RawWebSocket ws, int code) throws Exception {
    RawWebSocket.Frame f = ws.read();
    while (f.opcode() != 8) {
      f = ws.read();
    }
    assertThat(f.closeCode()).as("close code, reason: " + f.closeReason()).isEqualTo(code);
    assertThat(ws.closedByServer()).as("server closed TCP").isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 125, 126, 127, 65535, 65536, 1 << 20})
  void echoesTextAndBinaryOfEverySize(int size) throws Exception {
    byte[] binary = new byte[size];
    for (int i = 0; i < size; i++) {
      binary[i] = (byte) (i * 31);
    }
    String text = "x".repeat(size);
    try (RawWebSocket ws = connect()) {
      ws.send(2, binary);
      RawWebSocket.Frame b = ws.read();
      assertThat(b.opcode()).isEqualTo(2);
      assertThat(b.masked()).as("server frames are never masked").isFalse();
      assertThat(b.payload()).isEqualTo(binary);
      ws.sendText(text);
      RawWebSocket.Frame t = ws.read();
      assertThat(t.opcode()).isEqualTo(1);
      assertThat(t.text()).isEqualTo(text);
    }
  }

  @Test
  void reassemblesFragmentsWithControlFramesInterleaved() throws Exception {
    try (RawWebSocket ws = connect()) {
      ws.send(false, 0, 1, "Hel".getBytes(StandardCharsets.UTF_8), true);
      ws.send(true, 0, 9, "between".getBytes(StandardCharsets.UTF_8), true);
      ws.send(false, 0, 0, "lo, ".getBytes(StandardCharsets.UTF_8), true);
      ws.send(true, 0, 0, "world".getBytes(StandardCharsets.UTF_8), true);
      RawWebSocket.Frame pong = ws.read();
      assertThat(pong.opcode()).isEqualTo(10);
      assertThat(pong.text()).isEqualTo("between");
      RawWebSocket.Frame msg = ws.read();
      assertThat(msg.opcode()).isEqualTo(1);
      assertThat(msg.fin()).isTrue();
      assertThat(msg.text()).isEqualTo("Hello, world");
    }
  }

  @Test
  void answersPingWithPongCarryingTheSamePayload() throws Exception {
    try (RawWebSocket ws = connect()) {
      byte[] payload = {1, 2, 3, 0, (byte) 0xff};
      ws.send(9, payload);
      RawWebSocket.Frame pong = ws.read();
      assertThat(pong.opcode()).isEqualTo(10);
      assertThat(pong.payload()).isEqualTo(payload);
    }
  }

  /**
   * RFC 6455 §5.5.3: a peer that pings faster than it reads gets a pong for the latest ping, not
   * one queued frame per ping (each ~80 bytes of heap for 2 to 127 on the wire, which the
   * outbound byte limit did not see: empty pings from a few such peers filled the heap).
   */
  @Test
  void aPeerThatPingsWithoutReadingGetsPongsForTheLatestPingNotOnePerPing() throws Exception {
    int pings = 60_000; // 7.6 MB of pongs: more than a loopback send buffer and a 4 KiB receive buffer hold
    try (RawWebSocket ws = RawWebSocket.connectReadingSlowly(server.port(), "/echo", 4096)) {
      byte[] frames = new byte[pings * 131];
      for (int i = 0; i < pings; i++) {
        int at = i * 131;
        frames[at] = (byte) 0x89;
        frames[at + 1] = (byte) (0x80 | 125); // masked with key 0: the payload reads as sent
        frames[at + 6] = (byte) (i >>> 24);
        frames[at + 7] = (byte) (i >>> 16);
        frames[at + 8] = (byte) (i >>> 8);
        frames[at + 9] = (byte) i;
      }
      ws.sendRaw(frames);
      ws.sendText("end");
      int pongs = 0;
      int last = -1;
      boolean ended = false;
      while (!(ended && last == pings - 1)) {
        RawWebSocket.Frame f = ws.read();
        if (f.opcode() == 10) {
          int n = ((f.payload()[0] & 0xff) << 24) | ((f.payload()[1] & 0xff) << 16) | ((f.payload()[2] & 0xff) << 8) | (f.payload()[3] & 0xff);
          assertThat(n).as("pongs answer pings in order").isGreaterThan(last);
          last = n;
          pongs++;
        } else {
          assertThat(f.text()).isEqualTo("end");
          ended = true;
        }
      }
      assertThat(pongs).as("pongs for %d pings", pings).isLessThan(pings);
    }
  }

  @Test
  void ignoresUnsolicitedPong() throws Exception {
    try (RawWebSocket ws = connect()) {
      ws.send(10, "unasked".getBytes(StandardCharsets.UTF_8));
      ws.sendText("still here");
      assertThat(ws.read().text()).isEqualTo("still here");
    }
  }

  @Test
  void closesWith1002OnUnmaskedFrame() throws Exception {
    try (RawWebSocket ws = connect()) {
      ws.send(true, 0, 1, "hi".getBytes(StandardCharsets.UTF_8), false);
      assertClosedWith(ws, 1002);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4, 7})
  void closesWith1002OnNonZeroReservedBits(int rsv) throws Exception {
    try (RawWebSocket ws = connect()) {
      ws.send(true, rsv, 1, "hi".getBytes(StandardCharsets.UTF_8), true);
      assertClosedWith(ws, 1002);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 4, 5, 6, 7, 11, 12, 13, 14, 15})
  void closesWith1002OnReservedOpcode(int opcode) throws Exception {
    try (RawWebSocket ws = connect()) {
      ws.send(opcode, new byte[0]);
      assertClosedWith(ws, 1002);
    }
  }

  @Test
  void closesWith1002OnControlFrameOver125Bytes() throws Exception {
    try (RawWebSocket ws = connect()) {
      ws.send(9, new byte[126]);
      assertClosedWith(ws, 1002);
    }
  }

  @Test
  void closesWith1002OnFragmentedControlFrame() throws Exception {
    try (RawWebSocket ws = connect()) {
      ws.send(false, 0, 9, "a".getBytes(StandardCharsets.UTF_8), true);
      assertClosedWith(ws, 1002);
    }
  }

  @Test
  void closesWith1002OnContinuationWithoutStart() throws Exception {
    try (RawWebSocket ws = connect()) {
      ws.send(true, 0, 0, "orphan".getBytes(StandardCharsets.UTF_8), true);
      assertClosedWith(ws, 1002);
    }
  }

  @Test
  void closesWith1002OnNewDataFrameInsideFragmentedMessage() throws Exception {
    try (RawWebSocket ws = connect()) {
      ws.send(false, 0, 1, "start".getBytes(StandardCharsets.UTF_8), true);
      ws.send(true, 0, 1, "again".getBytes(StandardCharsets.UTF_8), true);
      assertClosedWith(ws, 1002);
    }
  }

  @Test
  void closesWith1007OnInvalidUtf8() throws Exception {
    try (RawWebSocket ws = connect()) {
      ws.send(1, new byte[] {'o', 'k', (byte) 0xc0, (byte) 0xaf});
      assertClosedWith(ws, 1007);
    }
  }

  @Test
  void failsFastOnInvalidUtf8InTheFirstFragment() throws Exception {
    try (RawWebSocket ws = connect()) {
      // 0xED 0xA0 0x80 is a UTF-16 surrogate: invalid at once, long before the message would end.
      ws.send(false, 0, 1, new byte[] {'a', (byte) 0xed, (byte) 0xa0, (byte) 0x80}, true);
      assertClosedWith(ws, 1007);
    }
  }

  @Test
  void acceptsACodePointSplitAcrossFragments() throws Exception {
    byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
    try (RawWebSocket ws = connect()) {
      ws.send(false, 0, 1, Arrays.copyOfRange(euro, 0, 1), true);
      ws.send(false, 0, 0, Arrays.copyOfRange(euro, 1, 2), true);
      ws.send(true, 0, 0, Arrays.copyOfRange(euro, 2, 3), true);
      assertThat(ws.read().text()).isEqualTo("€");
    }
  }

  @Test
  void closesWith1007WhenTheMessageEndsInsideACodePoint() throws Exception {
    try (RawWebSocket ws = connect()) {
      ws.send(1, new byte[] {'a', (byte) 0xe2, (byte) 0x82});
      assertClosedWith(ws, 1007);
    }
  }

  @Test
  void closesWith1009WhenAMessageExceedsMaxMessageSize() throws Exception {
    try (RawWebSocket ws = connect()) {
      ws.send(false, 0, 2, new byte[1 << 20], true);
      ws.send(true, 0, 0, new byte[(1 << 20) + 1], true);
      assertClosedWith(ws, 1009);
    }
  }

  @Test
  void badInputClosesOnlyTheOffendingConnection() throws Exception {
    try (RawWebSocket good = connect(); RawWebSocket bad = connect()) {
      bad.send(true, 0, 1, "x".getBytes(StandardCharsets.UTF_8), false);
      assertClosedWith(bad, 1002);
      good.sendText("unharmed");
      assertThat(good.read().text()).isEqualTo("unharmed");
    }
  }

  @Test
  void framesSentInTheSamePacketAsTheHandshakeAreRead() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port())) {
      byte[] head = ("GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
      // A masked "Hi" (RFC 6455 §5.7 style) right behind the request, in one write.
      byte[] frame = {(byte) 0x81, (byte) 0x82, 0x37, (byte) 0xfa, 0x21, 0x3d, 'H' ^ 0x37, 'i' ^ (byte) 0xfa};
      byte[] both = Arrays.copyOf(head, head.length + frame.length);
      System.arraycopy(frame, 0, both, head.length, frame.length);
      ws.sendRaw(both);
      ws.request("");
      assertThat(ws.responseHead).startsWith("HTTP/1.1 101 ");
      assertThat(ws.read().text()).isEqualTo("Hi");
    }
  }

  /**
   * Small echoes pile up in a socket the client does not read, then drain: every one arrives, in
   * order, whether it left in a batch copied whole into the loop's write buffer, in one only partly
   * taken by the full socket, or in a gathering write of a queue grown past that buffer.
   */
  @Test
  void manySmallEchoesBackedUpInAFullSocketArriveIntactAndInOrder() throws Exception {
    try (RawWebSocket ws = connect()) {
      // 30,000 echoes of 200 bytes: 6 MB, more than the server's socket buffer (at most 4 MiB by
      // default, tcp_wmem) and the client's unread one hold, so the socket fills and output queues.
      int count = 30_000;
      String padding = ".".repeat(184);
      CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
        try {
          for (int i = 0; i < count; i++) {
            ws.sendText(String.format("message %06d", i) + padding);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      try { // the server echoes into a socket nobody reads, until it stops taking more
        sent.get(3, TimeUnit.SECONDS);
      } catch (TimeoutException stillSending) {
        // the server paused reading while its output backed up: reading now lets it go on
      }
      DataInputStream in = new DataInputStream(new BufferedInputStream(ws.socket.getInputStream(), 1 << 16));
      for (int i = 0; i < count; i++) {
        String expected = String.format("message %06d", i) + padding;
        assertThat(in.readUnsignedByte()).as("echo %d: a final text frame", i).isEqualTo(0x81);
        assertThat(in.readUnsignedByte()).as("echo %d: unmasked, 16-bit length", i).isEqualTo(126);
        assertThat(in.readUnsignedShort()).as("echo %d: its length", i).isEqualTo(expected.length());
        byte[] payload = in.readNBytes(expected.length());
        if (!Arrays.equals(payload, expected.getBytes(StandardCharsets.US_ASCII))) {
          assertThat(new String(payload, StandardCharsets.US_ASCII)).as("echo %d", i).isEqualTo(expected);
        }
      }
      sent.get(10, TimeUnit.SECONDS);
    }
  }
}
