package io.squall.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.web.Application;
import io.squall.web.Settings;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TLS session resumption through Squall's own TLS: a client that kept the session of its first
 * connection (a TLS 1.3 ticket, or a TLS 1.2 session) resumes it on the next one without a full
 * handshake, and the request on the resumed session is served. A reconnecting browser or a chat
 * client behind a flaky network saves a round trip and the server's signature this way. The client
 * is OpenSSL's {@code s_client}, an independent implementation.
 */
class TlsSessionResumptionIT {
  static final TestCertificates CERT = TestCertificates.loopback();
  static Application app;

  @BeforeAll
  static void start() {
    app = Application.builder()
        .route("/scheme", TlsTestApp.SchemeHandler.class)
        .setting(Settings.SSL_OPTIONS, CERT.serverContext())
        .build().listen("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  /** One s_client connection that asks for /scheme; what it printed. */
  private static String sClient(String version, Path session, boolean resume) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + app.port(),
        version, "-CAfile", CERT.pem().toString(), "-verify_return_error", "-ign_eof",
        resume ? "-sess_in" : "-sess_out", session.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write("GET /scheme HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(15, TimeUnit.SECONDS)).as("s_client finished%n%s", out).isTrue();
    assertThat(p.exitValue()).as("s_client exit code%n%s", out).isZero();
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"-tls1_3", "-tls1_2"})
  void aClientResumesItsSessionOnTheNextConnectionAndIsServed(String version) throws Exception {
    String tls = version.equals("-tls1_3") ? "TLSv1.3" : "TLSv1.2";
    Path session = Files.createTempFile("squall-tls-session-", ".pem");
    try {
      String first = sClient(version, session, false);
      assertThat(first).as(first).contains("New, " + tls).contains("scheme https");
      assertThat(Files.size(session)).as("the session the client kept").isPositive();

      String second = sClient(version, session, true);

      assertThat(second).as(second).contains("Reused, " + tls).contains("scheme https");
    } finally {
      Files.deleteIfExists(session);
    }
  }
}
