package io.squall.http.internal;

/**
 * How a request's body is delimited, decided from its head (RFC 9112 §6.3).
 *
 * <p>Immutable; safe from any thread.
 */
sealed interface BodyFraming {
  /** No body. */
  BodyFraming NONE = new Fixed(0);

  /** A body of exactly {@code length} bytes, from Content-Length. */
  record Fixed(long length) implements BodyFraming {}

  /** A body in chunks, ended by a zero-size chunk and trailer fields (RFC 9112 §7.1). */
  record Chunked() implements BodyFraming {}
}
