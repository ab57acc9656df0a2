package io.squall.http.internal;

import java.nio.ByteBuffer;

/**
 * Where a streamed request body goes instead of the parser's own array: {@link BodyReader} hands it
 * each piece of body data as it is read, chunked framing removed.
 *
 * <p>Confined to the connection's loop, like the parser that calls it.
 */
interface BodySink {
  /**
   * Takes the next bytes of the body: a read-only view of the caller's buffer, valid only during the
   * call. Returns false to stop reading right after them: the parser's {@code feed} then returns,
   * leaving the rest of its input unconsumed, until it is fed again.
   */
  boolean accept(ByteBuffer piece);
}
