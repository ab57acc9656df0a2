package io.squall.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** What the group tests share: waiting for membership, concurrent senders, reading a run of texts. */
final class GroupFixtures {
  private GroupFixtures() {}

  static void awaitSize(WebSocketGroup g, int size) throws InterruptedException {
    for (int i = 0; i < 500 && g.size() != size; i++) {
      Thread.sleep(10);
    }
    assertThat(g.size()).isEqualTo(size);
  }

  /** Sender i sends "i-0" … "i-(perSender-1)", all senders at once; returns when all have sent. */
  static void sendConcurrently(List<RawWebSocket> senders, int perSender) throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < senders.size(); i++) {
      RawWebSocket c = senders.get(i);
      int id = i;
      Thread t = new Thread(() -> {
        try {
          for (int n = 0; n < perSender; n++) {
            c.sendText(id + "-" + n);
          }
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
  }

  /** The next {@code count} text messages of each client, client by client. */
  static List<List<String>> readTexts(List<RawWebSocket> clients, int count) throws IOException {
    List<List<String>> seen = new ArrayList<>();
    for (RawWebSocket c : clients) {
      List<String> mine = new ArrayList<>();
      for (int n = 0; n < count; n++) {
        mine.add(c.read().text());
      }
      seen.add(mine);
    }
    return seen;
  }
}
