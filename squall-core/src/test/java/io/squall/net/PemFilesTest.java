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
    assertThat(KeyFile.read(CERT.keyPem(), null).getAlgorithm()).isEqualTo("EC");
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
  void saysWhereTheDerOfAKeyIsMalformed() throws Exception {
    // 30 82 01: a SEQUENCE whose two-byte length has one byte
    for (String label : new String[] {"PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"}) {
      Path key = pem(label, "MIIB");
      assertThatThrownBy(() -> KeyFile.read(key, null)).as(label).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Malformed DER in key file " + key + ": tag 0x30 at byte 0 has a 2-byte length, 1 left.");
    }
    // 30 03 02 01 00 05 00: a SEQUENCE of INTEGER 0, then a NULL after it
    Path trailing = pem("ENCRYPTED PRIVATE KEY", "MAMCAQAFAA==");
    assertThatThrownBy(() -> KeyFile.read(trailing, "pw".toCharArray()))
        .hasMessage("Malformed DER in key file " + trailing + ": the value ends at byte 5 of 7.");
    // 30 03 02 01 00: a SEQUENCE of INTEGER 0 is no ECPrivateKey (version 1, then the key)
    Path notSec1 = pem("EC PRIVATE KEY", "MAMCAQA=");
    assertThatThrownBy(() -> KeyFile.read(notSec1, null))
        .hasMessage("Malformed DER in key file " + notSec1 + ": an EC PRIVATE KEY is a SEQUENCE of version 1 and an OCTET STRING.");
  }

  @Test
  void namesTheKeyFormatsItReadsWhenAFileHoldsAnother() throws Exception {
    Path openssh = pem("OPENSSH PRIVATE KEY", "AAAA");
    assertThatThrownBy(() -> KeyFile.read(openssh, null)).hasMessage("The key in " + openssh + " is labelled OPENSSH PRIVATE KEY;"
        + " Squall reads PRIVATE KEY, ENCRYPTED PRIVATE KEY, RSA PRIVATE KEY and EC PRIVATE KEY.");
  }

  @Test
  void saysAnEncryptedKeyNeedsAPasswordBeforeReadingIt() throws Exception {
    Path encrypted = pem("ENCRYPTED PRIVATE KEY", "MIIB");
    assertThatThrownBy(() -> PemFiles.serverContext(CERT.pem(), encrypted))
        .hasMessageStartingWith("The private key in " + encrypted + " is encrypted and needs a password");
  }

  @Test
  void namesWhatIsMissingFromAFile() throws Exception {
    Path empty = dir.resolve("empty.pem");
    Files.writeString(empty, "nothing here\n");
    assertThatThrownBy(() -> KeyFile.read(empty, null))
        .hasMessage("No private key in " + empty + " (expected -----BEGIN PRIVATE KEY----- or its RSA, EC or ENCRYPTED form).");
    assertThatThrownBy(() -> PemFiles.certificates(empty)).hasMessageStartingWith("No certificate in " + empty);
    Path missing = dir.resolve("missing.pem");
    assertThatThrownBy(() -> PemFiles.serverContext(missing, CERT.keyPem())).hasMessage("Cannot read " + missing + ": no such file.");
  }

  @Test
  void refusesAKeyThatIsNotBase64() throws Exception {
    Path garbled = pem("PRIVATE KEY", "!!!!");
    assertThatThrownBy(() -> KeyFile.read(garbled, null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The private key in " + garbled + " is not valid base64.");
  }

  @Test
  void saysAnUnendedKeyBlockHasNoEndLine() throws Exception {
    Path unended = dir.resolve("unended.pem");
    Files.writeString(unended, "-----BEGIN EC PRIVATE KEY-----\nMIIB\n");
    assertThatThrownBy(() -> KeyFile.read(unended, null))
        .hasMessage("The private key in " + unended + " has no -----END EC PRIVATE KEY----- line.");
  }

  private Path pem(String label, String base64) throws java.io.IOException {
    Path file = dir.resolve(label.toLowerCase(java.util.Locale.ROOT).replace(' ', '-') + ".pem");
    Files.writeString(file, "-----BEGIN " + label + "-----\n" + base64 + "\n-----END " + label + "-----\n");
    return file;
  }
}
