package io.squall.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.examples.EchoSocket;
import io.squall.web.Application;
import io.squall.web.Settings;
import io.squall.websocket.Message;
import io.squall.websocket.WebSocketClient;
import io.squall.websocket.WebSocketClientOptions;
import io.squall.websocket.WebSocketConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HTTPS and wss:// served by Squall's own TLS ({@code ssl_options}), against the JDK's HTTP and
 * WebSocket clients, curl, Python {@code websockets} and Squall's client. The handshake's failures
 * and choices are in {@link TlsHandshakeIT}; output that backs up in a full socket in {@link
 * TlsFullSocketIT}.
 */
class TlsIT {
  static final TestCertificates CERT = TlsTestApp.CERT;
  @RegisterExtension
  static final TlsTestApp server = new TlsTestApp();

  @Test
  void servesHttpsToTheJdkHttpClientAndTheRequestKnowsItsScheme() throws Exception {
    HttpClient http = TlsTestApp.httpClient();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.https("/scheme"))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("scheme https");
    // keep-alive over TLS: a second request on the same connection
    assertThat(http.send(HttpRequest.newBuilder(URI.create(server.https("/scheme"))).build(), HttpResponse.BodyHandlers.ofString()).body())
        .isEqualTo("scheme https");
  }

  @Test
  void servesHttpsWithTheCertificateAndKeyOfPemFiles() throws Exception {
    Application fromPem = Application.builder().route("/scheme", TlsTestApp.SchemeHandler.class)
        .setting(Settings.SSL_OPTIONS, PemFiles.serverContext(CERT.pem(), CERT.keyPem()))
        .build().listen("127.0.0.1", 0);
    try {
      HttpClient http = TlsTestApp.httpClient();
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + fromPem.port() + "/scheme")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.body()).isEqualTo("scheme https");
    } finally {
      fromPem.stop();
    }
  }

  @Test
  void servesWssToTheJdkWebSocketClient() throws Exception {
    HttpClient http = TlsTestApp.httpClient();
    CompletableFuture<String> echoed = new CompletableFuture<>();
    StringBuilder text = new StringBuilder();
    WebSocket ws = http.newWebSocketBuilder().buildAsync(server.wss("/echo"), new WebSocket.Listener() {
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
    WebSocketConnection ws = server.connect(TlsTestApp.trusting());
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
    Process curl = new ProcessBuilder("curl", "-s", "--max-time", "10", "--cacert", CERT.pem().toString(), server.https("/scheme"))
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
    Process py = new ProcessBuilder("/usr/bin/python3", "-c", script, server.wss("/echo").toString(), CERT.pem().toString())
        .redirectErrorStream(true).start();
    String out = new String(py.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(py.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(out.strip()).isEqualTo("hello over wss");
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
}
