package io.squall.websocket.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;

/**
 * Arbitrary bytes into the frame reader, server side, in arbitrary chunks: it may refuse them only
 * with a {@link ProtocolException} (which becomes a close code), never with anything else.
 */
class FrameReaderFuzzTest {
  @FuzzTest(maxDuration = "20s")
  void failsOnlyWithAProtocolException(byte[] input) {
    FrameReader reader = new FrameReader(new RecordingCallback(), true, 1 << 16);
    reader.setRsv1Allowed(input.length > 0 && (input[0] & 1) == 1);
    int chunk = input.length > 1 ? 1 + (input[1] & 0x3f) : 1;
    try {
      for (int from = 0; from < input.length; from += chunk) {
        ByteBuffer part = ByteBuffer.wrap(input, from, Math.min(chunk, input.length - from)).slice();
        reader.read(part);
      }
    } catch (ProtocolException expected) {
      // a close code for the peer
    }
  }
}
