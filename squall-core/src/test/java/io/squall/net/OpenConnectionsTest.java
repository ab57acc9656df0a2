package io.squall.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.ioloop.EventLoop;
import io.squall.ioloop.EventLoopGroup;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenConnectionsTest {
  private final EventLoopGroup group = new EventLoopGroup(2, "tracked");
  private final OpenConnections open = new OpenConnections(group.loops());
  private final List<Socket> clients = new ArrayList<>();
  private TcpServer server;

  @AfterEach
  void stop() throws Exception {
    for (Socket s : clients) {
      s.close();
    }
    if (server != null) {
      server.close();
    }
    group.shutdown(Duration.ofSeconds(2));
  }

  private static final ConnectionHandler DISCARD = new ConnectionHandler() {
    @Override
    public void onData(TcpConnection connection, ByteBuffer in) {
      in.position(in.limit());
    }

    @Override
    public void onClosed(TcpConnection connection, Throwable cause) {}
  };

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(condition.getAsBoolean()).as("condition within 5 s").isTrue();
  }

  @Test
  void countsConnectionsOnEveryLoopUntilTheyCloseInAnyOrder() throws Exception {
    server = new TcpServer(group, c -> {
      open.add(c);
      return DISCARD;
    });
    InetSocketAddress address = server.bind(new InetSocketAddress("127.0.0.1", 0));
    for (int i = 0; i < 6; i++) {
      Socket s = new Socket();
      s.connect(address, 5_000);
      clients.add(s);
    }
    await(() -> open.size() == 6);

    // the middle, the first and the last of a loop's list: each close unlinks the right one
    for (int i : new int[] {2, 0, 5}) {
      clients.get(i).close();
    }
    await(() -> open.size() == 3);

    Set<TcpConnection> visited = ConcurrentHashMap.newKeySet();
    Set<String> loops = ConcurrentHashMap.newKeySet();
    assertThat(open.forEach(c -> {
      visited.add(c);
      loops.add(EventLoop.current().name());
      c.close(false);
    }).await(5, TimeUnit.SECONDS)).isTrue();

    assertThat(visited).hasSize(3).allMatch(c -> !c.isOpen());
    assertThat(loops).isNotEmpty().allMatch(name -> name.startsWith("tracked"));
    await(() -> open.size() == 0);
    for (int i : new int[] {1, 3, 4}) {
      clients.get(i).setSoTimeout(5_000);
      assertThat(clients.get(i).getInputStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void visitsOnlyItsOwnServersConnectionsWhenLoopsAreShared() throws Exception {
    server = new TcpServer(group, c -> {
      open.add(c);
      return DISCARD;
    });
    OpenConnections others = new OpenConnections(group.loops());
    TcpServer second = new TcpServer(group, c -> {
      others.add(c);
      return DISCARD;
    });
    try {
      InetSocketAddress mine = server.bind(new InetSocketAddress("127.0.0.1", 0));
      InetSocketAddress theirs = second.bind(new InetSocketAddress("127.0.0.1", 0));
      for (InetSocketAddress address : List.of(mine, mine, theirs, theirs, theirs)) {
        Socket s = new Socket();
        s.connect(address, 5_000);
        clients.add(s);
      }
      await(() -> open.size() == 2 && others.size() == 3);

      Set<TcpConnection> visited = ConcurrentHashMap.newKeySet();
      Set<Integer> ports = ConcurrentHashMap.newKeySet();
      assertThat(open.forEach(c -> {
        visited.add(c);
        ports.add(c.localAddress().getPort());
        c.close(false);
      }).await(5, TimeUnit.SECONDS)).isTrue();

      assertThat(visited).hasSize(2);
      assertThat(ports).containsExactly(mine.getPort());
      await(() -> open.size() == 0);
      assertThat(others.size()).isEqualTo(3);
      Set<TcpConnection> stillOpen = ConcurrentHashMap.newKeySet();
      assertThat(others.forEach(stillOpen::add).await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(stillOpen).hasSize(3).allMatch(TcpConnection::isOpen);
    } finally {
      second.close();
    }
  }

  @Test
  void refusesAConnectionFromALoopItDoesNotKnow() throws Exception {
    try (LoopbackPair pair = LoopbackPair.open(c -> DISCARD)) {
      assertThatThrownBy(() -> pair.onLoop(() -> {
        open.add(pair.connection);
        return null;
      })).hasRootCauseInstanceOf(IllegalStateException.class).hasMessageContaining("not one of this server's loops");
    }
  }
}
