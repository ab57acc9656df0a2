package io.squall.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.examples.EchoSocket;
import io.squall.http.Headers;
import io.squall.http.HttpRequest;
import io.squall.net.TcpConnection;
import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.vm.VM;

/**
 * The objects Squall itself keeps for one open, idle server WebSocket, measured with JOL: the
 * connection, its session, the handler, the handshake request, its headers and their one array.
 * The JDK's own per-channel objects (the SocketChannel, its addresses, locks, selection key:
 * some 700 bytes) come on top and are not Squall's to shrink. The benchmark's idle workload
 * measures the whole (docs/benchmarks.md); this keeps Squall's part from creeping back up
 * unnoticed, one field at a time.
 */
class IdleSocketFootprintIT {
  /**
   * TcpConnection 64, HandlerSession 56, the handler 48, HttpRequest 48, Headers 24 and the Host
   * pair 24, with 12-byte object headers and compressed references (JDK 25's defaults).
   */
  static final long MAX_OWN_BYTES = 264;

  static final BlockingQueue<Held> OPENED = new LinkedBlockingQueue<>();

  /** An echo handler that makes itself known when open. */
  public static final class Held extends EchoSocket {
    @Override
    public void open() {
      OPENED.add(this);
    }
  }

  private TestServer server;
  private RawWebSocket ws;
  private Held handler;

  @BeforeEach
  void openOneSocket() throws Exception {
    OPENED.clear();
    server = TestServer.builder().route("/held", Held::new).start();
    ws = RawWebSocket.connect(server.port(), "/held");
    handler = OPENED.poll(10, TimeUnit.SECONDS);
    assertThat(handler).as("the handler, once open").isNotNull();
  }

  @AfterEach
  void closeIt() throws Exception {
    ws.close();
    server.close();
  }

  @Test
  void anIdleServerSocketKeepsAtMost264BytesOfSquallsOwnObjects() throws Exception {
    CompletableFuture<Map<String, Long>> sizes = new CompletableFuture<>();
    HandlerSession session = session();
    session.loop().execute(() -> {
      try {
        sizes.complete(ownObjects(handler, session));
      } catch (ReflectiveOperationException | RuntimeException e) {
        sizes.completeExceptionally(e);
      }
    });
    Map<String, Long> own = sizes.get(10, TimeUnit.SECONDS);
    long total = own.values().stream().mapToLong(Long::longValue).sum();
    assertThat(total).as("bytes per idle socket, by object: %s", own).isLessThanOrEqualTo(MAX_OWN_BYTES);
    ws.sendText("still echoing");
    assertThat(ws.read().text()).isEqualTo("still echoing");
  }

  @Test
  void aSocketWithoutSubprotocolOrVirtualThreadKeepsNoObjectForThem() throws Exception {
    Field rare = HandlerSession.class.getDeclaredField("rare");
    rare.setAccessible(true);
    assertThat(rare.get(session())).isNull();
    assertThat(handler.selectedSubprotocol()).isNull();
  }

  /** The handler's session (its accessor is not visible through EchoSocket, another package). */
  private HandlerSession session() {
    return (HandlerSession) ((WebSocketHandler) handler).session();
  }

  /** Shallow sizes of the objects one idle socket keeps, on its loop. */
  private static Map<String, Long> ownObjects(Held handler, HandlerSession session) throws ReflectiveOperationException {
    TcpConnection connection = session.connection();
    HttpRequest request = handler.request();
    Headers headers = request.headers();
    Field pairs = Headers.class.getDeclaredField("pairs");
    pairs.setAccessible(true);
    Map<String, Long> own = new LinkedHashMap<>();
    own.put("TcpConnection", shallow(connection));
    own.put("HandlerSession", shallow(session));
    own.put("handler", shallow(handler));
    own.put("HttpRequest", shallow(request));
    own.put("Headers", shallow(headers));
    own.put("header pairs", VM.current().sizeOf(pairs.get(headers)));
    return own;
  }

  private static long shallow(Object o) {
    return ClassLayout.parseClass(o.getClass()).instanceSize();
  }
}
