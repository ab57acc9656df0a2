package io.squall.http.internal;

import io.squall.http.HttpException;
import io.squall.http.HttpLimits;
import io.squall.http.HttpStatus;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads a request body, of fixed length or chunked (RFC 9112 §6, §7), into an array of its own.
 * The size is checked against {@link HttpLimits#maxBodyBytes()} as soon as it is announced, before
 * the bytes are buffered, and the array grows as bytes arrive rather than to the announced size, so
 * a client cannot make the server reserve memory it never sends.
 *
 * <p>Confined to the connection's loop, like the {@link RequestParser} that owns it.
 */
final class BodyReader {
  /** Longest chunk size line, extensions included; Go's net/http uses the same bound. */
  static final int MAX_CHUNK_SIZE_LINE_BYTES = 4096;
  /** First allocation for a body; larger bodies then double. */
  private static final int FIRST_CAPACITY = 8 * 1024;
  /** Hex digits, after leading zeros, that a chunk size may have before it could overflow a long. */
  private static final int MAX_CHUNK_SIZE_DIGITS = 15;
  private static final byte[] EMPTY = new byte[0];

  private enum State { FIXED, CHUNK_SIZE, CHUNK_DATA, CHUNK_DATA_CR, CHUNK_DATA_LF, TRAILERS, DONE }

  private final long maxBodyBytes;
  private final int maxTrailerBytes;
  /** Shared with the parser, which is between lines while a body is read. */
  private final LineReader lines;
  private State state = State.DONE;
  private byte[] body = EMPTY;
  private int length;
  /** Bytes still to come of a fixed body or of the current chunk. */
  private long remaining;
  /** The array may grow up to this: the fixed length, or the limit for a chunked body. */
  private long capacityLimit;
  private int trailerBytes;

  BodyReader(HttpLimits limits, LineReader lines) {
    this.maxBodyBytes = limits.maxBodyBytes();
    this.maxTrailerBytes = limits.maxHeaderBytes();
    this.lines = lines;
  }

  /** Starts a body; its size, when fixed, has been checked by {@link HeadRules}. */
  void start(BodyFraming framing) {
    switch (framing) {
      case BodyFraming.Fixed fixed -> {
        remaining = fixed.length();
        capacityLimit = fixed.length();
        state = remaining == 0 ? State.DONE : State.FIXED;
      }
      case BodyFraming.Chunked chunked -> {
        capacityLimit = Math.min(maxBodyBytes, HeadRules.MAX_BUFFERED_BODY_BYTES);
        state = State.CHUNK_SIZE;
      }
    }
  }

  /** Consumes body bytes from {@code in}, no further than the body's end; true once it is complete. */
  boolean read(ByteBuffer in) {
    while (true) {
      switch (state) {
        case FIXED, CHUNK_DATA -> {
          copy(in);
          if (remaining > 0) {
            return false;
          }
          state = state == State.FIXED ? State.DONE : State.CHUNK_DATA_CR;
        }
        case CHUNK_SIZE -> {
          int n = lines.read(in, MAX_CHUNK_SIZE_LINE_BYTES);
          if (n == LineReader.INCOMPLETE) {
            return false;
          }
          if (n == LineReader.TOO_LONG) {
            throw badRequest("Chunk size line of " + lines.tooLongAt()
                + " bytes exceeds the limit of " + MAX_CHUNK_SIZE_LINE_BYTES + ".");
          }
          startChunk(n);
        }
        case CHUNK_DATA_CR, CHUNK_DATA_LF -> {
          if (!in.hasRemaining()) {
            return false;
          }
          // RFC 9112 §7.1: chunk data is followed by CRLF; a bare LF is not tolerated here, where
          // parsers that differ on it let requests be smuggled.
          byte b = in.get();
          byte expected = state == State.CHUNK_DATA_CR ? HttpChars.CR : HttpChars.LF;
          if (b != expected) {
            throw badRequest("Expected CRLF after chunk data, found " + HttpChars.hex(b & 0xff) + ".");
          }
          state = state == State.CHUNK_DATA_CR ? State.CHUNK_DATA_LF : State.CHUNK_SIZE;
        }
        case TRAILERS -> {
          if (readTrailerLine(in)) {
            state = State.DONE;
          } else if (!in.hasRemaining()) {
            return false;
          }
        }
        case DONE -> {
          return true;
        }
      }
    }
  }

  /** Bytes of body data received so far. */
  int length() {
    return length;
  }

  /** The complete body, exactly sized; the reader lets go of it. */
  byte[] take() {
    byte[] result = body.length == length ? body : Arrays.copyOf(body, length);
    body = EMPTY;
    length = 0;
    return result;
  }

  void reset() {
    state = State.DONE;
    body = EMPTY;
    length = 0;
    remaining = 0;
    trailerBytes = 0;
  }

  /** Parses {@code chunk-size [ chunk-ext ]} (RFC 9112 §7.1.1) and checks the body's new total. */
  private void startChunk(int n) {
    if (!lines.endedWithCr()) {
      throw badRequest("Chunk size line must end with CRLF.");
    }
    int digitsEnd = 0;
    while (digitsEnd < n && HttpChars.isHexDigit(lines.at(digitsEnd))) {
      digitsEnd++;
    }
    int rest = digitsEnd;
    while (rest < n && HttpChars.isOws(lines.at(rest))) {
      rest++;
    }
    // BWS is allowed only before a ';' that starts an extension: "3 " alone is not a chunk size.
    boolean strayWhitespace = rest > digitsEnd && rest == n;
    if (digitsEnd == 0 || strayWhitespace || (rest < n && lines.at(rest) != ';')) {
      throw badRequest("Invalid chunk size line " + HttpChars.quote(lines.string(0, n)) + ".");
    }
    for (int i = rest; i < n; i++) {
      if (HttpChars.isForbiddenControl(lines.at(i))) {
        throw badRequest("Invalid character " + HttpChars.hex(lines.at(i)) + " in chunk extension.");
      }
    }
    int firstDigit = 0;
    while (firstDigit < digitsEnd - 1 && lines.at(firstDigit) == '0') {
      firstDigit++;
    }
    String hex = lines.string(firstDigit, digitsEnd);
    if (hex.length() > MAX_CHUNK_SIZE_DIGITS) {
      BigInteger total = new BigInteger(hex, 16).add(BigInteger.valueOf(length));
      throw total.compareTo(BigInteger.valueOf(maxBodyBytes)) > 0
          ? HeadRules.bodyTooLarge(total, maxBodyBytes)
          : HeadRules.bufferedBodyTooLarge(total);
    }
    long size = Long.parseLong(hex, 16);
    HeadRules.checkBodySize(length + size, maxBodyBytes);
    remaining = size;
    state = size == 0 ? State.TRAILERS : State.CHUNK_DATA;
  }

  /**
   * Reads one trailer line, counted against maxHeaderBytes and then ignored; true at the empty line
   * that ends the body (RFC 9112 §7.1.2).
   */
  private boolean readTrailerLine(ByteBuffer in) {
    int n = lines.read(in, maxTrailerBytes - trailerBytes);
    if (n == LineReader.INCOMPLETE) {
      return false;
    }
    if (n == LineReader.TOO_LONG) {
      throw trailersTooLarge(trailerBytes + lines.tooLongAt());
    }
    if (!lines.endedWithCr()) {
      throw badRequest("Trailer line must end with CRLF.");
    }
    if (n == 0) {
      return true;
    }
    trailerBytes += n + 2;
    if (trailerBytes > maxTrailerBytes) {
      throw trailersTooLarge(trailerBytes);
    }
    return false;
  }

  private void copy(ByteBuffer in) {
    int n = (int) Math.min(remaining, in.remaining());
    int needed = length + n;
    if (needed > body.length) {
      long grown = Math.max(needed, Math.max(body.length * 2L, FIRST_CAPACITY));
      body = Arrays.copyOf(body, (int) Math.min(grown, capacityLimit));
    }
    in.get(body, length, n);
    length = needed;
    remaining -= n;
  }

  private HttpException trailersTooLarge(int bytes) {
    return new HttpException(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
        "Trailer section of " + bytes + " bytes exceeds maxHeaderBytes " + maxTrailerBytes + ".");
  }

  private static HttpException badRequest(String message) {
    return new HttpException(HttpStatus.BAD_REQUEST, message);
  }
}
