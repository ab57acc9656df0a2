package io.squall.websocket.deflate;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.squall.websocket.WebSocketCompression;
import io.squall.websocket.internal.ProtocolException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * What a peer controls in permessage-deflate: the extension offer and the compressed bytes. A
 * header must never fail the handshake with anything but a declined offer; compressed bytes may
 * only end in a {@link ProtocolException} (1007 or 1009), within the size limit.
 */
class DeflateFuzzTest {
  private static final DeflateParameters FRESH = new DeflateParameters(true, true, 0, 0);

  @FuzzTest(maxDuration = "15s")
  void offersAreAnsweredOrDeclinedAndInflationStaysInItsBounds(FuzzedDataProvider data) {
    String header = data.consumeString(200);
    DeflateNegotiation.accept(Extension.parseAll(List.of(header)), WebSocketCompression.on());
    DeflateNegotiation.accept(Extension.parseAll(List.of(header)), WebSocketCompression.on().withContextTakeover(true));
    try {
      DeflateNegotiation.checkResponse(List.of(header));
    } catch (IllegalArgumentException refused) {
      // the client fails such a connection
    }
    byte[] compressed = data.consumeRemainingAsBytes();
    try {
      ByteBuffer out = PerMessageDeflate.forServer(FRESH, WebSocketCompression.on()).decompressMessage(true, ByteBuffer.wrap(compressed), 1 << 16);
      if (out.remaining() > 1 << 16) {
        throw new AssertionError("inflated past the limit: " + out.remaining());
      }
    } catch (ProtocolException expected) {
      // 1007 or 1009
    }
  }
}
