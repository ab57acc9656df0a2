package io.squall.chat;

import static io.squall.chat.ChatFixture.awaitRoomSize;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 4, test (a): real clients in other processes and in the JDK talk through one chat server;
 * every message reaches every client exactly once, in one order, in the exact format.
 */
class ChatBroadcastIT {
  static ChatServer server;

  @BeforeAll
  static void start() {
    server = ChatFixture.start(o -> o);
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @Test
  void everyMessageReachesEveryClientOnceInOneOrderInTheExactFormat() throws Exception {
    int perSender = 25;
    LocalDateTime before = LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS);
    try (PythonChatClient py1 = PythonChatClient.to(ChatFixture.ws(server)).open();
         PythonChatClient py2 = PythonChatClient.to(ChatFixture.ws(server)).open();
         JdkChatClient jdk1 = JdkChatClient.connect(ChatFixture.ws(server));
         JdkChatClient jdk2 = JdkChatClient.connect(ChatFixture.ws(server))) {
      awaitRoomSize(server, 4);
      List<String> sent = new ArrayList<>();
      ExecutorService senders = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> running = new ArrayList<>();
        running.add(senders.submit(() -> sendAll("py1", perSender, sent, py1::send)));
        running.add(senders.submit(() -> sendAll("py2", perSender, sent, py2::send)));
        running.add(senders.submit(() -> sendAll("jdk1", perSender, sent, jdk1::send)));
        running.add(senders.submit(() -> sendAll("jdk2", perSender, sent, jdk2::send)));
        for (Future<?> f : running) {
          f.get();
        }
      } finally {
        senders.shutdownNow();
      }
      int total = 4 * perSender;
      List<String> seenByPy1 = py1.nextMessages(total);
      LocalDateTime after = LocalDateTime.now();

      assertThat(py2.nextMessages(total)).containsExactlyElementsOf(seenByPy1);
      assertThat(jdk1.nextMessages(total)).containsExactlyElementsOf(seenByPy1);
      assertThat(jdk2.nextMessages(total)).containsExactlyElementsOf(seenByPy1);

      List<ChatLine> lines = seenByPy1.stream().map(ChatLine::parse).toList();
      assertThat(lines).extracting(ChatLine::message).containsExactlyInAnyOrderElementsOf(sent);
      assertThat(lines).extracting(ChatLine::ip).containsOnly("127.0.0.1");
      assertThat(lines).allSatisfy(l -> assertThat(l.time()).isBetween(before, after));
      for (String sender : List.of("py1", "py2", "jdk1", "jdk2")) {
        assertThat(lines.stream().map(ChatLine::message).filter(m -> m.startsWith(sender + " ")))
            .as("messages of %s keep their sending order", sender)
            .containsExactlyElementsOf(sent.stream().filter(m -> m.startsWith(sender + " ")).toList());
      }
    }
  }

  private static void sendAll(String sender, int count, List<String> sent, java.util.function.Consumer<String> send) {
    for (int i = 0; i < count; i++) {
      String text = sender + " " + i + (i % 5 == 0 ? " 你好 <b>&amp;</b>" : "");
      synchronized (sent) {
        sent.add(text);
      }
      send.accept(text);
    }
  }

  @Test
  void aClientThatLeavesDoesNotBreakTheRoom() {
    // The article's on_close removed an undefined name: the closed handler stayed in the set and
    // the next broadcast disconnected the sender.
    try (PythonChatClient stays = PythonChatClient.to(ChatFixture.ws(server)).open()) {
      try (JdkChatClient leaves = JdkChatClient.connect(ChatFixture.ws(server))) {
        awaitRoomSize(server, 2);
      }
      awaitRoomSize(server, 1);
      stays.send("still here");
      assertThat(ChatLine.parse(stays.nextMessage()).message()).isEqualTo("still here");
      stays.send("and again");
      assertThat(ChatLine.parse(stays.nextMessage()).message()).isEqualTo("and again");
    }
  }

  /** Nothing said is nothing broadcast: the next line anyone sees is the next real message. */
  @Test
  void blankMessagesAreNotBroadcast() {
    try (JdkChatClient client = JdkChatClient.connect(ChatFixture.ws(server))) {
      client.send("");
      client.send("   ");
      client.send("\n\t\n");
      client.send(" spaced ");
      assertThat(ChatLine.parse(client.nextMessage()).message()).isEqualTo(" spaced ");
    }
  }

  @Test
  void closesWith1009WhenAMessageExceedsTheConfiguredSize() {
    ChatServer small = ChatFixture.start(o -> o.withMaxMessageSize(1024));
    try (PythonChatClient client = PythonChatClient.to(ChatFixture.ws(small)).open()) {
      client.send("x".repeat(1024));
      assertThat(ChatLine.parse(client.nextMessage()).message()).hasSize(1024);
      client.send("é".repeat(513)); // 1026 bytes of UTF-8: the limit counts bytes, not characters
      assertThat(client.awaitClosed()).isEqualTo("1009 Message of 1026 bytes exceeds maxMessageSize 1024.");
    } finally {
      small.stop();
    }
  }

  @Test
  void closesWith1003WhenABinaryMessageArrives() {
    try (JdkChatClient client = JdkChatClient.connect(ChatFixture.ws(server))) {
      client.sendBinary(new byte[] {1, 2, 3});
      assertThat(client.awaitCloseCode()).isEqualTo(1003);
    }
  }
}
