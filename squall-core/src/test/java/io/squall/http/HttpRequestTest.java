package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpRequestTest {
  private static HttpRequest request(String uri, Headers headers, String body) {
    return new HttpRequest("GET", uri, "HTTP/1.1", headers, body.getBytes(StandardCharsets.UTF_8),
        new InetSocketAddress("127.0.0.1", 1234), "127.0.0.1", "http");
  }

  @Test
  void splitsPathAndQuery() {
    HttpRequest r = request("/a/b?x=1&y=2&x=3", new Headers(), "");
    assertThat(r.path()).isEqualTo("/a/b");
    assertThat(r.query()).isEqualTo("x=1&y=2&x=3");
    assertThat(r.queryArguments()).containsEntry("x", List.of("1", "3")).containsEntry("y", List.of("2"));
  }

  @Test
  void acceptsTheAbsoluteFormOfTheTarget() {
    assertThat(request("http://example.com/exact?q=1", new Headers(), "").path()).isEqualTo("/exact");
    assertThat(request("http://example.com/exact?q=1", new Headers(), "").query()).isEqualTo("q=1");
    assertThat(request("https://example.com", new Headers(), "").path()).isEqualTo("/");
    assertThat(request("http://example.com?q=2", new Headers(), "").query()).isEqualTo("q=2");
    assertThat(request("HTTP://example.com/Exact", new Headers(), "").path()).isEqualTo("/Exact");
  }

  /** RFC 9112 §3.2.2: with an absolute target the Host header is ignored for the target's authority. */
  @Test
  void takesTheHostFromAnAbsoluteTargetOverTheHostHeader() {
    Headers headers = new Headers().add("Host", "chat.example");
    assertThat(request("http://other.example:8080/message", headers, "").host()).isEqualTo("other.example:8080");
    assertThat(request("/message", headers, "").host()).isEqualTo("chat.example");
    assertThat(request("/message", new Headers(), "").host()).isEmpty();
  }

  @Test
  void parsesFormBodiesOnlyWithTheFormContentType() {
    Headers form = new Headers().set("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8");
    assertThat(request("/", form, "a=%C3%A9&b=1+2").bodyArguments())
        .containsEntry("a", List.of("é")).containsEntry("b", List.of("1 2"));
    assertThat(request("/", new Headers().set("Content-Type", "text/plain"), "a=1").bodyArguments()).isEmpty();
  }

  @Test
  void malformedPercentEncodingIsA400() {
    assertThatThrownBy(() -> request("/?a=%zz", new Headers(), "").queryArguments())
        .isInstanceOf(HttpException.class)
        .hasMessage("Malformed percent-encoding in '%zz'.")
        .extracting(e -> ((HttpException) e).status()).isEqualTo(400);
  }

  /** As Tornado's "Invalid unicode in ...": bytes that are not UTF-8 are refused, never read as U+FFFD. */
  @Test
  void argumentBytesThatAreNotUtf8AreA400() {
    for (String query : List.of("a=%ff", "a=%C3", "a=%C0%AF", "a=%ED%A0%80", "%fe=1")) {
      assertThatThrownBy(() -> request("/?" + query, new Headers(), "").queryArguments())
          .isInstanceOf(HttpException.class)
          .hasMessageStartingWith("Invalid UTF-8 in '%")
          .extracting(e -> ((HttpException) e).status()).isEqualTo(400);
    }
    Headers form = new Headers().set("Content-Type", "application/x-www-form-urlencoded");
    assertThatThrownBy(() -> request("/", form, "a=%ff").bodyArguments())
        .isInstanceOf(HttpException.class).hasMessage("Invalid UTF-8 in '%ff'.");
    HttpRequest rawLatin1 = new HttpRequest("POST", "/", "HTTP/1.1", form, new byte[] {'a', '=', (byte) 0xE9},
        new InetSocketAddress("127.0.0.1", 1234), "127.0.0.1", "http");
    assertThatThrownBy(rawLatin1::bodyArguments).isInstanceOf(HttpException.class).hasMessage("Form body is not UTF-8.");
    assertThat(request("/?a=%C3%A9+x%2B", new Headers(), "").queryArguments()).containsEntry("a", List.of("\u00e9 x+"));
  }

  @Test
  void readsCookiesFromEveryCookieHeaderFirstValueWinning() {
    Headers h = new Headers().add("Cookie", "a=1; b=\"quoted\"").add("Cookie", "a=2; c=3");
    assertThat(request("/", h, "").cookies()).containsExactly(
        java.util.Map.entry("a", "1"), java.util.Map.entry("b", "quoted"), java.util.Map.entry("c", "3"));
  }
}
