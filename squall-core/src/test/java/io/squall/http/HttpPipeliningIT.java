package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Persistent connections and pipelining (RFC 9112 §9.3): one socket, many requests, answers in order. */
class HttpPipeliningIT {
  static TestHttpServer server;

  @BeforeAll
  static void start() {
    server = TestHttpServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void forget() {
    server.seen.clear();
  }

  private static String get(String target) {
    return "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n";
  }

  @Test
  void keepAliveServesSeveralRequestsOnOneSocket() throws Exception {
    try (RawHttpClient c = server.connect()) {
      for (int i = 0; i < 5; i++) {
        RawResponse r = c.send(get("/echo?n=" + i)).readResponse();
        assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(r.text()).isEqualTo("GET /echo?n=" + i + " ");
      }
    }
  }

  @Test
  void requestsWrittenInOneWriteAreAnsweredInOrder() throws Exception {
    try (RawHttpClient c = server.connect()) {
      c.send(get("/echo?n=1") + "POST /echo?n=2 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
          + "POST /echo?n=3 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nde\r\n0\r\n\r\n"
          + get("/stream") + get("/echo?n=5"));
      assertThat(c.readResponse().text()).isEqualTo("GET /echo?n=1 ");
      assertThat(c.readResponse().text()).isEqualTo("POST /echo?n=2 abc");
      assertThat(c.readResponse().text()).isEqualTo("POST /echo?n=3 de");
      assertThat(c.readResponse().text()).isEqualTo("Hello, world");
      assertThat(c.readResponse().text()).isEqualTo("GET /echo?n=5 ");
    }
  }

  @Test
  void slowFirstResponseStillComesFirst() throws Exception {
    try (RawHttpClient c = server.connect()) {
      c.send(get("/later") + get("/echo?n=2") + get("/echo?n=3"));
      assertThat(c.readResponse().text()).isEqualTo("later /later");
      assertThat(c.readResponse().text()).isEqualTo("GET /echo?n=2 ");
      assertThat(c.readResponse().text()).isEqualTo("GET /echo?n=3 ");
    }
    // A pipelined request waits, unread, until the response before it is finished.
    assertThat(server.seen).containsExactly("GET /later", "finish /later", "GET /echo?n=2", "GET /echo?n=3");
  }

  @Test
  void severalSlowResponsesInAPipelineKeepTheirOrder() throws Exception {
    try (RawHttpClient c = server.connect()) {
      c.send(get("/later?n=1") + get("/echo?n=2") + get("/later?n=3") + get("/echo?n=4"));
      assertThat(c.readResponse().text()).isEqualTo("later /later?n=1");
      assertThat(c.readResponse().text()).isEqualTo("GET /echo?n=2 ");
      assertThat(c.readResponse().text()).isEqualTo("later /later?n=3");
      assertThat(c.readResponse().text()).isEqualTo("GET /echo?n=4 ");
    }
  }

  @Test
  void requestSplitAcrossWritesInAPipelineIsAnswered() throws Exception {
    try (RawHttpClient c = server.connect()) {
      String second = "POST /echo?n=2 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";
      c.send(get("/later?n=1") + second.substring(0, 20));
      Thread.sleep(30);
      c.send(second.substring(20));
      assertThat(c.readResponse().text()).isEqualTo("later /later?n=1");
      assertThat(c.readResponse().text()).isEqualTo("POST /echo?n=2 hello");
    }
  }

  @Test
  void hundredPipelinedRequestsAreAllAnsweredInOrder() throws Exception {
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      all.append(get("/echo?n=" + i));
    }
    try (RawHttpClient c = server.connect()) {
      c.send(all.toString());
      List<String> bodies = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        bodies.add(c.readResponse().text());
      }
      for (int i = 0; i < 100; i++) {
        assertThat(bodies.get(i)).isEqualTo("GET /echo?n=" + i + " ");
      }
    }
  }

  @Test
  void requestsPipelinedAfterConnectionCloseAreNotServed() throws Exception {
    try (RawHttpClient c = server.connect()) {
      // RFC 9112 §9.6: a server that sends "close" MUST NOT process further requests on the connection.
      c.send("GET /echo?n=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
          + "POST /echo?n=2 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
      RawResponse r = c.readResponse();
      assertThat(r.text()).isEqualTo("GET /echo?n=1 ");
      assertThat(r.header("Connection")).isEqualTo("close");
      assertThat(c.closesWithin(Duration.ofSeconds(2))).isTrue();
    }
    assertThat(server.seen).containsExactly("GET /echo?n=1");
  }

  @Test
  void requestsPipelinedAfterAnHttp10RequestAreNotServed() throws Exception {
    try (RawHttpClient c = server.connect()) {
      c.send("GET /echo?n=1 HTTP/1.0\r\n\r\n" + get("/echo?n=2"));
      assertThat(c.readResponse().text()).isEqualTo("GET /echo?n=1 ");
      assertThat(c.closesWithin(Duration.ofSeconds(2))).isTrue();
    }
    assertThat(server.seen).containsExactly("GET /echo?n=1");
  }

  @Test
  void requestsPipelinedAfterASlowClosingResponseAreNotServed() throws Exception {
    try (RawHttpClient c = server.connect()) {
      c.send("GET /later HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" + get("/echo?n=2"));
      assertThat(c.readResponse().text()).isEqualTo("later /later");
      assertThat(c.closesWithin(Duration.ofSeconds(2))).isTrue();
    }
    assertThat(server.seen).containsExactly("GET /later", "finish /later");
  }

  @Test
  void handlerSayingConnectionCloseEndsTheConnection() throws Exception {
    try (RawHttpClient c = server.connect()) {
      c.send(get("/bye") + get("/echo?n=2"));
      RawResponse r = c.readResponse();
      assertThat(r.text()).isEqualTo("Bye");
      assertThat(r.headers().getAll("Connection")).containsExactly("close");
      assertThat(c.closesWithin(Duration.ofSeconds(2))).isTrue();
    }
    assertThat(server.seen).containsExactly("GET /bye");
  }

  @Test
  void pipelineEndedByAHalfCloseIsAnsweredInFull() throws Exception {
    try (RawHttpClient c = server.connect()) {
      c.send(get("/later") + get("/echo?n=2")).shutdownOutput();
      assertThat(c.readResponse().text()).isEqualTo("later /later");
      assertThat(c.readResponse().text()).isEqualTo("GET /echo?n=2 ");
      assertThat(c.closesWithin(Duration.ofSeconds(2))).isTrue();
    }
  }

  @Test
  void headOfAStreamedResponseEndsWithItsHead() throws Exception {
    try (RawHttpClient c = server.connect()) {
      c.send("HEAD /stream HTTP/1.1\r\nHost: x\r\n\r\n" + get("/echo?n=2"));
      RawResponse head = c.readResponse(true);
      assertThat(head.statusLine()).isEqualTo("HTTP/1.1 200 OK");
      assertThat(head.header("Connection")).isNull();
      // No chunk, not even the last one, between the HEAD response and the next.
      assertThat(c.readResponse().text()).isEqualTo("GET /echo?n=2 ");
    }
  }

  @Test
  void pipelineFromAClientThatDoesNotReadIsServedOnlyAsFastAsItReads() throws Exception {
    server.maxOutboundBytes.set(0);
    try (RawHttpClient c = server.connect()) {
      // 200 small requests ask for 12.5 MiB of answers; the client reads none of them for a while.
      c.send(get("/big").repeat(200));
      Thread.sleep(300);
      // Past the connection's high-water mark (1 MiB) the server stops taking requests off the pipeline.
      assertThat(server.maxOutboundBytes.get()).isLessThan(2L << 20);
      for (int i = 0; i < 200; i++) {
        RawResponse r = c.readResponse();
        assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(r.body()).hasSize(TestHttpServer.BIG_BODY_BYTES);
      }
    }
    assertThat(server.seen).hasSize(200);
  }
}
