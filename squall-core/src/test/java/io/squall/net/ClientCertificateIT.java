package io.squall.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.web.Application;
import io.squall.web.RequestHandler;
import io.squall.web.Settings;
import io.squall.websocket.Message;
import io.squall.websocket.WebSocketClient;
import io.squall.websocket.WebSocketClientOptions;
import io.squall.websocket.WebSocketConnection;
import io.squall.websocket.WebSocketHandler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Mutual TLS: {@code ssl_client_auth}, and what a handler learns of the client's certificate. */
class ClientCertificateIT {
  static final TestCertificates SERVER = TestCertificates.loopback();
  static final TestCertificates CLIENT = TestCertificates.forNames("dns:client.squall.test");
  static final TestCertificates STRANGER = TestCertificates.forNames("dns:stranger.squall.test");
  static Application required;
  static Application optional;

  static String describe(List<X509Certificate> chain) {
    return chain.isEmpty() ? "none" : chain.size() + " serial " + chain.get(0).getSerialNumber().toString(16);
  }

  /** Names the certificate the client presented. */
  public static final class WhoHandler extends RequestHandler {
    @Override
    public void get() {
      write("client " + describe(peerCertificates()));
    }
  }

  /** Names the client's certificate when it opens and again on every message, long after the upgrade. */
  public static final class WhoSocket extends WebSocketHandler {
    @Override
    public void open(String... args) {
      writeMessage("open " + describe(peerCertificates()));
    }

    @Override
    public void onMessage(String message) {
      writeMessage(message + " " + describe(peerCertificates()));
    }
  }

  static Application serve(ClientAuth auth) {
    return Application.builder()
        .route("/who", WhoHandler.class)
        .route("/ws", WhoSocket.class)
        .setting(Settings.SSL_OPTIONS, SERVER.contextTrusting(CLIENT))
        .setting(Settings.SSL_CLIENT_AUTH, auth)
        .build().listen("127.0.0.1", 0);
  }

  @BeforeAll
  static void start() {
    required = serve(ClientAuth.REQUIRED);
    optional = serve(ClientAuth.OPTIONAL);
  }

  @AfterAll
  static void stop() {
    required.stop();
    optional.stop();
  }

  static String get(Application app, SSLContext client) throws Exception {
    HttpClient http = HttpClient.newBuilder().sslContext(client).build();
    URI uri = URI.create("https://127.0.0.1:" + app.port() + "/who");
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  static String serialOf(TestCertificates c) {
    return "1 serial " + c.certificate().getSerialNumber().toString(16);
  }

  @Test
  void requiredClientAuthServesATrustedClientAndTheHandlerSeesItsCertificate() throws Exception {
    assertThat(get(required, CLIENT.contextTrusting(SERVER))).isEqualTo("client " + serialOf(CLIENT));
  }

  @Test
  void aWebSocketHandlerSeesTheClientCertificateAtOpenAndAfter() throws Exception {
    URI uri = URI.create("wss://127.0.0.1:" + required.port() + "/ws");
    WebSocketConnection ws = WebSocketClient.connect(uri, WebSocketClientOptions.builder()
        .sslContext(CLIENT.contextTrusting(SERVER)).build()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    try {
      assertThat(ws.readMessage().toCompletableFuture().get(10, TimeUnit.SECONDS))
          .isEqualTo(new Message.Text("open " + serialOf(CLIENT)));
      ws.writeMessage("later");
      assertThat(ws.readMessage().toCompletableFuture().get(10, TimeUnit.SECONDS))
          .isEqualTo(new Message.Text("later " + serialOf(CLIENT)));
    } finally {
      ws.close();
    }
  }

  @Test
  void requiredClientAuthRefusesAClientWithoutACertificate() {
    assertThatThrownBy(() -> get(required, SERVER.clientContext())).isInstanceOf(IOException.class);
  }

  @Test
  void requiredClientAuthRefusesACertificateTheServerDoesNotTrust() {
    assertThatThrownBy(() -> get(required, STRANGER.contextTrusting(SERVER))).isInstanceOf(IOException.class);
  }

  @Test
  void optionalClientAuthServesAClientWithoutACertificateAndSaysSo() throws Exception {
    assertThat(get(optional, SERVER.clientContext())).isEqualTo("client none");
    assertThat(get(optional, CLIENT.contextTrusting(SERVER))).isEqualTo("client " + serialOf(CLIENT));
  }

  @Test
  void withoutClientAuthNoCertificateIsAskedFor() throws Exception {
    Application plain = Application.builder()
        .route("/who", WhoHandler.class)
        .setting(Settings.SSL_OPTIONS, SERVER.contextTrusting(CLIENT))
        .build().listen("127.0.0.1", 0);
    try {
      assertThat(get(plain, CLIENT.contextTrusting(SERVER))).isEqualTo("client none");
    } finally {
      plain.stop();
    }
  }
}
