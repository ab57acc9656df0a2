package io.squall.net;

import io.squall.ioloop.EventLoop;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * One {@link TcpConnection} on its own loop, wired over loopback to a plain blocking client
 * socket: enough to drive a {@link ConnectionHandler} without a server. Close it after the test.
 */
public final class LoopbackPair implements AutoCloseable {
  public final EventLoop loop = new EventLoop("pair-loop");
  public final Socket client = new Socket();
  public final TcpConnection connection;
  private final InputStream in;

  private LoopbackPair(Function<TcpConnection, ConnectionHandler> handlers) throws Exception {
    try (ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.bind(new InetSocketAddress("127.0.0.1", 0));
      client.connect(listener.getLocalAddress(), 5_000);
      client.setSoTimeout(5_000);
      SocketChannel accepted = listener.accept();
      connection = onLoop(() -> TcpConnection.open(loop, accepted, handlers));
    }
    in = client.getInputStream();
  }

  public static LoopbackPair open(Function<TcpConnection, ConnectionHandler> handlers) throws Exception {
    return new LoopbackPair(handlers);
  }

  /** Runs the task on the loop and waits (5 s at most) for its result. */
  public <T> T onLoop(Callable<T> task) throws Exception {
    return io.squall.ioloop.LoopCalls.onLoop(loop, task);
  }

  public void send(String ascii) throws IOException {
    client.getOutputStream().write(ascii.getBytes(StandardCharsets.ISO_8859_1));
    client.getOutputStream().flush();
  }

  /**
   * Reads what arrives until the server closes or {@code quiet} passes without a byte; the text,
   * with "<EOF>" appended when the server closed.
   */
  public String readFor(Duration quiet) throws IOException {
    StringBuilder text = new StringBuilder();
    client.setSoTimeout((int) quiet.toMillis());
    byte[] buf = new byte[8192];
    try {
      for (int i = 0; i < 1_000; i++) {
        int n = in.read(buf);
        if (n < 0) {
          return text.append("<EOF>").toString();
        }
        text.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
      }
    } catch (SocketTimeoutException e) {
      // quiet long enough
    } finally {
      client.setSoTimeout(5_000);
    }
    return text.toString();
  }

  @Override
  public void close() throws Exception {
    client.close();
    loop.shutdown(Duration.ofSeconds(2));
  }
}
