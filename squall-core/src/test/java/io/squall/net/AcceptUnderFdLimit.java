package io.squall.net;

import io.squall.ioloop.EventLoopGroup;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A server for {@link TcpServerFdLimitIT}, run in a process whose file descriptors are few: prints
 * its port, and on each line read prints the CPU its accepting loop used over the next second.
 */
public final class AcceptUnderFdLimit {
  private AcceptUnderFdLimit() {}

  public static void main(String[] args) throws Exception {
    EventLoopGroup group = new EventLoopGroup(1, "fd-limit");
    TcpServer server = new TcpServer(group, c -> new ConnectionHandler() {
      @Override
      public void onData(TcpConnection connection, ByteBuffer in) {
        in.position(in.limit());
      }

      @Override
      public void onClosed(TcpConnection connection, Throwable cause) {}
    });
    System.out.println("port " + server.bind(new InetSocketAddress("127.0.0.1", 0)).getPort());
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long loopThread = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("fd-limit-0")).findFirst().orElseThrow().threadId();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
    while (in.readLine() != null) {
      long before = threads.getThreadCpuTime(loopThread);
      Thread.sleep(1_000);
      System.out.println("cpu-ms " + (threads.getThreadCpuTime(loopThread) - before) / 1_000_000);
    }
    group.shutdown(Duration.ofSeconds(1));
  }
}
