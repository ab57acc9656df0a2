package io.squall.interop.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.websocket.WebSocketClient;
import io.squall.websocket.WebSocketClientOptions;
import io.squall.websocket.WebSocketConnection;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Squall's client through a Unix-domain socket ({@code WebSocketClientOptions.unixSocket}) to an
 * independent server on one: Python {@code websockets}' {@code unix_serve} (Debian
 * python3-websockets), the {@code websockets_echo.py} of the TCP interop cases.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebSocketsUnixServerIT {
  @TempDir
  static Path dir;
  private Path socket;
  private Process server;
  private final StringBuilder output = new StringBuilder();

  @BeforeAll
  void start() throws Exception {
    socket = dir.resolve("websockets.sock");
    Path script = Path.of(WebSocketsUnixServerIT.class.getResource("/interop/servers/websockets_echo.py").toURI());
    assertThat(Path.of("/usr/bin/python3")).as("install the Debian package python3-websockets").isExecutable();
    server = new ProcessBuilder("/usr/bin/python3", script.toString(), "unix:" + socket, "120").redirectErrorStream(true).start();
    CompletableFuture<Void> listening = new CompletableFuture<>();
    Thread.ofPlatform().daemon().start(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          synchronized (output) {
            output.append(line).append('\n');
          }
          if (line.equals("listening unix")) {
            listening.complete(null);
          }
        }
      } catch (java.io.IOException e) {
        listening.completeExceptionally(e);
      }
      listening.completeExceptionally(new AssertionError("the server exited"));
    });
    try {
      listening.get(15, TimeUnit.SECONDS);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new AssertionError("websockets did not listen on " + socket + " (python3-websockets installed?)\n" + output, e);
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (server != null) {
      server.getOutputStream().close(); // the script exits when its stdin closes
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  private WebSocketConnection connect(String uri) throws Exception {
    WebSocketClientOptions options = WebSocketClientOptions.builder().unixSocket(socket).build();
    return WebSocketClient.connect(URI.create(uri), options).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void echoesTextAndBinaryWithTheUrisPathThroughTheSocket() throws Exception {
    WebSocketConnection ws = connect("ws://chat.internal/greet?room=1");
    assertThat(ws.readMessage().toCompletableFuture().get(10, TimeUnit.SECONDS).asText()).isEqualTo("hello /greet?room=1");
    ws.writeMessage("über the socket");
    assertThat(ws.readMessage().toCompletableFuture().get(10, TimeUnit.SECONDS).asText()).isEqualTo("über the socket");
    byte[] data = new byte[100_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i % 251);
    }
    ws.writeMessage(data);
    assertThat(ws.readMessage().toCompletableFuture().get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(io.squall.websocket.Message.Binary.class, b -> assertThat(b.data()).isEqualTo(data));
    ws.close(1000, "done");
    ws.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(ws.closeCode()).isEqualTo(1000);
  }

  @Test
  void hearsTheServersCloseCodeThroughTheSocket() throws Exception {
    WebSocketConnection ws = connect("ws://localhost/echo");
    ws.writeMessage("close:4001:bye");
    ws.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(ws.closeCode()).isEqualTo(4001);
    assertThat(ws.closeReason()).isEqualTo("bye");
  }

  @Test
  void aSocketFileWithNoServerFailsNamingIt() {
    Path missing = dir.resolve("nobody-here.sock");
    WebSocketClientOptions options = WebSocketClientOptions.builder().unixSocket(missing).build();
    assertThatThrownBy(() -> WebSocketClient.connect(URI.create("ws://localhost/"), options).toCompletableFuture().get(10, TimeUnit.SECONDS))
        .cause().isInstanceOf(ConnectException.class)
        .hasMessageStartingWith("Cannot connect to unix:" + missing + ": ");
  }
}
