package io.squall.web;

import io.squall.http.HttpExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a byte range of a file as a response body, one {@value #CHUNK_BYTES}-byte chunk at a time:
 * the next chunk is read only once the previous one has reached the kernel, so a response of any
 * size (past 2 GiB too) holds one chunk of heap, and a client that stops reading stops the reads.
 * As Tornado's {@code StaticFileHandler}, which writes 64 KiB chunks and awaits each flush.
 *
 * <p>A file that ends before the range does (truncated while served) aborts the connection: the
 * {@code Content-Length} already sent cannot be met, and padding would hand out wrong bytes. A
 * closed connection closes the file.
 *
 * <p>Thread rule: confined to the exchange's loop (write completions arrive there).
 */
final class FileBody {
  /** Bytes read and sent per step: Tornado's chunk size, a few socket buffers' worth. */
  static final int CHUNK_BYTES = 64 * 1024;
  private static final Logger log = LoggerFactory.getLogger(FileBody.class);

  private final Path file;
  private final FileChannel channel;
  private final HttpExchange exchange;
  private final Runnable onSent;
  /** Reused for every chunk: each is read only after the previous one was written out. */
  private final ByteBuffer buffer;
  private long position;
  private final long end;

  private FileBody(Path file, FileChannel channel, HttpExchange exchange, long start, long length, Runnable onSent) {
    this.file = file;
    this.channel = channel;
    this.exchange = exchange;
    this.onSent = onSent;
    this.buffer = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, length));
    this.position = start;
    this.end = start + length;
  }

  /**
   * Starts sending {@code length > 0} bytes of {@code file}, open as {@code channel} (closed here),
   * from {@code start} on {@code exchange}, whose headers are sent; runs {@code onSent} after the last chunk was written out.
   */
  static void send(Path file, FileChannel channel, long start, long length, HttpExchange exchange, Runnable onSent) {
    new FileBody(file, channel, exchange, start, length, onSent).next();
  }

  /** Sends chunks until one is still on its way out (then its completion resumes here) or all are sent. */
  private void next() {
    while (position < end) {
      CompletableFuture<Void> written;
      try {
        buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
        while (buffer.hasRemaining()) {
          if (channel.read(buffer, position + buffer.position()) < 0) {
            throw new IOException("Static file " + file + " ended at " + (position + buffer.position())
                + " of the " + end + " bytes announced: it changed while served.");
          }
        }
        position += buffer.flip().remaining();
        written = exchange.sendBody(buffer);
      } catch (IOException | RuntimeException e) {
        log.warn("Aborting the response for {}: {}", exchange.request(), e.getMessage());
        close();
        exchange.connection().abort(e);
        return;
      }
      if (!written.isDone()) {
        written.whenComplete((ok, failure) -> {
          if (failure != null) {
            close(); // the connection closed under us: nothing more to send
          } else {
            next();
          }
        });
        return;
      }
      if (written.isCompletedExceptionally()) {
        close();
        return;
      }
    }
    close();
    onSent.run();
  }

  private void close() {
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("Cannot close {}", file, e);
    }
  }
}
