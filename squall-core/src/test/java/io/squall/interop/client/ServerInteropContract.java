package io.squall.interop.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.websocket.Message;
import io.squall.websocket.WebSocketClient;
import io.squall.websocket.WebSocketClientOptions;
import io.squall.websocket.WebSocketConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What our client must do with any RFC 6455 server; one subclass per independent server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServerInteropContract {
  EchoServerProcess server;

  abstract EchoServerProcess startServer() throws Exception;

  @BeforeAll
  void start() throws Exception {
    server = startServer();
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  WebSocketConnection connect() throws Exception {
    return WebSocketClient.connect(URI.create(server.url()), WebSocketClientOptions.builder().maxMessageSize(2 << 20).build())
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static Message read(WebSocketConnection ws) throws Exception {
    return ws.readMessage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A deterministic text of {@code size} UTF-8 bytes mixing 1- to 3-byte characters. */
  static String text(int size) {
    StringBuilder sb = new StringBuilder();
    int bytes = 0;
    String[] pieces = {"a", "é", "€"};
    for (int i = 0; bytes < size; i++) {
      String p = pieces[i % 3];
      int n = p.getBytes(StandardCharsets.UTF_8).length;
      if (bytes + n > size) {
        p = "a";
        n = 1;
      }
      sb.append(p);
      bytes += n;
    }
    return sb.toString();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 125, 126, 65535, 65536, 1 << 20})
  void echoesTextAndBinaryOfEverySize(int size) throws Exception {
    WebSocketConnection ws = connect();
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      data[i] = (byte) (i * 13 + 7);
    }
    String text = text(size);
    ws.writeMessage(data);
    ws.writeMessage(text);
    Message b = read(ws);
    assertThat(b).as(server.output()).isInstanceOf(Message.Binary.class);
    assertThat(((Message.Binary) b).data()).isEqualTo(data);
    Message t = read(ws);
    assertThat(t).isInstanceOf(Message.Text.class);
    assertThat(t.asText()).isEqualTo(text);
    ws.close();
    ws.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void pingIsAnsweredWithTheSamePayload() throws Exception {
    WebSocketConnection ws = connect();
    CompletableFuture<byte[]> pong = new CompletableFuture<>();
    ws.onPong(pong::complete);
    ws.ping("are you there?".getBytes(StandardCharsets.UTF_8));
    assertThat(new String(pong.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8)).isEqualTo("are you there?");
    ws.close();
  }

  @Test
  void theClientsCloseCodeAndReasonReachTheServer() throws Exception {
    WebSocketConnection ws = connect();
    ws.close(4000, "client bye");
    ws.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(ws.closeCode()).as("the server echoes the code").isEqualTo(4000);
    WebSocketConnection next = connect();
    String last = "";
    for (int i = 0; i < 50 && !last.equals("4000 client bye"); i++) {
      next.writeMessage("lastclose?");
      last = read(next).asText();
      if (!last.equals("4000 client bye")) {
        Thread.sleep(20);
      }
    }
    assertThat(last).as(server.output()).isEqualTo("4000 client bye");
    next.close();
  }

  @Test
  void theServersCloseCodeAndReasonReachTheClient() throws Exception {
    WebSocketConnection ws = connect();
    ws.writeMessage("close:4001:server bye");
    ws.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(ws.closeCode()).isEqualTo(4001);
    assertThat(ws.closeReason()).isEqualTo("server bye");
    assertThat(read(ws)).as("end of stream").isNull();
  }
}
