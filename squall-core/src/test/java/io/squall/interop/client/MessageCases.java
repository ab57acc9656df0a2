package io.squall.interop.client;

import static io.squall.interop.client.InteropClient.closeAndWait;
import static io.squall.interop.client.InteropClient.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.websocket.Message;
import io.squall.websocket.WebSocketConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Data messages between our client and an independent server: sizes, fragments, bursts, order. */
interface MessageCases extends InteropClient {

  /** Text of exactly {@code bytes} UTF-8 bytes, mostly two-byte characters. */
  private static String textOfBytes(int bytes) {
    return "é".repeat(bytes / 2) + (bytes % 2 == 1 ? "a" : "");
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 125, 126, 65535, 65536, MIB}) // every frame-length encoding and its edges
  default void echoesTextOfEverySize(int size) throws Exception {
    WebSocketConnection ws = connect();
    String text = textOfBytes(size);
    ws.writeMessage(text);
    assertThat(read(ws)).isEqualTo(new Message.Text(text));
    closeAndWait(ws);
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 125, 126, 65535, 65536, MIB})
  default void echoesBinaryOfEverySize(int size) throws Exception {
    WebSocketConnection ws = connect();
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      data[i] = (byte) (i * 31 + 7);
    }
    ws.writeMessage(data);
    assertThat(read(ws)).isInstanceOfSatisfying(Message.Binary.class, m -> assertThat(m.data()).isEqualTo(data));
    closeAndWait(ws);
  }

  @Test
  default void reassemblesAFragmentedTextMessageCutInsideACharacter() throws Exception {
    WebSocketConnection ws = connect();
    ws.writeMessage("fragments:5"); // Tornado and ws also ping between the first two fragments
    assertThat(read(ws)).isEqualTo(new Message.Text("é".repeat(250) + "!"));
    ws.writeMessage("after");
    assertThat(read(ws)).as("the connection goes on").isEqualTo(new Message.Text("after"));
    closeAndWait(ws);
  }

  @Test
  default void reassemblesAFragmentedBinaryMessageOfAMebibyte() throws Exception {
    WebSocketConnection ws = connect();
    int size = MIB + 3;
    ws.writeMessage("binfragments:4:" + size);
    byte[] expected = new byte[size];
    for (int i = 0; i < size; i++) {
      expected[i] = (byte) (i % 251);
    }
    assertThat(read(ws)).isInstanceOfSatisfying(Message.Binary.class, m -> assertThat(m.data()).isEqualTo(expected));
    closeAndWait(ws);
  }

  /** More than MAX_UNREAD messages arrive unread: reading pauses, then resumes losing none. */
  @ParameterizedTest(name = "{0} messages of {1} bytes")
  @CsvSource({"300, 10", "100, 70000"})
  default void resumesReadingAfterABurstWithoutLosingMessages(int count, int size) throws Exception {
    WebSocketConnection ws = connect();
    ws.writeMessage("burst:" + count + ":" + size);
    Thread.sleep(300); // let the burst pile up past WebSocketConnection.MAX_UNREAD
    for (int i = 0; i < count; i++) {
      assertThat(read(ws).asText()).as("message %d", i).startsWith(i + ":").hasSize((i + ":").length() + size);
    }
    ws.writeMessage("after");
    assertThat(read(ws)).isEqualTo(new Message.Text("after"));
    closeAndWait(ws);
  }

  /**
   * The callback is registered while a burst arrives: messages buffered before it must still come
   * first. Before the fix, about one round in seven against Node ws started with a newer message.
   */
  @Test
  default void aCallbackRegisteredDuringABurstGetsEveryMessageInOrder() throws Exception {
    int count = 3000;
    for (int round = 0; round < 5; round++) {
      WebSocketConnection ws = connect();
      ws.writeMessage("burst:" + count + ":10");
      Thread.sleep(round); // 0-4 ms: the callback arrives at different points of the burst
      LinkedBlockingQueue<Message> got = new LinkedBlockingQueue<>();
      ws.onMessage(got::add);
      for (int i = 0; i < count; i++) {
        Message m = got.poll(10, TimeUnit.SECONDS);
        assertThat(m).as("round %d, message %d", round, i).isNotNull();
        assertThat(m.asText()).as("round %d", round).startsWith(i + ":");
      }
      ws.close();
      ws.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(got).isEmpty();
    }
  }

  @Test
  default void keepsEachThreadsMessagesInOrder() throws Exception {
    int threads = 8;
    int perThread = 40;
    int[] padding = {0, 200, 70_000}; // 7-bit, 16-bit and 64-bit frame lengths, interleaved
    WebSocketConnection ws = connect();
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      writers.add(Thread.ofPlatform().start(() -> {
        for (int i = 0; i < perThread; i++) {
          ws.writeMessage(id + ":" + i + ":" + "x".repeat(padding[(id + i) % padding.length]));
        }
      }));
    }
    Map<Integer, Integer> next = new HashMap<>();
    for (int n = 0; n < threads * perThread; n++) {
      String[] parts = read(ws).asText().split(":", 3);
      int id = Integer.parseInt(parts[0]);
      int expected = next.getOrDefault(id, 0);
      assertThat(Integer.parseInt(parts[1])).as("message from thread %d", id).isEqualTo(expected);
      assertThat(parts[2]).hasSize(padding[(id + expected) % padding.length]);
      next.put(id, expected + 1);
    }
    for (Thread w : writers) {
      w.join();
    }
    closeAndWait(ws);
  }
}
