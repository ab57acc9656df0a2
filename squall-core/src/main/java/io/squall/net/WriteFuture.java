package io.squall.net;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * The future of one write that can also carry the write's bytes while they wait in a connection's
 * queue. A write queued alone on an empty queue is then one entry, this object, with no ring of
 * entries behind it: a message answered on a busy socket touches no per-socket queue structure
 * besides the connection itself, and the future it allocates anyway is the only object it costs.
 *
 * <p>To its user it is a plain {@link CompletableFuture}: completed once the bytes reach the
 * kernel, failed if the connection closes first; what depends on it gets plain futures.
 */
public final class WriteFuture extends CompletableFuture<Void> {
  /** The bytes while this future is the queue's only entry; null otherwise. Loop thread only. */
  ByteBuffer data;

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new CompletableFuture<>();
  }
}
