package io.squall.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.examples.EchoSocket;
import io.squall.web.Application;
import io.squall.web.Settings;
import io.squall.websocket.Message;
import io.squall.websocket.WebSocketClient;
import io.squall.websocket.WebSocketClientOptions;
import io.squall.websocket.WebSocketConnection;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The TLS handshake as Squall's server runs it: certificates the client refuses, an alert for a
 * handshake it cannot complete, ALPN, renegotiation refused, many handshakes at once, and clients
 * that never start one.
 */
class TlsHandshakeIT {
  @RegisterExtension
  static final TlsTestApp server = new TlsTestApp();

  @Test
  void plainHttpOnTheTlsPortIsDroppedAndTheServerKeepsServing() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write("GET /scheme HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] reply = in.readNBytes(64);
      assertThat(new String(reply, StandardCharsets.ISO_8859_1)).doesNotContain("HTTP/1.1 200");
    } catch (java.net.SocketException reset) {
      // a reset is an acceptable way to drop it too
    }
    HttpClient http = TlsTestApp.httpClient();
    assertThat(http.send(HttpRequest.newBuilder(URI.create(server.https("/scheme"))).build(), HttpResponse.BodyHandlers.ofString()).body())
        .isEqualTo("scheme https");
  }

  @Test
  void anUntrustedCertificateFailsTheClientsHandshake() {
    assertThatThrownBy(() -> server.connect(WebSocketClientOptions.defaults()))
        .cause().isInstanceOf(javax.net.ssl.SSLHandshakeException.class)
        .hasMessageContaining("unable to find valid certification path");
  }

  /** RFC 8446 §6.2: the side that fails a handshake says why with an alert, not a bare close. */
  @Test
  void aClientWithNoCipherSuiteInCommonIsToldSoWithAnAlert() throws Exception {
    try (SSLSocket s = server.sslSocket()) {
      s.setSoTimeout(5000);
      s.setEnabledProtocols(new String[] {"TLSv1.2"});
      s.setEnabledCipherSuites(new String[] {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"}); // the server's key is EC
      assertThatThrownBy(s::startHandshake).isInstanceOf(javax.net.ssl.SSLHandshakeException.class)
          .hasMessageContaining("Received fatal alert: handshake_failure");
    }
  }

  /** A client offering only h2 is served HTTP/1.1 without ALPN (as Go and OpenSSL-based servers do), not refused. */
  @Test
  void aClientOfferingOnlyH2IsServedWithoutAlpn() throws Exception {
    try (SSLSocket s = server.sslSocket()) {
      s.setSoTimeout(5000);
      SSLParameters p = s.getSSLParameters();
      p.setApplicationProtocols(new String[] {"h2"});
      s.setSSLParameters(p);
      s.startHandshake();
      assertThat(s.getApplicationProtocol()).isEmpty();
      s.getOutputStream().write("GET /scheme HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1))
          .startsWith("HTTP/1.1 200").endsWith("scheme https");
    }
  }

  @Test
  void aClientOfferingH2AndHttp11NegotiatesHttp11() throws Exception {
    try (SSLSocket s = server.sslSocket()) {
      SSLParameters p = s.getSSLParameters();
      p.setApplicationProtocols(new String[] {"h2", "http/1.1"});
      s.setSSLParameters(p);
      s.startHandshake();
      assertThat(s.getApplicationProtocol()).isEqualTo("http/1.1");
    }
  }

  /**
   * Each TLS 1.2 renegotiation costs the server a full handshake for a few bytes from the client
   * (the THC-SSL-DoS): a client asking for one is dropped, as nginx does.
   */
  @Test
  void aTls12ClientAskingToRenegotiateIsDropped() throws Exception {
    try (SSLSocket s = server.sslSocket()) {
      s.setSoTimeout(5000);
      s.setEnabledProtocols(new String[] {"TLSv1.2"});
      s.startHandshake();
      s.getOutputStream().write("GET /scheme HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      StringBuilder first = new StringBuilder();
      while (!first.toString().endsWith("scheme https")) {
        first.append((char) s.getInputStream().read());
      }
      assertThat(first.toString()).startsWith("HTTP/1.1 200");
      assertThatThrownBy(() -> {
        s.startHandshake(); // over TLS 1.2: a new ClientHello on the open connection
        s.getOutputStream().write("GET /scheme HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        s.getInputStream().read();
      }).isInstanceOf(java.io.IOException.class).isNotInstanceOf(java.net.SocketTimeoutException.class);
    }
  }

  @Test
  void aCertificateForAnotherNameFailsHostnameVerification() throws Exception {
    TestCertificates other = TestCertificates.forNames("dns:other.example");
    Application wrong = Application.builder().route("/echo", EchoSocket.class)
        .setting(Settings.SSL_OPTIONS, other.serverContext()).build().listen("127.0.0.1", 0);
    try {
      WebSocketClientOptions trusting = WebSocketClientOptions.builder().sslContext(other.clientContext()).build();
      assertThatThrownBy(() -> WebSocketClient.connect(URI.create("wss://127.0.0.1:" + wrong.port() + "/echo"), trusting)
          .toCompletableFuture().get(10, TimeUnit.SECONDS))
          .rootCause().isInstanceOf(java.security.cert.CertificateException.class)
          .hasMessageContaining("127.0.0.1");
    } finally {
      wrong.stop();
    }
  }

  @Test
  void manyHandshakesInARowAllSucceed() throws Exception {
    WebSocketClientOptions options = TlsTestApp.trusting();
    List<CompletableFuture<WebSocketConnection>> opened = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      opened.add(WebSocketClient.connect(server.wss("/echo"), options).toCompletableFuture());
    }
    for (CompletableFuture<WebSocketConnection> f : opened) {
      WebSocketConnection ws = f.get(20, TimeUnit.SECONDS);
      ws.writeMessage("hi");
      assertThat(ws.readMessage().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(new Message.Text("hi"));
      ws.close();
    }
  }

  @Test
  void aClientThatNeverStartsTheHandshakeIsClosedAfterTheHeaderTimeout() throws Exception {
    Application strict = Application.builder().route("/echo", EchoSocket.class)
        .setting(Settings.SSL_OPTIONS, TlsTestApp.CERT.serverContext())
        .setting(Settings.HTTP_LIMITS, io.squall.http.HttpLimits.defaults().withHeaderTimeout(java.time.Duration.ofMillis(300)))
        .build().listen("127.0.0.1", 0);
    try (Socket silent = new Socket("127.0.0.1", strict.port())) {
      silent.setSoTimeout(5000);
      long start = System.nanoTime();
      assertThat(silent.getInputStream().read()).isEqualTo(-1);
      assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(4));
    } finally {
      strict.stop();
    }
  }
}
