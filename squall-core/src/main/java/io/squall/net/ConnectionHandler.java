package io.squall.net;

import java.nio.ByteBuffer;

/**
 * The protocol spoken on a {@link TcpConnection} (HTTP/1.1, then WebSocket after an upgrade).
 * Every method is called on the connection's loop.
 */
public interface ConnectionHandler {
  /** Called once when the handler is installed on an open connection. */
  default void onAttach(TcpConnection connection) {}

  /**
   * Bytes arrived. {@code in} is the loop's shared buffer (or the connection's saved leftover): the
   * handler consumes what it can and must not keep a reference to it. Bytes left unconsumed are
   * saved by the connection and reading pauses until {@link TcpConnection#resumeReading()}.
   */
  void onData(TcpConnection connection, ByteBuffer in);

  /** The outbound queue drained below the low-water mark after having been above the high one. */
  default void onWritable(TcpConnection connection) {}

  /** The peer closed its side (end of stream). The default closes the connection. */
  default void onEndOfStream(TcpConnection connection) {
    connection.close();
  }

  /** Called exactly once when the connection is closed, whatever the cause (null when closed cleanly). */
  void onClosed(TcpConnection connection, Throwable cause);

  /** The server is stopping: end the conversation politely (HTTP: after the current response; WebSocket: 1001). */
  default void onServerShutdown(TcpConnection connection) {
    connection.close();
  }

  /**
   * How long queued output may wait while the peer reads none of it before the connection is
   * aborted (the handler then hears {@link #onClosed} with the cause); 0, the default: no limit.
   * Read each time the kernel stops taking output, so it may change over a connection's life.
   */
  default long sendTimeoutMillis() {
    return 0;
  }

  /** The failure given to writes still queued when the connection closes. */
  default Throwable closedException() {
    return new java.nio.channels.ClosedChannelException();
  }
}
