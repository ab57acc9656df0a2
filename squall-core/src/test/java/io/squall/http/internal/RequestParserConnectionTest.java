package io.squall.http.internal;

import static io.squall.http.internal.ParserHarness.parseOne;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.http.HttpLimits;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the connection learns from a request: keep-alive, 100-continue, upgrade, buffered bytes. */
class RequestParserConnectionTest {
  @Test
  void keepsHttp11AliveUnlessConnectionClose() {
    assertThat(parseOne("GET / HTTP/1.1\r\nHost: a\r\n\r\n").keepAlive()).isTrue();
    assertThat(parseOne("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").keepAlive()).isFalse();
    assertThat(parseOne("GET / HTTP/1.1\r\nHost: a\r\nConnection: Keep-Alive, CLOSE\r\n\r\n").keepAlive()).isFalse();
  }

  @Test
  void keepsHttp10AliveOnlyWithConnectionKeepAlive() {
    assertThat(parseOne("GET / HTTP/1.0\r\n\r\n").keepAlive()).isFalse();
    assertThat(parseOne("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keepAlive()).isTrue();
    assertThat(parseOne("GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n").keepAlive()).isFalse();
  }

  @Test
  void reportsTheHeadCompleteBeforeTheBodySoTheConnectionCanSend100Continue() {
    RequestParser parser = new RequestParser(HttpLimits.defaults());

    String head = "PUT /f HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 4\r\n";
    assertThat(parser.feed(ascii(head))).isFalse();
    assertThat(parser.headComplete()).isFalse();

    assertThat(parser.feed(ascii("\r\n"))).isFalse();
    assertThat(parser.headComplete()).isTrue();
    assertThat(parser.expectsContinue()).isTrue();
    assertThat(parser.target()).isEqualTo("/f");

    assertThat(parser.feed(ascii("da"))).isFalse();
    assertThat(parser.feed(ascii("ta"))).isTrue();
    assertThat(parser.body()).asString(StandardCharsets.ISO_8859_1).isEqualTo("data");
  }

  @Test
  void ignores100ContinueInHttp10AndWithoutTheExpectation() {
    assertThat(parseOne("PUT / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nx").expectsContinue())
        .isFalse();
    assertThat(parseOne("PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\nx").expectsContinue()).isFalse();
  }

  @Test
  void recognisesAnUpgradeAndLeavesTheNewProtocolsBytes() {
    String head = "GET /chat HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, Upgrade\r\nUpgrade: websocket\r\n\r\n";
    // 0x81 0x80 ...: the client's first WebSocket frame, sent right behind the handshake.
    ByteBuffer in = ByteBuffer.wrap((head + "\u0081\u0080abcd").getBytes(StandardCharsets.ISO_8859_1));
    RequestParser parser = new RequestParser(HttpLimits.defaults());

    assertThat(parser.feed(in)).isTrue();
    assertThat(parser.isUpgrade()).isTrue();
    assertThat(in.remaining()).isEqualTo(6);
    assertThat(parseOne("GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\r\n").upgrade())
        .as("Upgrade without Connection: upgrade")
        .isFalse();
  }

  @Test
  void countsTheBytesOfAPartialRequestAndNothingBetweenRequests() {
    RequestParser parser = new RequestParser(HttpLimits.defaults());
    assertThat(parser.bufferedBytes()).isZero();

    parser.feed(ascii("\r\n"));
    assertThat(parser.bufferedBytes()).as("empty lines before a request").isZero();

    parser.feed(ascii("POST / HTTP/1.1\r\nHost: a\r\nContent-"));
    assertThat(parser.bufferedBytes()).isEqualTo(34);

    parser.feed(ascii("Length: 3\r\n\r\nab"));
    assertThat(parser.bufferedBytes()).isEqualTo(49);

    assertThat(parser.feed(ascii("c"))).isTrue();
    parser.reset();
    assertThat(parser.bufferedBytes()).isZero();
  }

  @Test
  void givesEachRequestItsOwnHeadersAndBody() {
    RequestParser parser = new RequestParser(HttpLimits.defaults());
    assertThat(parser.feed(ascii("POST /1 HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\nx"))).isTrue();
    var headers = parser.headers();
    byte[] body = parser.body();
    parser.reset();

    assertThat(parser.feed(ascii("POST /2 HTTP/1.1\r\nHost: b\r\nContent-Length: 1\r\n\r\ny"))).isTrue();

    assertThat(headers.get("Host")).isEqualTo("a");
    assertThat(body).containsExactly('x');
    assertThat(parser.headers().get("Host")).isEqualTo("b");
  }

  private static ByteBuffer ascii(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
  }
}
