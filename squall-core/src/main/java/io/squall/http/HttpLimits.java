package io.squall.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Size and time limits for HTTP/1.1 requests, one set per server. Every component must be
 * positive; change one with its {@code with...} method, starting from {@link #defaults()}.
 *
 * <p>Immutable; safe from any thread.
 *
 * @param maxRequestLineBytes longest request line (method, target and version, without the line
 *     end). Default 8 KiB, the common limit of browsers' URLs and of nginx and Apache, enough for
 *     long query strings. Past it the parser stops reading at the first excess byte and the
 *     request fails with 414 URI Too Long.
 * @param maxHeaderBytes largest header section (all header lines with their line ends, without the
 *     request line); also bounds the trailer section of a chunked body. Default 64 KiB, room for
 *     large cookies and tokens while bounding what an idle connection can make the server hold.
 *     Past it the request fails with 431 Request Header Fields Too Large as soon as the excess byte
 *     arrives.
 * @param maxBodyBytes largest request body, which is buffered whole. Default 100 MiB (104857600),
 *     enough for ordinary uploads. Past it the request fails with 413 Content Too Large before the
 *     body is read: from Content-Length at once, from a chunked body when the chunk that crosses it
 *     announces its size. A handler that takes its body as a stream ({@link
 *     HttpHandler#streamsBody}) may set another limit for its request ({@link
 *     HttpExchange#setMaxBodyBytes}), past what an array holds too: such a body is never held whole.
 * @param headerTimeout time for the whole request head (request line and headers) to arrive.
 *     Default 10 s, generous for slow links yet short enough to shed slowloris clients that trickle
 *     a byte at a time to hold a connection open. Past it the request fails with 408 Request
 *     Timeout (or, when not one byte of it came, the connection just closes). It does not cover
 *     the body: a large upload may take longer.
 * @param idleTimeout time a keep-alive connection may wait for its next request, the longest
 *     pause allowed within a request body (nginx's client_body_timeout), and the longest a client
 *     may read none of a response (nginx's send_timeout). Default 60 s, the order browsers keep
 *     idle connections. Past it an idle connection is closed without a response, a stalled body
 *     fails with 408 Request Timeout, and a response nobody reads is abandoned with its connection
 *     (a handler that is slow to answer is never cut off).
 */
public record HttpLimits(
    int maxRequestLineBytes,
    int maxHeaderBytes,
    long maxBodyBytes,
    Duration headerTimeout,
    Duration idleTimeout) {

  private static final HttpLimits DEFAULTS =
      new HttpLimits(8 * 1024, 64 * 1024, 100L * 1024 * 1024, Duration.ofSeconds(10), Duration.ofSeconds(60));

  public HttpLimits {
    requirePositive("maxRequestLineBytes", maxRequestLineBytes);
    requirePositive("maxHeaderBytes", maxHeaderBytes);
    requirePositive("maxBodyBytes", maxBodyBytes);
    requirePositive("headerTimeout", headerTimeout);
    requirePositive("idleTimeout", idleTimeout);
  }

  /** 8 KiB request line, 64 KiB header section, 100 MiB body, 10 s head timeout, 60 s idle timeout. */
  public static HttpLimits defaults() {
    return DEFAULTS;
  }

  public HttpLimits withMaxRequestLineBytes(int value) {
    return new HttpLimits(value, maxHeaderBytes, maxBodyBytes, headerTimeout, idleTimeout);
  }

  public HttpLimits withMaxHeaderBytes(int value) {
    return new HttpLimits(maxRequestLineBytes, value, maxBodyBytes, headerTimeout, idleTimeout);
  }

  public HttpLimits withMaxBodyBytes(long value) {
    return new HttpLimits(maxRequestLineBytes, maxHeaderBytes, value, headerTimeout, idleTimeout);
  }

  public HttpLimits withHeaderTimeout(Duration value) {
    return new HttpLimits(maxRequestLineBytes, maxHeaderBytes, maxBodyBytes, value, idleTimeout);
  }

  public HttpLimits withIdleTimeout(Duration value) {
    return new HttpLimits(maxRequestLineBytes, maxHeaderBytes, maxBodyBytes, headerTimeout, value);
  }

  private static void requirePositive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value + ".");
    }
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value + ".");
    }
  }
}
