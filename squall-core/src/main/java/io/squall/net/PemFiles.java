package io.squall.net;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A server's TLS context from the PEM files that certificate authorities and {@code openssl} hand
 * out: Tornado's {@code ssl_options={"certfile": ..., "keyfile": ...}}. The JDK alone, no keystore
 * to convert to. Stateless.
 */
public final class PemFiles {
  private static final String PKCS8 = "PRIVATE KEY";
  /** Key algorithms a PKCS #8 key may hold; tried in turn, since the file does not name it in text. */
  private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS");

  private PemFiles() {}

  /**
   * An {@link SSLContext} serving the certificate chain in {@code certFile} (the server's own
   * certificate first, then any intermediates) with the unencrypted PKCS #8 private key in {@code
   * keyFile} ({@code -----BEGIN PRIVATE KEY-----}, what {@code openssl genpkey} and Let's Encrypt
   * write). Both may be the same file. Pass it as {@code Settings.SSL_OPTIONS}.
   *
   * @throws IllegalArgumentException with a one-line reason when a file is missing, holds no
   *     certificate or no usable key, or the key does not belong to the certificate
   */
  public static SSLContext serverContext(Path certFile, Path keyFile) {
    List<Certificate> chain = certificates(certFile);
    PrivateKey key = privateKey(keyFile);
    if (!matches(key, chain.get(0))) {
      throw new IllegalArgumentException("The private key in " + keyFile + " does not belong to the certificate in " + certFile + ".");
    }
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = new char[0];
      store.setKeyEntry("server", key, password, chain.toArray(new Certificate[0]));
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("Could not make a TLS context from " + certFile + " and " + keyFile + ": " + e.getMessage(), e);
    }
  }

  /** The certificates of a PEM file, in file order; other blocks (a key in the same file) are skipped. */
  static List<Certificate> certificates(Path file) {
    String text = new String(read(file), StandardCharsets.US_ASCII);
    String begin = "-----BEGIN CERTIFICATE-----";
    String end = "-----END CERTIFICATE-----";
    StringBuilder blocks = new StringBuilder();
    for (int at = text.indexOf(begin); at >= 0; at = text.indexOf(begin, at + 1)) {
      int stop = text.indexOf(end, at);
      if (stop < 0) {
        throw new IllegalArgumentException("A certificate in " + file + " has no " + end + " line.");
      }
      blocks.append(text, at, stop + end.length()).append('\n');
    }
    if (blocks.isEmpty()) {
      throw new IllegalArgumentException("No certificate in " + file + " (expected " + begin + ").");
    }
    try {
      return List.copyOf(CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(blocks.toString().getBytes(StandardCharsets.US_ASCII))));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("A certificate in " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** The unencrypted PKCS #8 private key of a PEM file. */
  static PrivateKey privateKey(Path file) {
    String text = new String(read(file), StandardCharsets.US_ASCII);
    if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
      throw new IllegalArgumentException("The private key in " + file + " is encrypted; decrypt it: openssl pkey -in "
          + file + " -out key.pem");
    }
    String begin = "-----BEGIN " + PKCS8 + "-----";
    int start = text.indexOf(begin);
    if (start < 0) {
      boolean legacy = text.contains("-----BEGIN RSA PRIVATE KEY-----") || text.contains("-----BEGIN EC PRIVATE KEY-----");
      throw new IllegalArgumentException(legacy
          ? "The private key in " + file + " is in the old RSA/EC format; convert it to PKCS #8: openssl pkcs8 -topk8 -nocrypt -in "
              + file + " -out key.pem"
          : "No private key in " + file + " (expected " + begin + ").");
    }
    int end = text.indexOf("-----END " + PKCS8 + "-----", start);
    if (end < 0) {
      throw new IllegalArgumentException("The private key in " + file + " has no -----END " + PKCS8 + "----- line.");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(text.substring(start + begin.length(), end));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("The private key in " + file + " is not valid base64.", e);
    }
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException tryTheNext) {
        // not this algorithm
      }
    }
    throw new IllegalArgumentException("The private key in " + file + " is not an RSA, EC or EdDSA key this JDK can read.");
  }

  /** Whether {@code key} signs what the certificate's public key verifies. */
  private static boolean matches(PrivateKey key, Certificate certificate) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
      default -> null; // RSASSA-PSS needs parameters: the TLS handshake checks it instead
    };
    if (algorithm == null) {
      return true;
    }
    try {
      byte[] probe = new byte[32];
      new SecureRandom().nextBytes(probe);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false; // a key of another algorithm than the certificate's
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalArgumentException("Cannot read " + file + ": no such file.", e); // its message is the bare path
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
