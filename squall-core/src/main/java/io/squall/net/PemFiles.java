package io.squall.net;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A server's TLS context from the PEM files that certificate authorities and {@code openssl} hand
 * out: Tornado's {@code ssl_options={"certfile": ..., "keyfile": ...}}. The JDK alone, no keystore
 * to convert to. Stateless.
 */
public final class PemFiles {
  private PemFiles() {}

  /**
   * An {@link SSLContext} serving the certificate chain in {@code certFile} (the server's own
   * certificate first, then any intermediates) with the unencrypted private key in {@code keyFile}:
   * PKCS #8 ({@code -----BEGIN PRIVATE KEY-----}, what {@code openssl genpkey} and Let's Encrypt
   * write), PKCS #1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}, after any {@code EC
   * PARAMETERS}). Both may be the same file. Pass it as {@code Settings.SSL_OPTIONS}.
   *
   * @throws IllegalArgumentException with a one-line reason when a file is missing, holds no
   *     certificate or no usable key, the key is encrypted, or it does not belong to the certificate
   */
  public static SSLContext serverContext(Path certFile, Path keyFile) {
    return serverContext(certFile, keyFile, null);
  }

  /**
   * As {@link #serverContext(Path, Path)}, with the password of an encrypted PKCS #8 key ({@code
   * -----BEGIN ENCRYPTED PRIVATE KEY-----}, from {@code openssl pkcs8 -topk8 -v2 aes-256-cbc}):
   * Python's {@code load_cert_chain(certfile, keyfile, password)}. Keys encrypted the old OpenSSL
   * way ({@code Proc-Type: 4,ENCRYPTED}) are refused with the command that converts them.
   *
   * @param keyPassword decrypts the key; ignored for an unencrypted one, may be null then. Neither
   *     kept nor logged: the caller may clear it once this returns
   * @throws IllegalArgumentException as the other form does, and when the password is wrong
   */
  public static SSLContext serverContext(Path certFile, Path keyFile, char[] keyPassword) {
    List<Certificate> chain = certificates(certFile);
    PrivateKey key = KeyFile.read(keyFile, keyPassword);
    if (!matches(key, keyFile, chain.get(0))) {
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

  /** Whether {@code key} signs what the certificate's public key verifies. */
  private static boolean matches(PrivateKey key, Path keyFile, Certificate certificate) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
      default -> null; // RSASSA-PSS needs parameters: the TLS handshake checks it instead
    };
    if (algorithm == null) {
      return true;
    }
    byte[] probe = new byte[32];
    new SecureRandom().nextBytes(probe);
    byte[] signature;
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      signature = signer.sign();
    } catch (GeneralSecurityException e) { // a curve the JDK reads but no longer signs with, such as secp256k1
      throw new IllegalArgumentException("The private key in " + keyFile + " cannot sign on this JDK: " + e.getMessage(), e);
    }
    try {
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false; // a key of another algorithm than the certificate's
    }
  }

  static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalArgumentException("Cannot read " + file + ": no such file.", e); // its message is the bare path
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
