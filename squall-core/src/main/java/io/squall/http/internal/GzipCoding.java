package io.squall.http.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * The gzip content coding (RFC 1952, RFC 9110 §8.4.1.3) of a response body: a 10-byte header, raw
 * deflate, then the CRC-32 and length of the input. A body known whole is compressed at once with
 * the loop's own deflater ({@link #compress}); a streamed body gets an instance, which flushes
 * what it was given at every chunk (SYNC_FLUSH, as Tornado's {@code GZipContentEncoding}), so a
 * handler's {@code flush()} still reaches the client at once.
 *
 * <p>An instance is confined to its response's loop. Its zlib state is freed by {@link #finish};
 * one whose connection dropped mid-body is freed by the deflater's cleaner once collected.
 */
public final class GzipCoding {
  /** zlib level 6: Tornado's GZIP_LEVEL and nginx's sweet spot, most of 9's ratio at half its cost. */
  static final int LEVEL = 6;
  /** ID1 ID2, CM = deflate, no flags, no MTIME, XFL 0, OS unknown (RFC 1952 §2.3). */
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
  private static final int TRAILER_BYTES = 8;
  /** One per loop thread, reset after each body: a whole-body response costs no zlib set-up. */
  private static final ThreadLocal<Deflater> LOOP_DEFLATER = ThreadLocal.withInitial(() -> new Deflater(LEVEL, true));

  private final Deflater deflater = new Deflater(LEVEL, true);
  private final CRC32 crc = new CRC32();
  private long inputBytes;
  private boolean headerWritten;

  /** {@code body} gzip-encoded, with the calling thread's deflater. */
  public static byte[] compress(byte[] body) {
    Deflater d = LOOP_DEFLATER.get();
    CRC32 crc = new CRC32();
    crc.update(body);
    try {
      d.setInput(body);
      d.finish();
      byte[] out = Arrays.copyOf(HEADER, HEADER.length + body.length / 4 + 64);
      int n = HEADER.length;
      while (!d.finished()) {
        if (n == out.length) {
          out = Arrays.copyOf(out, out.length * 2);
        }
        n += d.deflate(out, n, out.length - n);
      }
      out = Arrays.copyOf(out, n + TRAILER_BYTES);
      writeTrailer(out, n, crc.getValue(), body.length);
      return out;
    } finally {
      d.reset();
    }
  }

  /** The encoded form of the next piece of a streamed body, flushed so that all of it can be decoded now. */
  public ByteBuffer next(ByteBuffer data) {
    crc.update(data.duplicate());
    inputBytes += data.remaining();
    deflater.setInput(data);
    byte[] out = new byte[start(data.remaining() / 2 + 64)];
    int n = headerBytes(out);
    while (true) {
      n += deflater.deflate(out, n, out.length - n, Deflater.SYNC_FLUSH);
      if (n < out.length && deflater.needsInput()) {
        break; // with SYNC_FLUSH the output fills the space only while more is pending
      }
      out = Arrays.copyOf(out, out.length * 2);
    }
    data.position(data.limit());
    return ByteBuffer.wrap(out, 0, n);
  }

  /** The rest of the stream: deflate's last block and the trailer. Frees the zlib state. */
  public ByteBuffer finish() {
    try {
      deflater.finish();
      byte[] out = new byte[start(64)];
      int n = headerBytes(out);
      while (!deflater.finished()) {
        if (n == out.length) {
          out = Arrays.copyOf(out, out.length * 2);
        }
        n += deflater.deflate(out, n, out.length - n);
      }
      out = Arrays.copyOf(out, n + TRAILER_BYTES);
      writeTrailer(out, n, crc.getValue(), inputBytes);
      return ByteBuffer.wrap(out);
    } finally {
      deflater.end();
    }
  }

  /** Frees the zlib state of a stream that will not be finished (its connection closed). */
  public void abandon() {
    deflater.end();
  }

  private int start(int bytes) {
    return headerWritten ? bytes : bytes + HEADER.length;
  }

  private int headerBytes(byte[] out) {
    if (headerWritten) {
      return 0;
    }
    headerWritten = true;
    System.arraycopy(HEADER, 0, out, 0, HEADER.length);
    return HEADER.length;
  }

  /** CRC32 then ISIZE (the input length modulo 2^32), both little-endian (RFC 1952 §2.3.1). */
  private static void writeTrailer(byte[] out, int at, long crc, long size) {
    for (int i = 0; i < 4; i++) {
      out[at + i] = (byte) (crc >>> (8 * i));
      out[at + 4 + i] = (byte) (size >>> (8 * i));
    }
  }
}
