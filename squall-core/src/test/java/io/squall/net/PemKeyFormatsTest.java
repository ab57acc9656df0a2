package io.squall.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The private key forms that openssl, certbot and CAs write, made by openssl itself and read back. */
class PemKeyFormatsTest {
  private final OpenSsl openssl;

  PemKeyFormatsTest(@TempDir Path dir) {
    openssl = new OpenSsl(dir);
  }

  @Test
  void readsAPkcs1RsaKeyThatSignsForItsCertificate() throws Exception {
    Path key = openssl.rsaPkcs1("rsa.pem");
    assertThat(Files.readString(key)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    Path cert = openssl.selfSigned(key, "cert.pem");
    PrivateKey loaded = KeyFile.read(key, null);
    assertThat(loaded.getAlgorithm()).isEqualTo("RSA");
    assertSignsFor(loaded, PemFiles.certificates(cert).get(0), "SHA256withRSA");
    // the same key as openssl's own PKCS #8 conversion of it
    Path pkcs8 = openssl.run("rsa.der", "pkcs8", "-topk8", "-nocrypt", "-in", "rsa.pem", "-outform", "DER", "-out", "rsa.der");
    assertThat(loaded.getEncoded()).isEqualTo(Files.readAllBytes(pkcs8));
    assertThat(PemFiles.serverContext(cert, key)).isNotNull();
  }

  @Test
  void readsASec1EcKeyAfterItsEcParametersBlock() throws Exception {
    Path key = openssl.ecSec1("ec.pem");
    assertThat(Files.readString(key)).startsWith("-----BEGIN EC PARAMETERS-----").contains("-----BEGIN EC PRIVATE KEY-----");
    Path cert = openssl.selfSigned(key, "cert.pem");
    PrivateKey loaded = KeyFile.read(key, null);
    assertThat(loaded.getAlgorithm()).isEqualTo("EC");
    assertSignsFor(loaded, PemFiles.certificates(cert).get(0), "SHA256withECDSA");
    assertThat(PemFiles.serverContext(cert, key)).isNotNull();
  }

  @Test
  void readsAnOldFormatKeyAndItsCertificateFromOneFile() throws Exception {
    Path key = openssl.rsaPkcs1("rsa.pem");
    Path cert = openssl.selfSigned(key, "cert.pem");
    Path both = key.resolveSibling("both.pem");
    Files.writeString(both, Files.readString(cert) + Files.readString(key));
    assertThat(PemFiles.serverContext(both, both)).isNotNull();
  }

  @Test
  void decryptsAnEncryptedPkcs8KeyWithItsPassword() throws Exception {
    Path plain = openssl.ecSec1("ec.pem");
    Path cert = openssl.selfSigned(plain, "cert.pem");
    Path key = openssl.encryptedPkcs8(plain, "enc.pem", "s3cret pass");
    assertThat(Files.readString(key)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
    char[] password = "s3cret pass".toCharArray();
    assertSignsFor(KeyFile.read(key, password), PemFiles.certificates(cert).get(0), "SHA256withECDSA");
    assertThat(password).isEqualTo("s3cret pass".toCharArray()); // the caller's array, untouched
    assertThat(PemFiles.serverContext(cert, key, password)).isNotNull();
  }

  @Test
  void saysAnEncryptedKeyNeedsAPassword() {
    Path key = openssl.encryptedPkcs8(openssl.rsaPkcs1("rsa.pem"), "enc.pem", "pw");
    assertThatThrownBy(() -> KeyFile.read(key, null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The private key in " + key + " is encrypted and needs a password (or decrypt it: openssl pkey -in "
            + key + " -out key.pem).");
  }

  @Test
  void saysAWrongPasswordIsWrong() {
    Path key = openssl.encryptedPkcs8(openssl.ecSec1("ec.pem"), "enc.pem", "right");
    assertThatThrownBy(() -> KeyFile.read(key, "wrong".toCharArray())).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The password for the private key in " + key + " is wrong.");
  }

  @Test
  void refusesAKeyEncryptedTheOldOpensslWayWithTheCommandThatConvertsIt() throws Exception {
    Path key = openssl.run("legacy.pem", "genrsa", "-traditional", "-aes128", "-passout", "pass:pw", "-out", "legacy.pem", "2048");
    assertThat(Files.readString(key)).contains("Proc-Type: 4,ENCRYPTED");
    assertThatThrownBy(() -> KeyFile.read(key, "pw".toCharArray())).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The private key in " + key + " is encrypted the old OpenSSL way; convert it to encrypted PKCS #8: "
            + "openssl pkcs8 -topk8 -v2 aes-256-cbc -in " + key + " -out key.pem");
  }

  @Test
  void refusesAnEcKeyWithExplicitCurveParametersWithTheCommandThatNamesTheCurve() throws Exception {
    Path key = openssl.ecSec1("explicit.pem", "-param_enc", "explicit", "-noout");
    assertThatThrownBy(() -> KeyFile.read(key, null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The EC key in " + key + " has explicit curve parameters; name it: openssl ec -in " + key
            + " -param_enc named_curve -out key.pem");
    // and that command does make a key Squall reads
    Path named = openssl.run("named.pem", "ec", "-in", key.toString(), "-param_enc", "named_curve", "-out", "named.pem");
    assertThat(KeyFile.read(named, null).getAlgorithm()).isEqualTo("EC");
  }

  private static void assertSignsFor(PrivateKey key, Certificate certificate, String algorithm) throws Exception {
    byte[] data = "signed by the key, verified by the certificate".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(data);
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(certificate.getPublicKey());
    verifier.update(data);
    assertThat(verifier.verify(signer.sign())).as("the certificate verifies what the key signs").isTrue();
  }
}
