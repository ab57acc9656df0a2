package io.squall.cli;

import static io.squall.cli.CliIT.awaitPort;
import static io.squall.cli.CliIT.freePort;
import static io.squall.cli.CliIT.run;
import static io.squall.cli.CliIT.squall;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.net.TestCertificates;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code squall chat --certfile --keyfile}: the chat serving https and wss itself, as Tornado's ssl_options does. */
class ChatTlsIT {
  private static final TestCertificates CERT = TestCertificates.loopback();

  @Test
  void chatServesWssWithThePemFilesAndBroadcastsOverIt() throws Exception {
    int port = freePort();
    Process chat = new ProcessBuilder(squall("chat", "--host", "127.0.0.1", "--port", String.valueOf(port), "--cookie-secret", "tls-test",
            "--certfile", CERT.pem().toString(), "--keyfile", CERT.keyPem().toString()))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      awaitPort(port);
      CliIT.Result r = run("hello over wss\n", "connect", "wss://127.0.0.1:" + port + "/message", "--cacert", CERT.pem().toString(), "--once");
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out().strip()).matches("\\[\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}] 127\\.0\\.0\\.1 : hello over wss");
      CliIT.Result plain = run("", "connect", "ws://127.0.0.1:" + port + "/message", "--once");
      assertThat(plain.exit()).as("plain ws on the TLS port").isEqualTo(1);
    } finally {
      chat.destroy();
      if (!chat.waitFor(10, TimeUnit.SECONDS)) {
        chat.destroyForcibly();
      }
    }
  }

  @Test
  void certfileWithoutKeyfileGetsOneLineAndExitTwo() throws Exception {
    CliIT.Result r = run("", "chat", "--port", String.valueOf(freePort()), "--certfile", CERT.pem().toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("squall chat: --certfile and --keyfile go together (a certificate and its private key)");
  }

  @Test
  void unusableTlsFilesGetOneLineAndExitTwo() throws Exception {
    CliIT.Result missing = run("", "chat", "--port", String.valueOf(freePort()), "--certfile", "/nonexistent/cert.pem",
        "--keyfile", CERT.keyPem().toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err().lines().filter(l -> l.startsWith("squall chat:")).toList())
        .singleElement().asString().startsWith("squall chat: Cannot read /nonexistent/cert.pem");
    String otherKey = TestCertificates.forNames("dns:other.example").keyPem().toString();
    CliIT.Result mismatched = run("", "chat", "--port", String.valueOf(freePort()), "--certfile", CERT.pem().toString(), "--keyfile", otherKey);
    assertThat(mismatched.exit()).isEqualTo(2);
    assertThat(mismatched.err().lines().filter(l -> l.startsWith("squall chat:")).toList())
        .singleElement().asString().isEqualTo("squall chat: The private key in " + otherKey + " does not belong to the certificate in "
            + CERT.pem() + ".");
  }
}
