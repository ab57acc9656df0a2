package io.squall.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.squall.websocket.Message;
import io.squall.websocket.WebSocketClient;
import io.squall.websocket.WebSocketClientOptions;
import io.squall.websocket.WebSocketConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WebDriver BiDi session (W3C WebDriver BiDi: JSON commands and answers over a WebSocket) on
 * Squall's own WebSocket client: Firefox serves the protocol itself, so no driver program is
 * needed, and every command is also Squall's client talking to an independent server (Firefox's).
 * Events are not subscribed to; a command waits for the answer with its id.
 *
 * <p>Thread rule: any thread may send; answers complete on the client's loop.
 */
final class BidiConnection implements AutoCloseable {
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
  /** A full-page screenshot comes as one message, base64 in JSON: far above the client's 10 MiB default. */
  static final long MAX_MESSAGE_BYTES = 256L << 20;

  private final ObjectMapper json = new ObjectMapper();
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final WebSocketConnection socket;

  private BidiConnection(WebSocketConnection socket) {
    this.socket = socket;
  }

  /** Connects to {@code uri} (the browser's {@code ws://host:port/session}). */
  static BidiConnection open(URI uri) {
    WebSocketConnection socket;
    try {
      socket = WebSocketClient.connect(uri, WebSocketClientOptions.builder().maxMessageSize(MAX_MESSAGE_BYTES).build())
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("Cannot open the WebDriver BiDi socket " + uri, e);
    }
    BidiConnection bidi = new BidiConnection(socket);
    socket.onMessage(bidi::received);
    socket.closed().whenComplete((ok, e) -> bidi.failPending("the WebDriver BiDi socket closed ("
        + socket.closeCode() + " " + socket.closeReason() + ")"));
    return bidi;
  }

  ObjectNode params() {
    return json.createObjectNode();
  }

  ObjectMapper json() {
    return json;
  }

  /** Sends a command and returns its {@code result}; fails, quoting the browser, on an error answer. */
  JsonNode send(String method, ObjectNode params) {
    return send(method, params, COMMAND_TIMEOUT);
  }

  JsonNode send(String method, ObjectNode params, Duration timeout) {
    long id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode command = json.createObjectNode().put("id", id).put("method", method);
    command.set("params", params);
    socket.writeMessage(command.toString());
    JsonNode reply;
    try {
      reply = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (ExecutionException e) {
      throw new AssertionError(method + " failed: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError(method + " got no answer within " + timeout.toMillis() + " ms");
    } finally {
      pending.remove(id);
    }
    if (!"success".equals(reply.path("type").asText())) {
      throw new AssertionError(method + " failed: " + reply.path("error").asText() + ": " + reply.path("message").asText());
    }
    return reply.path("result");
  }

  private void received(Message message) {
    if (!(message instanceof Message.Text text)) {
      return;
    }
    JsonNode m;
    try {
      m = json.readTree(text.text());
    } catch (IOException e) {
      throw new UncheckedIOException("Not JSON from the browser: " + text.text(), e);
    }
    if (m.hasNonNull("id")) {
      CompletableFuture<JsonNode> answer = pending.get(m.get("id").asLong());
      if (answer != null) {
        answer.complete(m);
      }
    }
  }

  private void failPending(String why) {
    pending.values().forEach(a -> a.completeExceptionally(new IllegalStateException(why)));
  }

  @Override
  public void close() {
    socket.close();
  }
}
