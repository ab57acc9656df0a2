package io.squall.cli;

import static io.squall.cli.CliIT.awaitPort;
import static io.squall.cli.CliIT.freePort;
import static io.squall.cli.CliIT.run;
import static io.squall.cli.CliIT.squall;
import static org.assertj.core.api.Assertions.assertThat;

import io.squall.net.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code squall chat --certfile --keyfile}: the chat serving https and wss itself, as Tornado's ssl_options does. */
class ChatTlsIT {
  private static final TestCertificates CERT = TestCertificates.loopback();

  @Test
  void chatServesWssWithThePemFilesAndBroadcastsOverIt() throws Exception {
    servesWss("--keyfile", CERT.keyPem().toString());
  }

  @Test
  void chatServesWssWithAnEncryptedKeyAndItsPasswordFile(@TempDir Path dir) throws Exception {
    Path key = encrypted(dir, "s3cret pass");
    Path password = Files.writeString(dir.resolve("password.txt"), "s3cret pass\n", StandardCharsets.UTF_8);
    servesWss("--keyfile", key.toString(), "--keyfile-password-file", password.toString());
  }

  @Test
  void encryptedKeyWithAWrongOrNoPasswordGetsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
    Path key = encrypted(dir, "right");
    Path wrong = Files.writeString(dir.resolve("wrong.txt"), "wrong\n", StandardCharsets.UTF_8);
    CliIT.Result r = run("", "chat", "--port", String.valueOf(freePort()), "--certfile", CERT.pem().toString(),
        "--keyfile", key.toString(), "--keyfile-password-file", wrong.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(squallLines(r)).containsExactly("squall chat: The password for the private key in " + key + " is wrong.");
    CliIT.Result none = run("", "chat", "--port", String.valueOf(freePort()), "--certfile", CERT.pem().toString(), "--keyfile", key.toString());
    assertThat(none.exit()).isEqualTo(2);
    assertThat(squallLines(none)).singleElement().asString()
        .startsWith("squall chat: The private key in " + key + " is encrypted and needs a password");
    CliIT.Result missing = run("", "chat", "--port", String.valueOf(freePort()), "--certfile", CERT.pem().toString(),
        "--keyfile", key.toString(), "--keyfile-password-file", dir.resolve("absent.txt").toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(squallLines(missing)).containsExactly("squall chat: Cannot read the key password file " + dir.resolve("absent.txt") + ": no such file.");
  }

  @Test
  void passwordFileWithoutKeyfileGetsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
    Path password = Files.writeString(dir.resolve("password.txt"), "x\n", StandardCharsets.UTF_8);
    CliIT.Result r = run("", "chat", "--port", String.valueOf(freePort()), "--keyfile-password-file", password.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("squall chat: --keyfile-password-file is the password of a --keyfile, and there is none");
  }

  private static List<String> squallLines(CliIT.Result r) {
    return r.err().lines().filter(l -> l.startsWith("squall chat:")).toList();
  }

  /** The test certificate's key as encrypted PKCS #8 (PBES2, AES-256-CBC), made by the openssl command line. */
  private static Path encrypted(Path dir, String password) throws Exception {
    Path out = dir.resolve("key-encrypted.pem");
    Process p = new ProcessBuilder("openssl", "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", CERT.keyPem().toString(),
        "-passout", "pass:" + password, "-out", out.toString()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as("openssl pkcs8: " + output).isTrue();
    return out;
  }

  /** Starts the chat over TLS with the test certificate and {@code keyOptions}; one message goes round over wss. */
  private static void servesWss(String... keyOptions) throws Exception {
    int port = freePort();
    List<String> args = new java.util.ArrayList<>(List.of("chat", "--host", "127.0.0.1", "--port", String.valueOf(port),
        "--cookie-secret", "tls-test", "--certfile", CERT.pem().toString()));
    args.addAll(List.of(keyOptions));
    Process chat = new ProcessBuilder(squall(args.toArray(String[]::new)))
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
