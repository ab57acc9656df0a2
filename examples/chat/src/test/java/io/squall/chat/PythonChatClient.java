package io.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A chat client in another process: Debian's Python {@code websockets} running
 * {@code clients/chat_client.py}. Build with {@link #to(String)}, then {@link Builder#open()} or
 * {@link Builder#refused()}.
 *
 * <p>Thread rule: one test thread.
 */
final class PythonChatClient implements AutoCloseable {
  static final String PYTHON = "/usr/bin/python3";
  static final Duration WAIT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ExternalProcess process;

  private PythonChatClient(ExternalProcess process) {
    this.process = process;
  }

  static Builder to(String url) {
    return new Builder(url);
  }

  /** Sends one text message. */
  void send(String text) {
    try {
      process.writeLine(JSON.writeValueAsString(text));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next message received; fails when the socket closes first or nothing comes in 10 s. */
  String nextMessage() {
    String line = process.nextLine(WAIT);
    assertThat(line).as("next line of the python client").startsWith("message ");
    return decode(line.substring("message ".length()));
  }

  List<String> nextMessages(int count) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(nextMessage());
    }
    return out;
  }

  /** Waits for the close: "code reason", e.g. {@code 1009 Message of 1025 bytes exceeds ...}. */
  String awaitClosed() {
    String line = process.nextLine(WAIT);
    assertThat(line).as("the python client's close line").startsWith("closed ");
    String[] parts = line.split(" ", 3);
    return parts[1] + " " + decode(parts[2]);
  }

  /** Ends the conversation with a normal close (1000). */
  @Override
  public void close() {
    process.closeStdin();
    try {
      process.waitFor(Duration.ofSeconds(5));
    } catch (AssertionError e) {
      // stopped below
    } finally {
      process.close();
    }
  }

  private static String decode(String json) {
    try {
      return JSON.readValue(json, String.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final class Builder {
    private final List<String> command = new ArrayList<>();

    private Builder(String url) {
      command.addAll(List.of(PYTHON, TestPaths.module().resolve("src/test/resources/clients/chat_client.py").toString(), url));
    }

    Builder origin(String origin) {
      command.addAll(List.of("--origin", origin));
      return this;
    }

    Builder header(String name, String value) {
      command.addAll(List.of("--header", name + ":" + value));
      return this;
    }

    /** Connects from this loopback address (127.0.0.2, ...), so a proxy sees another client address. */
    Builder from(String localAddress) {
      command.addAll(List.of("--local-addr", localAddress));
      return this;
    }

    /** Connects and expects the 101. */
    PythonChatClient open() {
      ExternalProcess p = ExternalProcess.start("python-client", command);
      String line = p.nextLine(WAIT);
      if (!line.equals("open")) {
        p.close();
        throw new AssertionError("Expected the python client to connect, got '" + line + "'. " + p.logText());
      }
      return new PythonChatClient(p);
    }

    /** Connects and expects a refusal; returns the HTTP status. */
    int refused() {
      try (ExternalProcess p = ExternalProcess.start("python-client", command)) {
        String line = p.nextLine(WAIT);
        assertThat(line).as("the python client's handshake outcome").startsWith("refused ");
        return Integer.parseInt(line.substring("refused ".length()));
      }
    }
  }
}
