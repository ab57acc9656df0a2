package io.squall.http.internal;

import io.squall.http.HttpException;
import io.squall.http.HttpLimits;
import io.squall.http.HttpStatus;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads a request body, of fixed length or chunked (RFC 9112 §6, §7), into an array of its own, or
 * hands it piece by piece to a {@link BodySink} (a body streamed to its handler, which may exceed
 * what an array holds). The size is checked against the request's limit (the server's {@link
 * HttpLimits#maxBodyBytes()} unless the handler set another) as soon as it is announced, before the
 * bytes are read, and the array grows as bytes arrive rather than to the announced size, so a
 * client cannot make the server reserve memory it never sends.
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

  private final int maxTrailerBytes;
  /** Shared with the parser, which is between lines while a body is read. */
  private final LineReader lines;
  private State state = State.DONE;
  /** This body's limit: the server's, or the one its handler set. */
  private long maxBodyBytes;
  /** Takes the data of a streamed body; null while the body is buffered into {@link #body}. */
  private BodySink sink;
  private byte[] body = EMPTY;
  /** Bytes of body data received so far; past an int only for a streamed body. */
  private long length;
  /** Bytes still to come of a fixed body or of the current chunk. */
  private long remaining;
  /** The array may grow up to this: the fixed length, or the limit for a chunked body. */
  private long capacityLimit;
  private int trailerBytes;

  BodyReader(HttpLimits limits, LineReader lines) {
    this.maxTrailerBytes = limits.maxHeaderBytes();
    this.lines = lines;
  }

  /**
   * Starts a body of at most {@code maxBodyBytes}, buffered, or given to {@code sink} unless it is
   * null; a fixed length is checked here, before any of it is read.
   *
   * @throws HttpException 413 for a Content-Length past the limit (or, buffered, past an array)
   */
  void start(BodyFraming framing, long maxBodyBytes, BodySink sink) {
    this.maxBodyBytes = maxBodyBytes;
    this.sink = sink;
    switch (framing) {
      case BodyFraming.Fixed fixed -> {
        HeadRules.checkBodySize(fixed.length(), maxBodyBytes, sink == null);
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
          boolean goOn = sink == null ? copy(in) : pass(in);
          if (remaining == 0) {
            state = state == State.FIXED ? State.DONE : State.CHUNK_DATA_CR;
          }
          if (!goOn || remaining > 0) {
            return false;
          }
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
  long length() {
    return length;
  }

  /** The complete body, exactly sized (empty for a streamed one); the reader lets go of it. */
  byte[] take() {
    byte[] result = sink != null ? EMPTY : body.length == length ? body : Arrays.copyOf(body, (int) length);
    body = EMPTY;
    length = 0;
    return result;
  }

  void reset() {
    state = State.DONE;
    sink = null;
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
    long size;
    if (hex.length() > MAX_CHUNK_SIZE_DIGITS) {
      BigInteger total = new BigInteger(hex, 16).add(BigInteger.valueOf(length));
      if (total.compareTo(BigInteger.valueOf(maxBodyBytes)) > 0) {
        throw HeadRules.bodyTooLarge(total, maxBodyBytes);
      }
      size = total.longValueExact() - length; // within a limit raised past 2^60, so within a long
    } else {
      size = Long.parseLong(hex, 16);
    }
    HeadRules.checkBodySize(length + size, maxBodyBytes, sink == null);
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

  /** Copies what {@code in} holds of the body into the array; true, as a buffered body never pauses. */
  private boolean copy(ByteBuffer in) {
    int n = (int) Math.min(remaining, in.remaining());
    int needed = (int) length + n;
    if (needed > body.length) {
      long grown = Math.max(needed, Math.max(body.length * 2L, FIRST_CAPACITY));
      body = Arrays.copyOf(body, (int) Math.min(grown, capacityLimit));
    }
    in.get(body, (int) length, n);
    length = needed;
    remaining -= n;
    return true;
  }

  /** Hands what {@code in} holds of the body to the sink, in place; false when the sink pauses. */
  private boolean pass(ByteBuffer in) {
    int n = (int) Math.min(remaining, in.remaining());
    if (n == 0) {
      return true;
    }
    ByteBuffer piece = in.slice(in.position(), n).asReadOnlyBuffer();
    in.position(in.position() + n);
    length += n;
    remaining -= n;
    return sink.accept(piece);
  }

  private HttpException trailersTooLarge(int bytes) {
    return new HttpException(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
        "Trailer section of " + bytes + " bytes exceeds maxHeaderBytes " + maxTrailerBytes + ".");
  }

  private static HttpException badRequest(String message) {
    return new HttpException(HttpStatus.BAD_REQUEST, message);
  }
}
