package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JDK's own HTTP/1.1 client against the server: a second real client beside curl. */
class HttpJdkClientIT {
  static TestHttpServer server;
  static HttpClient client;

  @BeforeAll
  static void start() {
    server = TestHttpServer.start();
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .proxy(HttpClient.Builder.NO_PROXY).connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  private static java.net.http.HttpRequest.Builder request(String path) {
    return java.net.http.HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(5));
  }

  @Test
  void getReturnsBodyAndHeaders() throws Exception {
    HttpResponse<String> r = client.send(request("/hello").build(), BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(r.body()).isEqualTo("Hello, world");
    assertThat(r.headers().firstValue("server")).hasValue("Squall");
    assertThat(r.headers().firstValue("date")).isPresent();
  }

  @Test
  void postBodyReachesTheHandler() throws Exception {
    HttpResponse<String> r = client.send(request("/echo").POST(BodyPublishers.ofString("from the JDK")).build(),
        BodyHandlers.ofString());
    assertThat(r.body()).isEqualTo("POST /echo from the JDK");
  }

  @Test
  void postWithExpectContinueIsAnswered() throws Exception {
    HttpResponse<String> r = client.send(request("/echo").expectContinue(true)
        .POST(BodyPublishers.ofString("x".repeat(10_000))).build(), BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("POST /echo " + "x".repeat(10_000));
  }

  @Test
  void headHasContentLengthAndNoBody() throws Exception {
    HttpResponse<String> r = client.send(request("/hello").method("HEAD", BodyPublishers.noBody()).build(),
        BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-length")).hasValue("12");
    assertThat(r.body()).isEmpty();
  }

  @Test
  void chunkedResponseIsReassembled() throws Exception {
    HttpResponse<String> r = client.send(request("/stream").build(), BodyHandlers.ofString());
    assertThat(r.headers().firstValue("transfer-encoding")).hasValue("chunked");
    assertThat(r.body()).isEqualTo("Hello, world");
  }

  @Test
  void manyConcurrentRequestsAreAllAnswered() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String path = i % 5 == 0 ? "/later?n=" + i : "/echo?n=" + i;
      futures.add(client.sendAsync(request(path).build(), BodyHandlers.ofString()));
    }
    for (int i = 0; i < 50; i++) {
      HttpResponse<String> r = futures.get(i).get(10, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(i % 5 == 0 ? "later /later?n=" + i : "GET /echo?n=" + i + " ");
    }
  }
}
