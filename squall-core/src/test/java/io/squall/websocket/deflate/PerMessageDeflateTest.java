package io.squall.websocket.deflate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.websocket.WebSocketCompression;
import io.squall.websocket.internal.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

class PerMessageDeflateTest {
  private static final WebSocketCompression ALL = WebSocketCompression.on().withMinMessageBytes(0);
  private static final DeflateParameters FRESH = new DeflateParameters(true, true, 0, 0);
  private static final DeflateParameters CONTEXT = new DeflateParameters(false, false, 0, 0);

  private static ByteBuffer hex(String h) {
    return ByteBuffer.wrap(HexFormat.of().parseHex(h.replace(" ", "")));
  }

  private static String text(ByteBuffer b) {
    return StandardCharsets.UTF_8.decode(b.duplicate()).toString();
  }

  private static ByteBuffer utf8(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void inflatesTheExamplesOfRfc7692() {
    PerMessageDeflate d = PerMessageDeflate.forServer(CONTEXT, ALL.withContextTakeover(true));
    // §7.2.3.1: "Hello" in one compressed message; §7.2.3.2: the same again, referring back to it
    assertThat(text(d.decompress(hex("f2 48 cd c9 c9 07 00"), 1000))).isEqualTo("Hello");
    assertThat(text(d.decompress(hex("f2 00 11 00 00"), 1000))).isEqualTo("Hello");
    // §7.2.3.3: a stored block; §7.2.3.5: two blocks in one message
    PerMessageDeflate fresh = PerMessageDeflate.forServer(FRESH, ALL);
    assertThat(text(fresh.decompress(hex("00 05 00 fa ff 48 65 6c 6c 6f 00"), 1000))).isEqualTo("Hello");
    assertThat(text(fresh.decompress(hex("f2 48 05 00 00 00 ff ff ca c9 c9 07 00"), 1000))).isEqualTo("Hello");
    // §7.2.3.4: a final block (BFINAL set)
    assertThat(text(fresh.decompress(hex("f3 48 cd c9 c9 07 00 00"), 1000))).isEqualTo("Hello");
  }

  @Test
  void compressesHelloAsRfc7692ShowsAndDropsTheSyncFlushTail() {
    PerMessageDeflate d = PerMessageDeflate.forServer(CONTEXT, ALL.withContextTakeover(true));
    ByteBuffer first = d.compress(utf8("Hello"));
    assertThat(HexFormat.of().formatHex(first.array(), first.position(), first.limit())).isEqualTo("f248cdc9c90700");
    ByteBuffer second = d.compress(utf8("Hello"));
    assertThat(second.remaining()).isLessThan(first.remaining());
  }

  @Test
  void whatOneSideCompressesTheOtherInflatesBackInBothModes() {
    String message = "The article's chat line, repeated. ".repeat(200);
    for (DeflateParameters p : new DeflateParameters[] {FRESH, CONTEXT}) {
      WebSocketCompression config = ALL.withContextTakeover(p == CONTEXT);
      PerMessageDeflate server = PerMessageDeflate.forServer(p, config);
      PerMessageDeflate client = PerMessageDeflate.forClient(p, config);
      for (int i = 0; i < 3; i++) {
        ByteBuffer wire = server.compress(utf8(message + i));
        assertThat(wire.remaining()).isLessThan(message.length() / 10);
        assertThat(text(client.decompress(wire, 1 << 20))).isEqualTo(message + i);
        assertThat(text(server.decompress(client.compress(utf8(i + message)), 1 << 20))).isEqualTo(i + message);
      }
    }
  }

  @Test
  void shortAndIncompressibleMessagesGoOutAsTheyAre() {
    PerMessageDeflate d = PerMessageDeflate.forServer(FRESH, WebSocketCompression.on());
    assertThat(d.compress(utf8("short"))).isNull();
    byte[] noise = new byte[4096];
    new Random(7).nextBytes(noise);
    assertThat(d.compress(ByteBuffer.wrap(noise))).isNull();
  }

  @Test
  void aDeflateBombStopsAtTheMessageSizeLimitWith1009() {
    byte[] zeros = new byte[4 << 20];
    Deflater def = new Deflater(9, true);
    def.setInput(zeros);
    byte[] bomb = new byte[64 * 1024];
    int n = def.deflate(bomb, 0, bomb.length, Deflater.SYNC_FLUSH);
    def.end();
    PerMessageDeflate d = PerMessageDeflate.forServer(FRESH, ALL);

    assertThatThrownBy(() -> d.decompress(ByteBuffer.wrap(bomb, 0, n), 65_536))
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.closeCode().code()).isEqualTo(1009))
        .hasMessage("Message inflates to more than maxMessageSize 65536 bytes.");
    assertThat(text(d.decompress(hex("f2 48 cd c9 c9 07 00"), 5))).isEqualTo("Hello"); // the loop's inflater is clean again
  }

  @Test
  void dataThatIsNotDeflateClosesWith1007() {
    PerMessageDeflate d = PerMessageDeflate.forServer(FRESH, ALL);

    assertThatThrownBy(() -> d.decompress(hex("ff ff ff ff 00 12"), 1000))
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.closeCode().code()).isEqualTo(1007))
        .hasMessageStartingWith("Invalid compressed data: ");
  }

  @Test
  void socketsWithoutContextTakeoverShareOneStatelessCodec() {
    PerMessageDeflate a = PerMessageDeflate.forServer(FRESH, WebSocketCompression.on());
    PerMessageDeflate b = PerMessageDeflate.forServer(FRESH, WebSocketCompression.on());
    PerMessageDeflate withContext = PerMessageDeflate.forServer(CONTEXT, WebSocketCompression.on().withContextTakeover(true));

    assertThat(a).isSameAs(b);
    assertThat(a.isShared()).isTrue();
    assertThat(withContext.isShared()).isFalse();
    assertThat(PerMessageDeflate.forServer(FRESH, WebSocketCompression.on().withLevel(1))).isNotSameAs(a);
  }

  /** The bytes of a buffer that lies in a thread's scratch array, copied before the next call. */
  private static ByteBuffer copy(ByteBuffer b) {
    ByteBuffer c = ByteBuffer.allocate(b.remaining());
    return c.put(b.duplicate()).flip();
  }

  @Test
  void aSharedCompressionIsTheSameForEveryCodecOfOneLevelAndThresholdWhateverItsContext() {
    PerMessageDeflate fresh = PerMessageDeflate.forServer(FRESH, ALL);
    PerMessageDeflate withContext = PerMessageDeflate.forServer(CONTEXT, ALL.withContextTakeover(true));
    ByteBuffer line = utf8("[12:00:01] 127.0.0.1 : a chat line that every member gets. ".repeat(4));
    withContext.compress(line); // a kept context has seen a message: the shared form must not refer to it

    ByteBuffer a = copy(fresh.compressShared(line));
    ByteBuffer b = copy(withContext.compressShared(line));

    assertThat(a).isEqualTo(b);
    assertThat(fresh.sharedFormKey()).isEqualTo(withContext.sharedFormKey());
    assertThat(PerMessageDeflate.forServer(FRESH, ALL.withLevel(1)).sharedFormKey()).isNotEqualTo(fresh.sharedFormKey());
    assertThat(PerMessageDeflate.forServer(FRESH, ALL.withMinMessageBytes(9)).sharedFormKey()).isNotEqualTo(fresh.sharedFormKey());
    assertThat(text(PerMessageDeflate.forServer(FRESH, ALL).decompress(a, 10_000))).isEqualTo(text(line));
  }

  @Test
  void aSharedCompressionLeavesShortAndIncompressibleMessagesPlain() {
    PerMessageDeflate d = PerMessageDeflate.forServer(FRESH, WebSocketCompression.on());
    byte[] noise = new byte[500];
    new Random(7).nextBytes(noise);

    assertThat(d.compressShared(utf8("short"))).isNull();
    assertThat(d.compressShared(ByteBuffer.wrap(noise))).isNull();
  }

  @Test
  void aKeptContextThatForgetsItselfAfterASharedMessageStaysReadableByAPeerThatKeepsItsWindow() {
    PerMessageDeflate server = PerMessageDeflate.forServer(CONTEXT, ALL.withContextTakeover(true));
    PerMessageDeflate peer = PerMessageDeflate.forClient(CONTEXT, ALL.withContextTakeover(true));
    String own = "a message of this socket alone, said twice. ";
    String shared = "a broadcast every member gets, compressed once for all. ";

    assertThat(text(peer.decompress(copy(server.compress(utf8(own))), 10_000))).isEqualTo(own);
    assertThat(text(peer.decompress(copy(server.compressShared(utf8(shared))), 10_000))).isEqualTo(shared);
    server.forgetOutgoingContext();
    // Without forgetting, this would refer back to the first message at a distance that lands in
    // the broadcast in the peer's window.
    assertThat(text(peer.decompress(copy(server.compress(utf8(own))), 10_000))).isEqualTo(own);
    assertThat(text(peer.decompress(copy(server.compress(utf8(own))), 10_000))).isEqualTo(own);
  }
  /** A peer that keeps its window and appends the tail to every compressed message, as RFC 7692 §7.2.2 says. */
  private static String inflateAsAPeer(Inflater peer, ByteBuffer wire) throws DataFormatException {
    byte[] in = new byte[wire.remaining() + 4];
    wire.duplicate().get(in, 0, wire.remaining());
    in[in.length - 2] = (byte) 0xff;
    in[in.length - 1] = (byte) 0xff;
    peer.setInput(in);
    byte[] out = new byte[10_000];
    int n = peer.inflate(out);
    assertThat(peer.getRemaining()).isZero();
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  @Test
  void anEmptyMessageWithAKeptContextIsTheOctet00SoThePeersWindowStaysInStep() throws Exception {
    PerMessageDeflate server = PerMessageDeflate.forServer(CONTEXT, ALL.withContextTakeover(true));
    Inflater peer = new Inflater(true);
    try {
      assertThat(inflateAsAPeer(peer, copy(server.compress(utf8("hello hello hello"))))).isEqualTo("hello hello hello");
      for (int i = 0; i < 2; i++) {
        ByteBuffer empty = copy(server.compress(utf8("")));
        assertThat(empty).isEqualTo(hex("00")); // RFC 7692 §7.2.3.6: not 0 octets, which the tail would leave mid-block
        assertThat(inflateAsAPeer(peer, empty)).isEmpty();
      }
      assertThat(inflateAsAPeer(peer, copy(server.compress(utf8("hello again, hello"))))).isEqualTo("hello again, hello");
    } finally {
      peer.end();
    }
  }

  @Test
  void anEmptyCompressedPayloadIsAnEmptyMessageAndLeavesAKeptContextIntact() {
    PerMessageDeflate client = PerMessageDeflate.forClient(CONTEXT, ALL.withContextTakeover(true));
    assertThat(text(client.decompress(hex("f2 48 cd c9 c9 07 00"), 1000))).isEqualTo("Hello");
    assertThat(client.decompress(hex(""), 1000).remaining()).isZero();
    assertThat(text(client.decompress(hex("f2 00 11 00 00"), 1000))).isEqualTo("Hello"); // RFC 7692 §7.2.3.2
  }
  @Test
  void aKeptContextDoesNotHoldOnToTheLastMessageItCompressed() {
    PerMessageDeflate server = PerMessageDeflate.forServer(CONTEXT, ALL.withContextTakeover(true));
    byte[] message = new byte[1 << 20];
    java.lang.ref.WeakReference<byte[]> sent = new java.lang.ref.WeakReference<>(message);
    assertThat(server.compress(ByteBuffer.wrap(message))).isNotNull();
    message = null;

    for (int i = 0; i < 20 && !sent.refersTo(null); i++) {
      System.gc();
    }

    // An idle socket that keeps its context must not keep its last message too (one per socket).
    assertThat(sent.refersTo(null)).isTrue();
    assertThat(server.holdsOwnState()).isTrue();
  }
}
