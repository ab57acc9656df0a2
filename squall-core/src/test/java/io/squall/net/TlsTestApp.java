package io.squall.net;

import io.squall.examples.EchoSocket;
import io.squall.web.Application;
import io.squall.web.RequestHandler;
import io.squall.web.Settings;
import io.squall.websocket.WebSocketClient;
import io.squall.websocket.WebSocketClientOptions;
import io.squall.websocket.WebSocketConnection;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An {@link Application} served over Squall's own TLS ({@code ssl_options}) on an ephemeral
 * loopback port, with the loopback test certificate, for the TLS integration tests: {@code
 * /scheme} answers with the scheme the request came in on, {@code /echo} is a WebSocket echo.
 * Registered as a static extension, it starts before a class's tests and stops after them.
 */
final class TlsTestApp implements BeforeAllCallback, AfterAllCallback {
  static final TestCertificates CERT = TestCertificates.loopback();
  /** Set before the class's tests, stopped after them. */
  private Application app;

  /** Answers with the scheme the request came in on. */
  public static final class SchemeHandler extends RequestHandler {
    @Override
    public void get() {
      write("scheme " + request().protocol());
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    app = Application.builder()
        .route("/scheme", SchemeHandler.class)
        .route("/echo", EchoSocket.class)
        .setting(Settings.SSL_OPTIONS, CERT.serverContext())
        .build().listen("127.0.0.1", 0);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    app.stop();
  }

  int port() {
    return app.port();
  }

  String https(String path) {
    return "https://127.0.0.1:" + app.port() + path;
  }

  URI wss(String path) {
    return URI.create("wss://127.0.0.1:" + app.port() + path);
  }

  /** The JDK's HTTP (and WebSocket) client, trusting the certificate. */
  static HttpClient httpClient() {
    return HttpClient.newBuilder().sslContext(CERT.clientContext()).build();
  }

  /** Squall's client options, trusting the certificate. */
  static WebSocketClientOptions trusting() {
    return WebSocketClientOptions.builder().sslContext(CERT.clientContext()).build();
  }

  /** Squall's client, connected to {@code /echo}. */
  WebSocketConnection connect(WebSocketClientOptions options) throws Exception {
    return WebSocketClient.connect(wss("/echo"), options).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A JDK TLS socket trusting the certificate, connected and not yet handshaking. */
  SSLSocket sslSocket() throws IOException {
    return (SSLSocket) CERT.clientContext().getSocketFactory().createSocket("127.0.0.1", app.port());
  }
}
