package io.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.examples.BroadcastSocket;
import io.squall.examples.EchoSocket;
import io.squall.web.Application;
import io.squall.web.Settings;
import io.squall.websocket.WebSocketCompression;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real browsers (Chromium and Firefox) against a Squall echo server that accepts permessage-deflate (RFC 7692): the
 * browser's own offer is answered, and large text and binary messages come back intact, compressed
 * both ways, with and without context takeover; and members of a room inflate its broadcasts,
 * compressed once for all of them (WebSocketGroup).
 */
class BrowserCompressionIT {
  /** Runs in the page: echoes a large text twice, a binary message and a short text; reports what came back. */
  private static final String ECHO_SCRIPT = """
      const done = arguments[arguments.length - 1];
      const ws = new WebSocket(arguments[0]);
      ws.binaryType = 'arraybuffer';
      const text = 'The browser and Squall compress this line. '.repeat(2000);
      const bin = new Uint8Array(50000).map((_, i) => i % 7);
      const sameBytes = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
      const results = [];
      ws.onopen = () => { ws.send(text); ws.send(text); ws.send(bin); ws.send('short'); };
      ws.onmessage = (e) => {
        if (typeof e.data === 'string') {
          results.push(e.data === text ? 'text' : e.data === 'short' ? 'short' : 'wrong text of ' + e.data.length);
        } else {
          results.push(sameBytes(new Uint8Array(e.data), bin) ? 'binary' : 'wrong binary');
        }
        if (results.length === 4) {
          done({extensions: ws.extensions, results: results});
          ws.close();
        }
      };
      ws.onclose = (e) => done({extensions: ws.extensions, results: results, closed: e.code});
      """;

  /**
   * Three sockets of one page join a room ({@link BroadcastSocket}); each sends five messages, which
   * the room broadcasts compressed once for all its members. Reports what each member got that it should not have, or missed.
   */
  static final String ROOM_SCRIPT = """
      const done = arguments[arguments.length - 1];
      const members = 3, each = 5;
      const line = (m, i) => `[12:00:0${i}] 127.0.0.1 : member ${m} says ${i}, `.repeat(40);
      const expected = [];
      for (let m = 0; m < members; m++) for (let i = 0; i < each; i++) expected.push(line(m, i));
      const sockets = [], got = [];
      let open = 0, finished = 0;
      for (let m = 0; m < members; m++) {
        const ws = new WebSocket(arguments[0]);
        sockets.push(ws); got.push([]);
        ws.onopen = () => { if (++open === members) sockets.forEach((s, k) => { for (let i = 0; i < each; i++) s.send(line(k, i)); }); };
        ws.onmessage = (e) => {
          got[m].push(e.data);
          if (got[m].length === expected.length && ++finished === members) {
            const problems = got.map((g, k) => JSON.stringify(g.slice().sort()) === JSON.stringify(expected.slice().sort()) ? 'ok' : 'member ' + k + ' got other messages');
            done({extensions: sockets.map(s => s.extensions), problems: problems});
            sockets.forEach(s => s.close());
          }
        };
        ws.onclose = (e) => done({closed: e.code, member: m, got: got.map(g => g.length)});
      }
      """;

  static ChatServer page;
  static Application noContext;
  static Application withContext;

  @BeforeAll
  static void start() {
    page = ChatFixture.start(o -> o);
    noContext = echoServer(WebSocketCompression.on());
    withContext = echoServer(WebSocketCompression.on().withContextTakeover(true));
  }

  private static Application echoServer(WebSocketCompression compression) {
    return Application.builder().route("/echo", EchoSocket.class)
        .route("/room", BroadcastSocket.class)
        .setting(Settings.WEBSOCKET_COMPRESSION, compression)
        .setting(Settings.ALLOWED_ORIGINS, List.of("http://127.0.0.1:" + page.port()))
        .build().listen("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    noContext.stop();
    withContext.stop();
    page.stop();
  }

  @ParameterizedTest(name = "{0}, context takeover: {1}")
  @CsvSource({"CHROMIUM, false", "CHROMIUM, true", "FIREFOX, false", "FIREFOX, true"})
  void browserEchoesLargeMessagesCompressedBothWays(Browser.Kind kind, boolean contextTakeover) {
    Application echo = contextTakeover ? withContext : noContext;
    try (Browser browser = kind.start()) {
      // An error page of the allowed origin: the chat page's policy lets it reach its own socket only.
      browser.open(ChatFixture.http(page, "/no-such-page"));

      Object outcome = browser.jsAsync(Duration.ofSeconds(15), ECHO_SCRIPT, "ws://127.0.0.1:" + echo.port() + "/echo");

      assertThat(outcome).isInstanceOf(Map.class);
      Map<?, ?> report = (Map<?, ?>) outcome;
      // Chromium shows the server's answer as sent; Firefox shows only the extension's name, whatever
      // its parameters (its WebSocketChannel sets "permessage-deflate" once the compressor is up).
      assertThat(report.get("extensions")).isEqualTo(contextTakeover || kind == Browser.Kind.FIREFOX
          ? "permessage-deflate"
          : "permessage-deflate; server_no_context_takeover");
      assertThat(report.get("results")).isEqualTo(List.of("text", "text", "binary", "short"));
    }
  }

  @ParameterizedTest(name = "{0}, context takeover: {1}")
  @CsvSource({"CHROMIUM, false", "CHROMIUM, true", "FIREFOX, false", "FIREFOX, true"})
  void browserMembersOfACompressedRoomInflateItsSharedBroadcasts(Browser.Kind kind, boolean contextTakeover) {
    Application server = contextTakeover ? withContext : noContext;
    try (Browser browser = kind.start()) {
      browser.open(ChatFixture.http(page, "/no-such-page"));

      Object outcome = browser.jsAsync(Duration.ofSeconds(20), ROOM_SCRIPT, "ws://127.0.0.1:" + server.port() + "/room");

      Map<?, ?> report = (Map<?, ?>) outcome;
      assertThat(report.get("problems")).as(String.valueOf(report)).isEqualTo(List.of("ok", "ok", "ok"));
      assertThat((List<?>) report.get("extensions")).allSatisfy(e -> assertThat((String) e).startsWith("permessage-deflate"));
    }
  }
}
