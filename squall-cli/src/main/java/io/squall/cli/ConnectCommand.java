package io.squall.cli;

import io.squall.websocket.CloseCode;
import io.squall.websocket.Message;
import io.squall.websocket.WebSocketClient;
import io.squall.websocket.WebSocketClientOptions;
import io.squall.websocket.WebSocketCompression;
import io.squall.websocket.WebSocketConnection;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code squall connect URL}: an interactive WebSocket client like wscat. Typed lines become text
 * messages; received ones are printed ("< " marks them on a terminal). Piped, it streams: stdin
 * lines are sent, and at end of input it closes normally once the server has answered the close.
 */
@Command(name = "connect", mixinStandardHelpOptions = true, description = "Connect to a WebSocket server and exchange messages.")
final class ConnectCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "URL", description = "ws://host:port/path")
  URI url;

  @Option(names = {"-H", "--header"}, paramLabel = "NAME:VALUE", description = "Extra request header (repeatable).")
  List<String> headers = new ArrayList<>();

  @Option(names = "--origin", description = "Origin header to send.")
  String origin;

  @Option(names = "--subprotocol", paramLabel = "NAME", description = "Subprotocol to offer (repeatable).")
  List<String> subprotocols = new ArrayList<>();

  @Option(names = "--binary-as", paramLabel = "hex|base64", description = "How to print binary messages (default: ${DEFAULT-VALUE}).",
      defaultValue = "hex")
  String binaryAs;

  @Option(names = "--ping-interval", paramLabel = "SECONDS", description = "Ping the server this often (0: never).",
      defaultValue = "0")
  double pingInterval;

  @Option(names = "--once", description = "Print the first message received, then close and exit.")
  boolean once;

  @Option(names = "--compress", description = "Offer permessage-deflate compression (RFC 7692).")
  boolean compress;

  @Option(names = "--cacert", paramLabel = "FILE",
      description = "For wss://: trust the PEM certificates in FILE (a private CA, a self-signed server) instead of the JDK's CAs.")
  Path caCert;

  @Option(names = "--unix-socket", paramLabel = "PATH",
      description = "Connect through the Unix-domain socket at PATH (a server started with --unix-socket); the URL still gives Host and path.")
  Path unixSocket;

  @Option(names = "--connect-timeout", paramLabel = "SECONDS", description = "Connect and handshake timeout (default: ${DEFAULT-VALUE}).",
      defaultValue = "10")
  double connectTimeout;

  private final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

  @Override
  public Integer call() throws Exception {
    if (!binaryAs.equals("hex") && !binaryAs.equals("base64")) {
      return fail("--binary-as must be hex or base64, got '" + binaryAs + "'");
    }
    if (!(connectTimeout > 0)) {
      return fail("--connect-timeout must be more than 0 seconds, got " + connectTimeout);
    }
    WebSocketClientOptions.Builder options = WebSocketClientOptions.builder()
        .origin(origin)
        .connectTimeout(seconds(connectTimeout))
        .pingInterval(seconds(pingInterval))
        .unixSocket(unixSocket);
    try {
      options.subprotocols(subprotocols.toArray(String[]::new));
    } catch (IllegalArgumentException e) {
      return fail("--subprotocol: " + e.getMessage());
    }
    if (compress) {
      options.compression(WebSocketCompression.on());
    }
    if (caCert != null) {
      try {
        options.sslContext(Trust.pemFile(caCert));
      } catch (IOException | GeneralSecurityException e) {
        return fail("cannot use --cacert " + caCert + ": " + e.getMessage());
      }
    }
    for (String h : headers) {
      int colon = h.indexOf(':');
      if (colon <= 0) {
        return fail("--header must look like Name:Value, got '" + h + "'");
      }
      try {
        options.header(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
      } catch (IllegalArgumentException e) {
        return fail("--header: " + e.getMessage());
      }
    }
    WebSocketConnection ws;
    try {
      ws = WebSocketClient.connect(url, options.build()).toCompletableFuture().get();
    } catch (ExecutionException e) {
      return fail("cannot connect to " + url + ": " + e.getCause().getMessage());
    }
    boolean terminal = System.console() != null;
    CompletableFuture<Void> firstMessage = new CompletableFuture<>();
    ws.onMessage(m -> {
      out.println((terminal ? "< " : "") + render(m));
      firstMessage.complete(null);
    });
    Thread input = Thread.ofVirtual().start(() -> pumpStdin(ws));
    if (once) {
      CompletableFuture.anyOf(firstMessage, ws.closed().toCompletableFuture()).get();
      if (ws.isOpen()) {
        ws.close();
      }
    }
    ws.closed().toCompletableFuture().get();
    input.interrupt();
    Integer code = ws.closeCode();
    if (once && firstMessage.isDone()) {
      return 0;
    }
    if (ws.failureCode() != null) {
      // The server broke the protocol: what this side closed with says why, the server's 1006 does not.
      return fail("closed the connection with " + ws.failureCode() + ": " + ws.failureReason());
    }
    if (code != null && (code == CloseCode.NORMAL.code() || code == CloseCode.GOING_AWAY.code())) {
      return 0;
    }
    return fail("connection closed with " + (code == null ? "no code" : code)
        + (ws.closeReason() == null || ws.closeReason().isEmpty() ? "" : " (" + ws.closeReason() + ")"));
  }

  private void pumpStdin(WebSocketConnection ws) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null && ws.isOpen()) {
        ws.writeMessage(line).toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      // the connection ended first; nothing more to send
    }
    if (!once && ws.isOpen()) {
      ws.close();
    }
  }

  private String render(Message m) {
    return switch (m) {
      case Message.Text t -> t.text();
      case Message.Binary b -> "[binary " + b.data().length + " bytes] "
          + (binaryAs.equals("hex") ? HexFormat.of().formatHex(b.data()) : Base64.getEncoder().encodeToString(b.data()));
    };
  }

  private static Duration seconds(double s) {
    return Duration.ofMillis(Math.round(s * 1000));
  }

  private static int fail(String message) {
    System.err.println("squall connect: " + message);
    return 1;
  }
}
