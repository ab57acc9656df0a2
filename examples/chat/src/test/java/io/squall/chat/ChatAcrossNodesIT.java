package io.squall.chat;

import static io.squall.chat.ChatFixture.awaitRoomSize;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.redis.RedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chat on two processes sharing one room over a real Redis (what the deployment runs behind
 * nginx): every message reaches the clients of both, once, in one order; while Redis is down each
 * process keeps its own clients talking, and the room is whole again once Redis is back.
 */
class ChatAcrossNodesIT {
  private RedisServer redis;
  private ChatServer nodeA;
  private ChatServer nodeB;

  @BeforeEach
  void start() throws Exception {
    redis = RedisServer.start();
    ChatOptions.Redis shared = new ChatOptions.Redis(redis.uri(), ChatOptions.Redis.DEFAULT_CHANNEL);
    nodeA = ChatFixture.start(o -> o.withRedis(shared));
    nodeB = ChatFixture.start(o -> o.withRedis(shared));
  }

  @AfterEach
  void stop() throws Exception {
    try {
      for (ChatServer node : new ChatServer[] {nodeA, nodeB}) {
        if (node != null) {
          node.stop();
        }
      }
    } finally {
      redis.close();
    }
  }

  private static String health(ChatServer server) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ChatFixture.http(server, "/healthz"))).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  @Test
  void messagesSentOnEitherProcessReachEveryClientOfBothOnceInOneOrder() throws Exception {
    try (PythonChatClient pyOnA = PythonChatClient.to(ChatFixture.ws(nodeA)).open();
         JdkChatClient jdkOnA = JdkChatClient.connect(ChatFixture.ws(nodeA));
         JdkChatClient jdkOnB = JdkChatClient.connect(ChatFixture.ws(nodeB))) {
      awaitRoomSize(nodeA, 2);
      awaitRoomSize(nodeB, 1);
      List<String> sent = new ArrayList<>();
      Thread fromB = new Thread(() -> {
        for (int i = 0; i < 20; i++) {
          jdkOnB.send("from B " + i);
        }
      });
      fromB.start();
      for (int i = 0; i < 20; i++) {
        jdkOnA.send("from A " + i);
        sent.add("from A " + i);
      }
      fromB.join();
      for (int i = 0; i < 20; i++) {
        sent.add("from B " + i);
      }

      List<String> seenOnB = jdkOnB.nextMessages(40);
      assertThat(jdkOnA.nextMessages(40)).containsExactlyElementsOf(seenOnB);
      assertThat(pyOnA.nextMessages(40)).containsExactlyElementsOf(seenOnB);
      List<ChatLine> lines = seenOnB.stream().map(ChatLine::parse).toList();
      assertThat(lines).extracting(ChatLine::message).containsExactlyInAnyOrderElementsOf(sent);
      assertThat(lines).extracting(ChatLine::ip).containsOnly("127.0.0.1");
      assertThat(health(nodeA)).isEqualTo("{\"status\":\"ok\",\"connections\":2,\"broker\":\"redis\"}");
      assertThat(health(nodeB)).isEqualTo("{\"status\":\"ok\",\"connections\":1,\"broker\":\"redis\"}");
    }
  }

  @Test
  void whileRedisIsDownEachProcessServesItsOwnClientsAndTheRoomIsWholeAgainAfter() throws Exception {
    try (JdkChatClient a1 = JdkChatClient.connect(ChatFixture.ws(nodeA));
         JdkChatClient a2 = JdkChatClient.connect(ChatFixture.ws(nodeA));
         JdkChatClient b1 = JdkChatClient.connect(ChatFixture.ws(nodeB))) {
      awaitRoomSize(nodeA, 2);
      awaitRoomSize(nodeB, 1);

      redis.kill();
      ChatFixture.await("node A to notice Redis is gone", Duration.ofSeconds(10), () -> !nodeA.room().broker().orElseThrow().isConnected());
      assertThat(health(nodeA)).isEqualTo("{\"status\":\"degraded\",\"connections\":2,\"broker\":\"redis\"}");
      a1.send("while Redis is down");
      assertThat(ChatLine.parse(a1.nextMessage()).message()).isEqualTo("while Redis is down");
      assertThat(ChatLine.parse(a2.nextMessage()).message()).isEqualTo("while Redis is down");

      redis.restart();
      ChatFixture.await("both nodes to reconnect", Duration.ofSeconds(15),
          () -> nodeA.room().broker().orElseThrow().isConnected() && nodeB.room().broker().orElseThrow().isConnected()
              && subscribers() == 2);
      b1.send("Redis is back");

      for (JdkChatClient c : List.of(a1, a2, b1)) {
        assertThat(ChatLine.parse(c.nextMessage()).message()).isEqualTo("Redis is back");
      }
      assertThat(health(nodeA)).startsWith("{\"status\":\"ok\"");
    }
  }

  private int subscribers() {
    try {
      return redis.subscribers(ChatOptions.Redis.DEFAULT_CHANNEL);
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  @Test
  void aChatNamingAnUnreachableRedisDoesNotStartAndSaysWhere() throws Exception {
    int closed = TestPaths.freePort();
    ChatOptions.Redis nowhere = new ChatOptions.Redis("redis://127.0.0.1:" + closed, "squall:chat");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ChatFixture.start(o -> o.withRedis(nowhere)))
        .hasMessageStartingWith("Cannot connect to Redis at 127.0.0.1:" + closed + ": ");
  }
}
