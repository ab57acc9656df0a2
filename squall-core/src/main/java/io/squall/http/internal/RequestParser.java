package io.squall.http.internal;

import io.squall.http.Headers;
import io.squall.http.HttpException;
import io.squall.http.HttpLimits;
import io.squall.http.HttpStatus;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * An incremental HTTP/1.1 request parser (RFC 9112) for one connection of a non-blocking server.
 * Each read's bytes are fed in as they come; {@link #feed} answers true once a whole request, head
 * and body, has arrived, and leaves the bytes of a pipelined request after it in the buffer:
 *
 * <pre>{@code
 * while (parser.feed(buffer)) {   // a request is complete
 *   dispatch(parser.method(), parser.target(), parser.headers(), parser.body());
 *   parser.reset();
 * }
 * if (parser.headComplete() && parser.expectsContinue()) { ... send 100 Continue once ... }
 * }</pre>
 *
 * <p>A server that lets a handler see the head before the body is read (and take the body as a
 * stream) feeds with {@link #feedHead} until the head is in, then calls {@link #startBody} with the
 * request's limit and, for a streamed body, the {@link BodySink} its bytes go to; {@link #feed}
 * then reads the body. Without that call {@code feed} buffers the body under the server's limit.
 *
 * <p>Bad input throws {@link HttpException} with the status to answer; the connection should then
 * respond and close, and the parser refuses further input until {@link #reset()}.
 *
 * <p>Confined to the connection's loop. It keeps no reference to a buffer it is fed (the loop's
 * shared read buffer): partial lines and the body are copied into arrays of its own.
 */
public final class RequestParser {
  /** HEAD_DONE: the head is in and has passed its checks; the body has not started. */
  private enum State { REQUEST_LINE, HEADERS, HEAD_DONE, BODY, DONE, FAILED }

  private final HttpLimits limits;
  private final LineReader lines = new LineReader();
  private final BodyReader bodyReader;
  private State state = State.REQUEST_LINE;
  private boolean headComplete;
  private RequestLine requestLine;
  private Headers headers;
  private BodyFraming framing;
  private byte[] body;
  private boolean keepAlive;
  private boolean expectsContinue;
  /** Bytes of header lines so far, line ends included. */
  private int headerBytes;
  /** Bytes of the current request consumed so far, not counting empty lines before it. */
  private long received;

  public RequestParser(HttpLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.bodyReader = new BodyReader(limits, lines);
  }

  /**
   * Consumes the bytes of the current request from {@code in}, leaving its position just past the
   * request's last byte. Returns true once the request is complete; false while more bytes are
   * needed, with {@link #headComplete()} true once the body is all that is missing.
   *
   * @throws HttpException for a malformed request or one past {@link HttpLimits}
   */
  public boolean feed(ByteBuffer in) {
    return run(in, false);
  }

  /**
   * Consumes the bytes of the current request's head from {@code in}, and none of its body; returns
   * true once the head is complete (then see {@link #bodyDeclared()} and {@link #startBody}).
   *
   * @throws HttpException for a malformed head or one past {@link HttpLimits}
   */
  public boolean feedHead(ByteBuffer in) {
    if (!headComplete) {
      run(in, true);
    }
    return headComplete;
  }

  private boolean run(ByteBuffer in, boolean stopAtHead) {
    int start = in.position();
    try {
      return advance(in, stopAtHead);
    } catch (RuntimeException e) {
      state = State.FAILED;
      throw e;
    } finally {
      received += in.position() - start;
    }
  }

  private boolean advance(ByteBuffer in, boolean stopAtHead) {
    while (true) {
      switch (state) {
        case REQUEST_LINE -> {
          int n = lines.read(in, limits.maxRequestLineBytes());
          if (n == LineReader.INCOMPLETE) {
            return false;
          }
          if (n == LineReader.TOO_LONG) {
            throw new HttpException(HttpStatus.URI_TOO_LONG, "Request line of " + lines.tooLongAt()
                + " bytes exceeds maxRequestLineBytes " + limits.maxRequestLineBytes() + ".");
          }
          if (n == 0) {
            // RFC 9112 §2.2: empty lines before the request line are ignored.
            received -= lines.endedWithCr() ? 2 : 1;
            continue;
          }
          requestLine = RequestLine.parse(lines, n);
          headers = new Headers();
          state = State.HEADERS;
        }
        case HEADERS -> {
          if (!readHeaderLine(in)) {
            return false;
          }
        }
        case HEAD_DONE -> {
          if (stopAtHead) {
            return false;
          }
          startBody(limits.maxBodyBytes(), null);
        }
        case BODY -> {
          if (!bodyReader.read(in)) {
            return false;
          }
          body = bodyReader.take();
          state = State.DONE;
        }
        case DONE -> {
          return true;
        }
        case FAILED -> throw new IllegalStateException("The parser failed on this request; close the connection.");
      }
    }
  }

  /** Reads and handles one header line, or the empty line that ends the head; false when incomplete. */
  private boolean readHeaderLine(ByteBuffer in) {
    int max = limits.maxHeaderBytes();
    int n = lines.read(in, max - headerBytes);
    if (n == LineReader.INCOMPLETE) {
      return false;
    }
    if (n == LineReader.TOO_LONG) {
      throw headersTooLarge(headerBytes + lines.tooLongAt());
    }
    if (n == 0) {
      completeHead();
      return true;
    }
    headerBytes += n + (lines.endedWithCr() ? 2 : 1);
    if (headerBytes > max) {
      throw headersTooLarge(headerBytes);
    }
    HeaderLine.parse(lines, n, headers);
    return true;
  }

  private void completeHead() {
    String version = requestLine.version();
    HeadRules.checkHost(version, headers);
    framing = HeadRules.framing(version, headers, limits.maxBodyBytes());
    keepAlive = HeadRules.keepAlive(version, headers);
    expectsContinue = HeadRules.expectsContinue(version, headers);
    headComplete = true;
    state = State.HEAD_DONE;
  }

  /** Whether the head declares a body: a Content-Length above 0, or chunked (which may still turn out empty). */
  public boolean bodyDeclared() {
    requireHead();
    return !(framing instanceof BodyFraming.Fixed fixed && fixed.length() == 0);
  }

  /**
   * Starts the body of a request whose head is complete: at most {@code maxBodyBytes} (checked now
   * against a Content-Length, and as chunks announce their sizes), buffered, or handed to {@code
   * sink} piece by piece unless it is null ({@link #body()} is then empty).
   *
   * @throws HttpException 413 for a Content-Length past the limit; the parser then refuses input
   * @throws IllegalStateException before the head is complete or once the body has started
   */
  void startBody(long maxBodyBytes, BodySink sink) {
    if (state != State.HEAD_DONE) {
      throw new IllegalStateException("The body starts once, right after the head.");
    }
    try {
      bodyReader.start(framing, maxBodyBytes, sink);
    } catch (RuntimeException e) {
      state = State.FAILED;
      throw e;
    }
    state = State.BODY;
  }

  /** Whether the head has arrived and passed its checks; the body may still be missing. */
  public boolean headComplete() {
    return headComplete;
  }

  /** The method, one of the nine of RFC 9110 §9 and RFC 5789. */
  public String method() {
    requireHead();
    return requestLine.method();
  }

  /** The request-target as sent (RFC 9112 §3.2), bytes read as ISO-8859-1: not decoded. */
  public String target() {
    requireHead();
    return requestLine.target();
  }

  /** "HTTP/1.1" or "HTTP/1.0". */
  public String version() {
    requireHead();
    return requestLine.version();
  }

  public Headers headers() {
    requireHead();
    return headers;
  }

  /** The body, empty when there is none or it was streamed. Only once {@link #feed} has returned true. */
  public byte[] body() {
    if (state != State.DONE) {
      throw new IllegalStateException("The request is not complete.");
    }
    return body;
  }

  /** Whether the connection stays open after the response (RFC 9112 §9.3). */
  public boolean keepAlive() {
    requireHead();
    return keepAlive;
  }

  /** Whether an HTTP/1.1 client waits for {@code 100 Continue} before sending the body (RFC 9110 §10.1.1). */
  public boolean expectsContinue() {
    requireHead();
    return expectsContinue;
  }

  /** Whether the request asks to switch protocols: {@code Connection: upgrade} and an Upgrade header. */
  public boolean isUpgrade() {
    requireHead();
    return headers.containsToken("Connection", "upgrade") && headers.contains("Upgrade");
  }

  /** Bytes received of the current request (its head, its body's framing and data); 0 after {@link #reset()}. */
  public int bufferedBytes() {
    return (int) Math.min(received, Integer.MAX_VALUE);
  }

  /** Makes ready for the next request on the connection, letting go of this one and of any large buffer. */
  public void reset() {
    state = State.REQUEST_LINE;
    headComplete = false;
    requestLine = null;
    headers = null;
    framing = null;
    body = null;
    keepAlive = false;
    expectsContinue = false;
    headerBytes = 0;
    received = 0;
    lines.clear();
    bodyReader.reset();
  }

  private void requireHead() {
    if (!headComplete) {
      throw new IllegalStateException("The request head is not complete.");
    }
  }

  private HttpException headersTooLarge(int bytes) {
    return new HttpException(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
        "Header section of " + bytes + " bytes exceeds maxHeaderBytes " + limits.maxHeaderBytes() + ".");
  }
}
