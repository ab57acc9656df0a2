package io.squall.http.internal;

import static io.squall.http.GzipBytes.gzip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.http.Headers;
import io.squall.http.HttpException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RequestDecodingTest {
  static Headers gzipHeaders(int length) {
    return new Headers().set("Content-Encoding", "gzip").set("Content-Length", Integer.toString(length));
  }

  @Test
  void aGzipBodyIsDecodedAndTheHeadersSaySo() throws IOException {
    byte[] json = "{\"message\":\"hello, hello, hello, hello\"}".getBytes(StandardCharsets.UTF_8);
    byte[] sent = gzip(json);
    Headers headers = gzipHeaders(sent.length);
    assertThat(RequestDecoding.gunzip(headers, sent, 1000)).isEqualTo(json);
    assertThat(headers.contains("Content-Encoding")).isFalse();
    assertThat(headers.get("X-Consumed-Content-Encoding")).isEqualTo("gzip");
    assertThat(headers.get("Content-Length")).isEqualTo(Integer.toString(json.length));
  }

  @Test
  void otherOrSeveralCodingsPassThroughAsSent() throws IOException {
    byte[] sent = gzip("x".getBytes(StandardCharsets.UTF_8));
    Headers br = new Headers().set("Content-Encoding", "br");
    assertThat(RequestDecoding.gunzip(br, sent, 1000)).isSameAs(sent);
    Headers two = new Headers().set("Content-Encoding", "gzip, br");
    assertThat(RequestDecoding.gunzip(two, sent, 1000)).isSameAs(sent);
    assertThat(RequestDecoding.gunzip(new Headers(), sent, 1000)).isSameAs(sent);
    assertThat(two.get("Content-Encoding")).isEqualTo("gzip, br");
  }

  @Test
  void aBombPastTheBodyLimitIs413() throws IOException {
    byte[] bomb = gzip(new byte[10_000_000]); // about 10 KB on the wire
    assertThat(bomb.length).isLessThan(20_000);
    assertThatThrownBy(() -> RequestDecoding.gunzip(gzipHeaders(bomb.length), bomb, 1_000_000))
        .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.status()).isEqualTo(413))
        .hasMessage("Request body exceeds maxBodyBytes 1000000 once decompressed.");
  }

  @Test
  void aBodyThatIsNotGzipIs400() throws IOException {
    assertThatThrownBy(() -> RequestDecoding.gunzip(gzipHeaders(5), "hello".getBytes(StandardCharsets.UTF_8), 1000))
        .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageStartingWith("Malformed gzip request body: ");
    byte[] cut = gzip("hello, world".getBytes(StandardCharsets.UTF_8));
    byte[] truncated = Arrays.copyOf(cut, cut.length - 4);
    assertThatThrownBy(() -> RequestDecoding.gunzip(gzipHeaders(truncated.length), truncated, 1000))
        .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.status()).isEqualTo(400));
  }
}
