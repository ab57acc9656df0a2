package io.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.web.Application;
import io.squall.web.RequestHandler;
import io.squall.web.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Squall's WebSocket server against the two browser engines' own WebSocket clients (Chromium's and
 * Firefox's, each test in both): every length encoding of a frame both ways, UTF-8 beyond the
 * basic plane, binary of every byte value, close codes and reasons in both directions, the
 * subprotocol, a signed cookie read in {@code open()}, and a foreign page refused by the origin check.
 */
class BrowserWebSocketIT {
  /** Sends texts and binaries of each frame-length boundary and checks each echo; reports the greeting and any mismatch. */
  static final String ROUND_TRIPS = """
      const done = arguments[arguments.length - 1];
      const ws = new WebSocket(arguments[0], ['v2.chat', 'v1.chat']);
      ws.binaryType = 'arraybuffer';
      const texts = ['', 'é', '😀 emoji, 中文, ASCII', 'a'.repeat(125), 'b'.repeat(126), 'c'.repeat(65535),
        'd'.repeat(65536), '€'.repeat(100000)];
      const bins = [0, 1, 125, 126, 65535, 65536, 300000].map(n => new Uint8Array(n).map((_, i) => (i * 31 + 7) & 255));
      const expected = [...texts, ...bins];
      const problems = [];
      let hello = null, received = 0;
      ws.onopen = () => expected.forEach(m => ws.send(m));
      ws.onmessage = (e) => {
        if (hello === null) { hello = JSON.parse(e.data); return; }
        const want = expected[received++];
        if (typeof want === 'string') {
          if (e.data !== want) problems.push('text ' + (received - 1) + ' came back as ' + String(e.data).length + ' chars');
        } else {
          const got = new Uint8Array(e.data);
          if (got.length !== want.length || !got.every((x, i) => x === want[i])) problems.push('binary of ' + want.length + ' came back wrong');
        }
        if (received === expected.length) { done({hello: hello, protocol: ws.protocol, problems: problems, received: received}); ws.close(); }
      };
      ws.onclose = (e) => done({hello: hello, problems: problems, received: received, closed: e.code});
      """;

  /** One socket the server closes (4001), one the page closes (4002); reports what the page saw. */
  static final String CLOSES = """
      const done = arguments[arguments.length - 1];
      const seen = {};
      const serverCloses = new WebSocket(arguments[0]);
      serverCloses.onmessage = () => serverCloses.send('close:4001:server says bye ✓');
      serverCloses.onclose = (e) => {
        seen.server = {code: e.code, reason: e.reason, clean: e.wasClean};
        const pageCloses = new WebSocket(arguments[0]);
        pageCloses.onmessage = () => pageCloses.close(4002, 'page says bye ✓');
        pageCloses.onclose = (e) => { seen.page = {code: e.code, reason: e.reason, clean: e.wasClean}; done(seen); };
      };
      """;

  /** Opens a socket to {@code arguments[0]}; reports how it ended (or that it opened). */
  static final String TRY_OPEN = """
      const done = arguments[arguments.length - 1];
      const ws = new WebSocket(arguments[0]);
      let errored = false;
      ws.onerror = () => { errored = true; };
      ws.onopen = () => { done('opened'); ws.close(); };
      ws.onclose = (e) => done('closed ' + e.code + (errored ? ' after an error' : ''));
      """;

  /** The page the tests run in: it sets the signed cookie the socket reads in open(). */
  public static class PageHandler extends RequestHandler {
    @Override
    public void get() {
      setSecureCookie("user", "ann");
      finish("<!doctype html><title>probe</title><p>probe page</p>");
    }
  }

  static Application app;
  static Application foreign;

  @BeforeAll
  static void start() {
    app = probeServer();
    foreign = probeServer();
  }

  private static Application probeServer() {
    return Application.builder()
        .route("/", PageHandler.class)
        .route("/probe", ProbeSocket.class)
        .setting(Settings.COOKIE_SECRET, "a secret for the browser tests only, 32+ bytes long")
        .build().listen("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    app.stop();
    foreign.stop();
  }

  @BeforeEach
  void clearRecords() {
    ProbeSocket.CLOSES.clear();
    ProbeSocket.OPENS.set(0);
  }

  static String url(Application a, String scheme, String path) {
    return scheme + "://127.0.0.1:" + a.port() + path;
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Browser.Kind.class)
  void everyFrameLengthAndByteValueRoundTripsWithSubprotocolAndSignedCookie(Browser.Kind kind) {
    try (Browser browser = kind.start()) {
      browser.open(url(app, "http", "/"));
      Object outcome = browser.jsAsync(Duration.ofSeconds(20), ROUND_TRIPS, url(app, "ws", "/probe"));

      Map<?, ?> report = (Map<?, ?>) outcome;
      assertThat(report.get("problems")).as("mismatched echoes").isEqualTo(List.of());
      assertThat(report.get("received")).isEqualTo(15L);
      assertThat(report.get("protocol")).isEqualTo("v1.chat");
      assertThat(report.get("hello")).isEqualTo(Map.of("user", "ann", "protocol", "v1.chat", "compressed", false));
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Browser.Kind.class)
  void closeCodesAndReasonsCrossInBothDirections(Browser.Kind kind) throws InterruptedException {
    try (Browser browser = kind.start()) {
      browser.open(url(app, "http", "/"));
      Object seen = browser.jsAsync(Duration.ofSeconds(15), CLOSES, url(app, "ws", "/probe"));

      // The page's own close ends with the server's answer: its code echoed, no reason (as Tornado's).
      assertThat(seen).isEqualTo(Map.of(
          "server", Map.of("code", 4001L, "reason", "server says bye ✓", "clean", true),
          "page", Map.of("code", 4002L, "reason", "", "clean", true)));
      // The server's onClose: code and reason of the peer's Close frame, so none for the one it closed.
      assertThat(ProbeSocket.CLOSES.poll(5, TimeUnit.SECONDS)).isEqualTo("4001 server says bye ✓");
      assertThat(ProbeSocket.CLOSES.poll(5, TimeUnit.SECONDS)).isEqualTo("4002 page says bye ✓");
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Browser.Kind.class)
  void aPageOfAnotherOriginIsRefusedBeforeOpenRuns(Browser.Kind kind) {
    try (Browser browser = kind.start()) {
      browser.open(url(app, "http", "/"));
      assertThat(browser.jsAsync(Duration.ofSeconds(10), TRY_OPEN, url(foreign, "ws", "/probe")))
          .isEqualTo("closed 1006 after an error");
      assertThat(ProbeSocket.OPENS).hasValue(0);
      assertThat(browser.jsAsync(Duration.ofSeconds(10), TRY_OPEN, url(app, "ws", "/probe"))).isEqualTo("opened");
      assertThat(ProbeSocket.OPENS).hasValue(1);
    }
  }
}
