package io.squall.cli;

import java.util.concurrent.CountDownLatch;

/** What the server commands share: stay up until the process is told to stop, then stop cleanly. */
final class Servers {
  private Servers() {}

  /**
   * Blocks until SIGTERM/SIGINT, then runs {@code stop} (which closes WebSockets with 1001) before
   * the JVM exits. Returns the command's exit code, 0.
   */
  static int runUntilStopped(Runnable stop) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop.run();
      stopped.countDown();
    }));
    stopped.await();
    return 0;
  }

  /** The one-line complaint about a bad port, or null when it is valid. */
  static String checkPort(String command, int port) {
    return port < 0 || port > 65535 ? "squall " + command + ": --port must be between 0 and 65535, got " + port : null;
  }
}
