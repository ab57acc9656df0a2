package io.squall.cli;

import io.squall.examples.EchoSocket;
import io.squall.web.Application;
import io.squall.web.Settings;
import io.squall.websocket.WebSocketCompression;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code squall echo}: a WebSocket echo server on every path, for checking a setup and for benchmarks. */
@Command(name = "echo", mixinStandardHelpOptions = true, description = "Run a WebSocket echo server (text and binary, any path).")
final class EchoCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(EchoCommand.class);

  @Option(names = "--port", description = "TCP port (default: ${DEFAULT-VALUE}).", defaultValue = "9001")
  int port;

  @Option(names = "--host", description = "Address to listen on (default: ${DEFAULT-VALUE}).", defaultValue = "127.0.0.1")
  String host;

  @Option(names = "--compress", description = "Accept permessage-deflate compression (RFC 7692) when clients offer it.")
  boolean compress;

  @Override
  public Integer call() throws Exception {
    String badPort = Servers.checkPort("echo", port);
    if (badPort != null) {
      System.err.println(badPort);
      return 2;
    }
    Application.Builder builder = Application.builder().route("/.*", EchoSocket.class);
    if (compress) {
      builder.setting(Settings.WEBSOCKET_COMPRESSION, WebSocketCompression.on());
    }
    Application app = builder.build();
    try {
      app.listen(host, port);
    } catch (UncheckedIOException e) {
      System.err.println("squall echo: " + e.getMessage()); // the port taken, or an address not of this machine
      app.stop();
      return 1;
    }
    log.info("Echo server listening on ws://{}:{}/", host, app.port());
    return Servers.runUntilStopped(app::stop);
  }
}
