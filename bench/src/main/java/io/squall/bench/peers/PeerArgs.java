package io.squall.bench.peers;

/** The command line every peer server takes: its port. Peers print one line once they listen. */
final class PeerArgs {
  /** The largest message any workload sends (1 MiB) with room to spare. */
  static final int MAX_MESSAGE = 4 * 1024 * 1024;

  private PeerArgs() {}

  static int port(String[] args) {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: <peer> PORT");
    }
    return Integer.parseInt(args[0]);
  }

  static void ready(String name, int port) {
    System.out.println(name + " listening on 127.0.0.1:" + port);
    System.out.flush();
  }
}
