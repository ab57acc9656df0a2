package io.squall.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.web.Application;
import io.squall.web.Settings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server made from the key files openssl writes, in each form, completes a real TLS handshake on
 * loopback with a client that trusts only its certificate: the key read is the certificate's.
 */
class PemKeyFormatsIT {
  private final OpenSsl openssl;

  PemKeyFormatsIT(@TempDir Path dir) {
    openssl = new OpenSsl(dir);
  }

  @Test
  void servesHttpsWithAPkcs1RsaKey() throws Exception {
    Path key = openssl.rsaPkcs1("rsa.pem");
    assertServesHttps(openssl.selfSigned(key, "cert.pem"), key, null);
  }

  @Test
  void servesHttpsWithASec1EcKeyFromEcparamGenkey() throws Exception {
    Path key = openssl.ecSec1("ec.pem");
    assertServesHttps(openssl.selfSigned(key, "cert.pem"), key, null);
  }

  @Test
  void servesHttpsWithAnEncryptedPkcs8KeyAndItsPassword() throws Exception {
    Path plain = openssl.rsaPkcs1("rsa.pem");
    Path cert = openssl.selfSigned(plain, "cert.pem");
    assertServesHttps(cert, openssl.encryptedPkcs8(plain, "enc.pem", "correct horse"), "correct horse".toCharArray());
  }

  private static void assertServesHttps(Path cert, Path key, char[] password) throws Exception {
    Application app = Application.builder().route("/scheme", TlsTestApp.SchemeHandler.class)
        .setting(Settings.SSL_OPTIONS, PemFiles.serverContext(cert, key, password))
        .build().listen("127.0.0.1", 0);
    try {
      HttpClient http = HttpClient.newBuilder().sslContext(trusting(PemFiles.certificates(cert).get(0))).build();
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + app.port() + "/scheme")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.body()).isEqualTo("scheme https");
      assertThat(response.sslSession().orElseThrow().getPeerCertificates()[0]).isEqualTo(PemFiles.certificates(cert).get(0));
    } finally {
      app.stop();
    }
  }

  private static SSLContext trusting(Certificate certificate) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("openssl", certificate);
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trustManagers.getTrustManagers(), null);
    return context;
  }
}
