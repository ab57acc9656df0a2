package io.squall.websocket;

import io.squall.websocket.deflate.PerMessageDeflate;
import io.squall.websocket.internal.FrameWriter;
import io.squall.websocket.internal.WebSocketProtocol;
import io.squall.websocket.internal.WebSocketSession;
import java.nio.ByteBuffer;
import java.util.function.Predicate;

/**
 * Broadcast frames on their way to the members of one event loop: unmasked final frames laid end
 * to end, which every member without compression gets as one read-only view. Members that agreed
 * to permessage-deflate get the same frames compressed, each message on its own (RFC 7692 §7.2.1),
 * made once per loop for all of them on the first such member and shared as read-only views too:
 * a broadcast to N compressed sockets costs one compression per loop, not N.
 *
 * <p>Confined to the loop that delivers it: make one per loop.
 */
final class SharedFrames {
  private static final int[] ONE_FRAME = {0};

  private final byte[] bytes;
  private final int size;
  private final int[] starts;
  private final int count;
  /** The compressed forms made so far, by {@link PerMessageDeflate#sharedFormKey()}; usually one. */
  private long[] keys = new long[1];
  private ByteBuffer[] forms = new ByteBuffer[1];
  private int formCount;

  /** {@code count} frames in {@code bytes[0..size)}, frame i starting at {@code starts[i]}. */
  SharedFrames(byte[] bytes, int size, int[] starts, int count) {
    this.bytes = bytes;
    this.size = size;
    this.starts = starts;
    this.count = count;
  }

  /** One frame: an encoded buffer over a whole array from its offset 0. */
  static SharedFrames of(ByteBuffer frame) {
    return new SharedFrames(frame.array(), frame.limit(), ONE_FRAME, 1);
  }

  /** Queues the frames on every member the filter (if any) accepts. */
  void deliver(Iterable<WebSocketHandler> members, Predicate<WebSocketHandler> filter) {
    ByteBuffer plain = ByteBuffer.wrap(bytes, 0, size).asReadOnlyBuffer();
    for (WebSocketHandler h : members) {
      if (filter != null && !filter.test(h)) {
        continue;
      }
      WebSocketSession session = h.session();
      PerMessageDeflate codec = session.deflate();
      ByteBuffer compressed = codec == null ? null : compressedFor(codec);
      if (compressed == null) {
        session.sendFrameOnLoop(plain.duplicate(), null);
      } else {
        session.sendSharedCompressedOnLoop(compressed.duplicate());
      }
    }
  }

  /** The frames as compressed for {@code codec}'s sockets, or null when no message gained from it. */
  ByteBuffer compressedFor(PerMessageDeflate codec) {
    long key = codec.sharedFormKey();
    for (int i = 0; i < formCount; i++) {
      if (keys[i] == key) {
        return forms[i];
      }
    }
    if (formCount == keys.length) {
      keys = java.util.Arrays.copyOf(keys, formCount * 2);
      forms = java.util.Arrays.copyOf(forms, formCount * 2);
    }
    keys[formCount] = key;
    return forms[formCount++] = compress(codec);
  }

  /**
   * Each message compressed on its own, or copied as it is when it is too short or does not shrink.
   * A compressed message is shorter than its plain one and so is its header: the plain size bounds
   * the result.
   */
  private ByteBuffer compress(PerMessageDeflate codec) {
    byte[] out = new byte[size];
    int length = 0;
    boolean any = false;
    for (int i = 0; i < count; i++) {
      int start = starts[i];
      int end = i + 1 < count ? starts[i + 1] : size;
      int lengthByte = bytes[start + 1] & 0x7f;
      int header = lengthByte < 126 ? 2 : lengthByte == 126 ? 4 : 10; // RFC 6455 §5.2, unmasked
      ByteBuffer payload = codec.compressShared(ByteBuffer.wrap(bytes, start + header, end - start - header));
      if (payload == null) {
        System.arraycopy(bytes, start, out, length, end - start);
        length += end - start;
        continue;
      }
      any = true;
      int opcode = bytes[start] & 0x0f;
      int n = payload.remaining();
      ByteBuffer head = FrameWriter.header(opcode, n, true, WebSocketProtocol.FLAG_RSV1);
      int headLength = head.remaining();
      head.get(out, length, headLength);
      payload.get(out, length + headLength, n);
      length += headLength + n;
    }
    return any ? ByteBuffer.wrap(out, 0, length).asReadOnlyBuffer() : null;
  }
}
