package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keep-alive and pipelining: several requests on one connection, answered in order. */
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

  @Test
  void servesSeveralRequestsOnOneKeepAliveConnection() throws Exception {
    try (RawHttpClient c = server.connect()) {
      for (int i = 0; i < 5; i++) {
        c.send("GET /echo?n=" + i + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(c.readResponse().text()).isEqualTo("GET /echo?n=" + i + " ");
      }
    }
  }

  @Test
  void pipelinedRequestsWrittenAtOnceAreAnsweredInOrder() throws Exception {
    try (RawHttpClient c = server.connect()) {
      c.send("GET /echo?n=1 HTTP/1.1\r\nHost: x\r\n\r\n"
          + "POST /echo?n=2 HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbody"
          + "GET /echo?n=3 HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.readResponse().text()).isEqualTo("GET /echo?n=1 ");
      assertThat(c.readResponse().text()).isEqualTo("POST /echo?n=2 body");
      assertThat(c.readResponse().text()).isEqualTo("GET /echo?n=3 ");
    }
  }

  @Test
  void aSlowFirstResponseStillComesFirst() throws Exception {
    try (RawHttpClient c = server.connect()) {
      c.send("GET /later?a HTTP/1.1\r\nHost: x\r\n\r\nGET /echo?b HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.readResponse().text()).isEqualTo("later /later?a");
      assertThat(c.readResponse().text()).isEqualTo("GET /echo?b ");
      // The second request was not even handled before the first was answered.
      int finished = server.seen.indexOf("finish /later?a");
      int second = server.seen.indexOf("GET /echo?b");
      assertThat(finished).isNotNegative().isLessThan(second);
    }
  }

  @Test
  void aPipelineEndingWithConnectionCloseIsAnsweredThenClosed() throws Exception {
    try (RawHttpClient c = server.connect()) {
      c.send("GET /echo?1 HTTP/1.1\r\nHost: x\r\n\r\nGET /echo?2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertThat(c.readResponse().text()).isEqualTo("GET /echo?1 ");
      RawResponse last = c.readResponse();
      assertThat(last.header("Connection")).isEqualTo("close");
      assertThat(c.closesWithin(Duration.ofSeconds(3))).isTrue();
    }
  }
}
