package io.squall.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {
  private static final TestCertificates CERT = TestCertificates.loopback();

  @TempDir
  Path dir;

  @Test
  void makesAServerContextFromACertificateAndItsPkcs8Key() {
    SSLEngine engine = PemFiles.serverContext(CERT.pem(), CERT.keyPem()).createSSLEngine();
    assertThat(engine).isNotNull();
    assertThat(PemFiles.certificates(CERT.pem())).containsExactly(CERT.certificate());
    assertThat(PemFiles.privateKey(CERT.keyPem()).getAlgorithm()).isEqualTo("EC");
  }

  @Test
  void acceptsTheCertificateAndTheKeyInOneFile() throws Exception {
    Path both = dir.resolve("both.pem");
    Files.writeString(both, Files.readString(CERT.keyPem()) + Files.readString(CERT.pem()));
    assertThat(PemFiles.serverContext(both, both)).isNotNull();
  }

  @Test
  void refusesAKeyThatDoesNotBelongToTheCertificate() {
    Path otherKey = TestCertificates.forNames("dns:other.example").keyPem();
    assertThatThrownBy(() -> PemFiles.serverContext(CERT.pem(), otherKey))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The private key in " + otherKey + " does not belong to the certificate in " + CERT.pem() + ".");
  }

  @Test
  void saysHowToConvertAnOldFormatKey() throws Exception {
    Path legacy = dir.resolve("rsa.pem");
    Files.writeString(legacy, "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n");
    assertThatThrownBy(() -> PemFiles.privateKey(legacy))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The private key in " + legacy + " is in the old RSA/EC format; convert it to PKCS #8: openssl pkcs8 -topk8 -nocrypt -in "
            + legacy + " -out key.pem");
  }

  @Test
  void saysAnEncryptedKeyMustBeDecrypted() throws Exception {
    Path encrypted = dir.resolve("enc.pem");
    Files.writeString(encrypted, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n");
    assertThatThrownBy(() -> PemFiles.privateKey(encrypted)).hasMessageStartingWith("The private key in " + encrypted + " is encrypted");
  }

  @Test
  void namesWhatIsMissingFromAFile() throws Exception {
    Path empty = dir.resolve("empty.pem");
    Files.writeString(empty, "nothing here\n");
    assertThatThrownBy(() -> PemFiles.privateKey(empty)).hasMessage("No private key in " + empty + " (expected -----BEGIN PRIVATE KEY-----).");
    assertThatThrownBy(() -> PemFiles.certificates(empty)).hasMessageStartingWith("No certificate in " + empty);
    Path missing = dir.resolve("missing.pem");
    assertThatThrownBy(() -> PemFiles.serverContext(missing, CERT.keyPem())).hasMessage("Cannot read " + missing + ": no such file.");
  }

  @Test
  void refusesAKeyThatIsNotBase64() throws Exception {
    Path garbled = dir.resolve("garbled.pem");
    Files.writeString(garbled, "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n");
    assertThatThrownBy(() -> PemFiles.privateKey(garbled)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(garbled.toString());
  }
}
