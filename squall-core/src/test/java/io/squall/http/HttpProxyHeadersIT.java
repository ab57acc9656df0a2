package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tornado's xheaders, done safely: proxy headers count only from a trusted proxy. */
class HttpProxyHeadersIT {
  static TestHttpServer trusting;
  static TestHttpServer plain;

  @BeforeAll
  static void start() {
    trusting = TestHttpServer.start(b -> b.trustedProxies(TrustedProxies.of(List.of("127.0.0.1/32"))));
    plain = TestHttpServer.start();
  }

  @AfterAll
  static void stop() {
    trusting.close();
    plain.close();
  }

  static String client(TestHttpServer server, String headers) throws Exception {
    try (RawHttpClient c = server.connect()) {
      c.send("GET /client HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n");
      return c.readResponse().text();
    }
  }

  @Test
  void xRealIpFromATrustedProxyIsTheClientAddress() throws Exception {
    assertThat(client(trusting, "X-Real-IP: 203.0.113.7\r\n")).isEqualTo("ip=203.0.113.7 proto=http peer=127.0.0.1");
  }

  @Test
  void xForwardedForGivesTheNearestUntrustedHop() throws Exception {
    assertThat(client(trusting, "X-Forwarded-For: 198.51.100.1, 203.0.113.9\r\n")).startsWith("ip=203.0.113.9 ");
    assertThat(client(trusting, "X-Forwarded-For: 198.51.100.1, 203.0.113.9, 127.0.0.1\r\n")).startsWith("ip=203.0.113.9 ");
  }

  @Test
  void theSchemeComesFromXForwardedProtoOrXScheme() throws Exception {
    assertThat(client(trusting, "X-Forwarded-Proto: https\r\n")).contains("proto=https");
    assertThat(client(trusting, "X-Scheme: https\r\n")).contains("proto=https");
    assertThat(client(trusting, "X-Forwarded-Proto: gopher\r\n")).contains("proto=http ");
  }

  @Test
  void withoutTrustedProxiesEveryProxyHeaderIsIgnored() throws Exception {
    assertThat(client(plain, "X-Real-IP: 203.0.113.7\r\nX-Forwarded-For: 198.51.100.1\r\nX-Forwarded-Proto: https\r\n"))
        .isEqualTo("ip=127.0.0.1 proto=http peer=127.0.0.1");
  }

  @Test
  void anInvalidXRealIpIsIgnored() throws Exception {
    assertThat(client(trusting, "X-Real-IP: not-an-ip\r\n")).startsWith("ip=127.0.0.1 ");
  }
}
