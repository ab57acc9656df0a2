package io.squall.http;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * Takes a request body piece by piece as it arrives, so a handler can move a multi-gigabyte upload
 * to disk in bounded memory: given to {@link HttpExchange#streamBody} for a request dispatched at
 * its head ({@link HttpHandler#streamsBody}). The body's limit is the server's {@link
 * HttpLimits#maxBodyBytes()} unless {@link HttpExchange#setMaxBodyBytes} set another; a body past
 * it, malformed chunked framing, or a pause longer than {@link HttpLimits#idleTimeout()} is answered
 * by the server (413, 400, 408) and the connection closes, which {@link
 * HttpExchange#onConnectionClose} reports.
 *
 * <p>Called on the connection's loop, one call at a time, in order; must not block it.
 */
public interface BodyReceiver {
  /**
   * The next bytes of the body, in order, chunked framing removed: a read-only view of the loop's
   * read buffer, at most 64 KiB, valid only during the call (copy what you keep). Nothing of the
   * body is buffered beyond it.
   *
   * <p>Return null, or a completed stage, to go on reading. While a returned stage is pending the
   * socket is not read (TCP pushes back on the client) and the pause does not count against the
   * client's idle timeout. Throwing, or a stage that fails, fails the request as a throwing {@link
   * HttpHandler#handle} does (500, or an {@link HttpException}'s status, unless the headers went out)
   * and closes the connection: the rest of the body is never read.
   */
  CompletionStage<?> onData(ByteBuffer data);

  /**
   * The body has ended (a chunked body's trailers are read and dropped). The exchange is answered
   * from here as from {@link HttpHandler#handle}; a throw here is treated as there.
   */
  void onEnd();
}
