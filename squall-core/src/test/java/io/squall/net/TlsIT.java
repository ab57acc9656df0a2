package io.squall.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.examples.EchoSocket;
import io.squall.web.Application;
import io.squall.web.RequestHandler;
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
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTPS and wss:// served by Squall's own TLS ({@code ssl_options}), against the JDK's HTTP and
 * WebSocket clients, curl, Python {@code websockets} and Squall's client.
 */
class TlsIT {
  static final TestCertificates CERT = TestCertificates.loopback();
  static Application app;

  /** Answers with the scheme the request came in on. */
  public static final class SchemeHandler extends RequestHandler {
    @Override
    public void get() {
      write("scheme " + request().protocol());
    }
  }

  @BeforeAll
  static void start() {
    app = Application.builder()
        .route("/scheme", SchemeHandler.class)
        .route("/echo", EchoSocket.class)
        .setting(Settings.SSL_OPTIONS, CERT.serverContext())
        .build().listen("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  static String https(String path) {
    return "https://127.0.0.1:" + app.port() + path;
  }

  static URI wss(String path) {
    return URI.create("wss://127.0.0.1:" + app.port() + path);
  }

  static WebSocketConnection connect(WebSocketClientOptions options) throws Exception {
    return WebSocketClient.connect(wss("/echo"), options).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void servesHttpsToTheJdkHttpClientAndTheRequestKnowsItsScheme() throws Exception {
    HttpClient http = HttpClient.newBuilder().sslContext(CERT.clientContext()).build();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(https("/scheme"))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("scheme https");
    // keep-alive over TLS: a second request on the same connection
    assertThat(http.send(HttpRequest.newBuilder(URI.create(https("/scheme"))).build(), HttpResponse.BodyHandlers.ofString()).body())
        .isEqualTo("scheme https");
  }

  @Test
  void servesHttpsWithTheCertificateAndKeyOfPemFiles() throws Exception {
    Application fromPem = Application.builder().route("/scheme", SchemeHandler.class)
        .setting(Settings.SSL_OPTIONS, PemFiles.serverContext(CERT.pem(), CERT.keyPem()))
        .build().listen("127.0.0.1", 0);
    try {
      HttpClient http = HttpClient.newBuilder().sslContext(CERT.clientContext()).build();
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + fromPem.port() + "/scheme")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.body()).isEqualTo("scheme https");
    } finally {
      fromPem.stop();
    }
  }

  @Test
  void servesWssToTheJdkWebSocketClient() throws Exception {
    HttpClient http = HttpClient.newBuilder().sslContext(CERT.clientContext()).build();
    CompletableFuture<String> echoed = new CompletableFuture<>();
    StringBuilder text = new StringBuilder();
    WebSocket ws = http.newWebSocketBuilder().buildAsync(wss("/echo"), new WebSocket.Listener() {
      @Override
      public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
          echoed.complete(text.toString());
        }
        w.request(1);
        return null;
      }
    }).get(10, TimeUnit.SECONDS);
    String big = "over TLS ".repeat(20_000);
    ws.sendText(big, true).get(10, TimeUnit.SECONDS);
    assertThat(echoed.get(10, TimeUnit.SECONDS)).isEqualTo(big);
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
  }

  @Test
  void squallsClientEchoesLargeMessagesOverWssAndClosesCleanly() throws Exception {
    WebSocketConnection ws = connect(WebSocketClientOptions.builder().sslContext(CERT.clientContext()).build());
    byte[] mebibyte = new byte[1 << 20];
    for (int i = 0; i < mebibyte.length; i++) {
      mebibyte[i] = (byte) (i * 31);
    }
    ws.writeMessage(mebibyte);
    for (int i = 0; i < 50; i++) {
      ws.writeMessage("message " + i);
    }
    assertThat(ws.readMessage().toCompletableFuture().get(10, TimeUnit.SECONDS))
        .isInstanceOfSatisfying(Message.Binary.class, m -> assertThat(m.data()).isEqualTo(mebibyte));
    for (int i = 0; i < 50; i++) {
      assertThat(ws.readMessage().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(new Message.Text("message " + i));
    }
    ws.close();
    ws.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(ws.closeCode()).isEqualTo(1000);
  }

  @Test
  void curlFetchesOverHttpsTrustingTheCertificate() throws Exception {
    Process curl = new ProcessBuilder("curl", "-s", "--max-time", "10", "--cacert", CERT.pem().toString(), https("/scheme"))
        .redirectErrorStream(true).start();
    String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(curl.waitFor(15, TimeUnit.SECONDS)).isTrue();
    assertThat(curl.exitValue()).as(out).isZero();
    assertThat(out).isEqualTo("scheme https");
  }

  @Test
  void pythonWebsocketsEchoesOverWss() throws Exception {
    String script = """
        import asyncio, ssl, sys, websockets
        async def main():
            ctx = ssl.create_default_context(cafile=sys.argv[2])
            async with websockets.connect(sys.argv[1], ssl=ctx) as ws:
                await ws.send("hello over wss")
                print(await ws.recv())
        asyncio.run(main())
        """;
    Process py = new ProcessBuilder("/usr/bin/python3", "-c", script, wss("/echo").toString(), CERT.pem().toString())
        .redirectErrorStream(true).start();
    String out = new String(py.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(py.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(out.strip()).isEqualTo("hello over wss");
  }

  @Test
  void plainHttpOnTheTlsPortIsDroppedAndTheServerKeepsServing() throws Exception {
    try (Socket s = new Socket("127.0.0.1", app.port())) {
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
    HttpClient http = HttpClient.newBuilder().sslContext(CERT.clientContext()).build();
    assertThat(http.send(HttpRequest.newBuilder(URI.create(https("/scheme"))).build(), HttpResponse.BodyHandlers.ofString()).body())
        .isEqualTo("scheme https");
  }

  @Test
  void anUntrustedCertificateFailsTheClientsHandshake() {
    assertThatThrownBy(() -> connect(WebSocketClientOptions.defaults()))
        .cause().isInstanceOf(javax.net.ssl.SSLHandshakeException.class)
        .hasMessageContaining("unable to find valid certification path");
  }

  /** RFC 8446 §6.2: the side that fails a handshake says why with an alert, not a bare close. */
  @Test
  void aClientWithNoCipherSuiteInCommonIsToldSoWithAnAlert() throws Exception {
    try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) CERT.clientContext().getSocketFactory()
        .createSocket("127.0.0.1", app.port())) {
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
    try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) CERT.clientContext().getSocketFactory()
        .createSocket("127.0.0.1", app.port())) {
      s.setSoTimeout(5000);
      javax.net.ssl.SSLParameters p = s.getSSLParameters();
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
    try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) CERT.clientContext().getSocketFactory()
        .createSocket("127.0.0.1", app.port())) {
      javax.net.ssl.SSLParameters p = s.getSSLParameters();
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
    try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) CERT.clientContext().getSocketFactory()
        .createSocket("127.0.0.1", app.port())) {
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
    WebSocketClientOptions options = WebSocketClientOptions.builder().sslContext(CERT.clientContext()).build();
    List<CompletableFuture<WebSocketConnection>> opened = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      opened.add(WebSocketClient.connect(wss("/echo"), options).toCompletableFuture());
    }
    for (CompletableFuture<WebSocketConnection> f : opened) {
      WebSocketConnection ws = f.get(20, TimeUnit.SECONDS);
      ws.writeMessage("hi");
      assertThat(ws.readMessage().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(new Message.Text("hi"));
      ws.close();
    }
  }

  @Test
  void eightMebibytesWrittenAtOnceComeBackWhenTheSocketsFillUp() throws Exception {
    WebSocketConnection ws = connect(WebSocketClientOptions.builder().sslContext(CERT.clientContext()).build());
    byte[][] sent = new byte[8][];
    for (int m = 0; m < sent.length; m++) {
      sent[m] = new byte[1 << 20];
      java.util.Arrays.fill(sent[m], (byte) m);
      ws.writeMessage(sent[m]);
    }
    for (byte[] expected : sent) {
      assertThat(ws.readMessage().toCompletableFuture().get(20, TimeUnit.SECONDS))
          .isInstanceOfSatisfying(Message.Binary.class, got -> assertThat(got.data()).isEqualTo(expected));
    }
    ws.close();
  }

  @Test
  void compressionWorksOverTls() throws Exception {
    Application both = Application.builder().route("/echo", EchoSocket.class)
        .setting(Settings.SSL_OPTIONS, CERT.serverContext())
        .setting(Settings.WEBSOCKET_COMPRESSION, io.squall.websocket.WebSocketCompression.on())
        .build().listen("127.0.0.1", 0);
    try {
      WebSocketConnection ws = WebSocketClient.connect(URI.create("wss://127.0.0.1:" + both.port() + "/echo"),
          WebSocketClientOptions.builder().sslContext(CERT.clientContext())
              .compression(io.squall.websocket.WebSocketCompression.on()).build())
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(ws.isCompressed()).isTrue();
      String text = "compressed, then encrypted. ".repeat(1000);
      ws.writeMessage(text);
      assertThat(ws.readMessage().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(new Message.Text(text));
      ws.close();
    } finally {
      both.stop();
    }
  }

  /** The JDK client reads nothing until asked: the server's encrypted echo backs up in the socket, then drains. */
  @Test
  void echoesThatBackUpInAFullSocketArriveIntactOnceThePeerReads() throws Exception {
    HttpClient http = HttpClient.newBuilder().sslContext(CERT.clientContext()).build();
    java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
    CompletableFuture<Void> all = new CompletableFuture<>();
    int total = 6 << 20;
    WebSocket ws = http.newWebSocketBuilder().buildAsync(wss("/echo"), new WebSocket.Listener() {
      @Override
      public void onOpen(WebSocket w) {
        // no request(1): nothing is read from the socket yet
      }

      @Override
      public CompletionStage<?> onBinary(WebSocket w, java.nio.ByteBuffer data, boolean last) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        received.writeBytes(chunk);
        if (received.size() == total) {
          all.complete(null);
        }
        return null;
      }
    }).get(10, TimeUnit.SECONDS);
    byte[] message = new byte[1 << 20];
    for (int m = 0; m < 6; m++) {
      java.util.Arrays.fill(message, (byte) (m + 1));
      ws.sendBinary(java.nio.ByteBuffer.wrap(message.clone()), true).get(10, TimeUnit.SECONDS);
    }
    Thread.sleep(300); // the server echoes into a socket nobody reads
    ws.request(Long.MAX_VALUE);
    all.get(20, TimeUnit.SECONDS);
    byte[] got = received.toByteArray();
    for (int m = 0; m < 6; m++) {
      for (int i = m << 20; i < (m + 1) << 20; i += 4099) {
        assertThat(got[i]).as("byte %d", i).isEqualTo((byte) (m + 1));
      }
    }
    ws.abort();
  }

  @Test
  void aClientThatNeverStartsTheHandshakeIsClosedAfterTheHeaderTimeout() throws Exception {
    Application strict = Application.builder().route("/echo", EchoSocket.class)
        .setting(Settings.SSL_OPTIONS, CERT.serverContext())
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
