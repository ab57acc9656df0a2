package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.web.Application;
import io.squall.web.RequestHandler;
import io.squall.web.Settings;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tornado's xheaders made safe: X-Real-IP, X-Forwarded-For, X-Forwarded-Proto and X-Scheme count
 * only when the TCP peer is a trusted proxy. Our test client is the peer 127.0.0.1, trusted by one
 * server and not by the other.
 */
class HttpProxyHeadersIT {
  static TestHttpServer behindProxy;
  static TestHttpServer direct;
  static Application app;

  /** Writes what the web layer sees of the client. */
  public static final class ClientHandler extends RequestHandler {
    @Override
    public void get() {
      finish("ip=" + request().remoteIp() + " proto=" + request().protocol());
    }
  }

  @BeforeAll
  static void start() {
    behindProxy = TestHttpServer.start(b -> b.trustedProxies(TrustedProxies.of(List.of("127.0.0.1/32"))));
    direct = TestHttpServer.start(b -> b.trustedProxies(TrustedProxies.none()));
    app = Application.builder()
        .route("/client", ClientHandler.class)
        .setting(Settings.TRUSTED_PROXIES, List.of("127.0.0.1/32"))
        .build()
        .listen("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    behindProxy.close();
    direct.close();
    app.stop();
  }

  private static String client(int port, String headers) throws Exception {
    try (RawHttpClient c = RawHttpClient.connect(port)) {
      RawResponse r = c.send("GET /client HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n").readResponse();
      assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
      return r.text();
    }
  }

  @Test
  void xRealIpFromATrustedProxyIsTheRemoteIp() throws Exception {
    assertThat(client(behindProxy.port, "X-Real-IP: 203.0.113.7\r\n"))
        .isEqualTo("ip=203.0.113.7 proto=http peer=127.0.0.1");
  }

  @Test
  void xForwardedForGivesTheNearestUntrustedHop() throws Exception {
    assertThat(client(behindProxy.port, "X-Forwarded-For: 198.51.100.1, 203.0.113.9\r\n"))
        .isEqualTo("ip=203.0.113.9 proto=http peer=127.0.0.1");
    // Trusted hops on the right are skipped; values of repeated headers are joined in order.
    assertThat(client(behindProxy.port, "X-Forwarded-For: 198.51.100.1\r\nX-Forwarded-For: 203.0.113.9, 127.0.0.1\r\n"))
        .isEqualTo("ip=203.0.113.9 proto=http peer=127.0.0.1");
  }

  /** A hop that is not an address ends the walk: what lies left of it is the client's own writing. */
  @Test
  void aHopThatIsNotAnAddressStopsTheWalkAtTheNearestTrustedHop() throws Exception {
    assertThat(client(behindProxy.port, "X-Real-IP: not-an-ip\r\nX-Forwarded-For: 198.51.100.1, evil.example\r\n"))
        .isEqualTo("ip=127.0.0.1 proto=http peer=127.0.0.1");
    assertThat(client(behindProxy.port, "X-Forwarded-For: 6.6.6.6, unknown, 127.0.0.1\r\n"))
        .isEqualTo("ip=127.0.0.1 proto=http peer=127.0.0.1");
    assertThat(client(behindProxy.port, "X-Forwarded-For: 6.6.6.6, 203.0.113.7:54321\r\n"))
        .isEqualTo("ip=203.0.113.7 proto=http peer=127.0.0.1");
    assertThat(client(behindProxy.port, "X-Real-IP: localhost\r\n")).isEqualTo("ip=127.0.0.1 proto=http peer=127.0.0.1");
  }

  @Test
  void forwardedProtoAndSchemeGiveTheProtocol() throws Exception {
    assertThat(client(behindProxy.port, "X-Forwarded-Proto: https\r\n")).isEqualTo("ip=127.0.0.1 proto=https peer=127.0.0.1");
    assertThat(client(behindProxy.port, "X-Scheme: HTTPS\r\n")).isEqualTo("ip=127.0.0.1 proto=https peer=127.0.0.1");
    // Tornado's order: X-Scheme first; the last entry of a list is the nearest proxy's.
    assertThat(client(behindProxy.port, "X-Scheme: http\r\nX-Forwarded-Proto: https\r\n"))
        .isEqualTo("ip=127.0.0.1 proto=http peer=127.0.0.1");
    assertThat(client(behindProxy.port, "X-Forwarded-Proto: https, http\r\n")).isEqualTo("ip=127.0.0.1 proto=http peer=127.0.0.1");
    assertThat(client(behindProxy.port, "X-Forwarded-Proto: gopher\r\n")).isEqualTo("ip=127.0.0.1 proto=http peer=127.0.0.1");
  }

  @Test
  void withoutTrustedProxiesTheHeadersCannotSpoofAnything() throws Exception {
    String spoof = "X-Real-IP: 203.0.113.7\r\nX-Forwarded-For: 198.51.100.1, 203.0.113.9\r\n"
        + "X-Forwarded-Proto: https\r\nX-Scheme: https\r\n";
    assertThat(client(direct.port, spoof)).isEqualTo("ip=127.0.0.1 proto=http peer=127.0.0.1");
    assertThat(client(direct.port, "")).isEqualTo("ip=127.0.0.1 proto=http peer=127.0.0.1");
  }

  @Test
  void applicationTrustsTheProxiesOfItsSettings() throws Exception {
    assertThat(client(app.port(), "X-Real-IP: 203.0.113.7\r\nX-Forwarded-Proto: https\r\n"))
        .isEqualTo("ip=203.0.113.7 proto=https");
    assertThat(client(app.port(), "")).isEqualTo("ip=127.0.0.1 proto=http");
  }
}
