package io.squall.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed certificates made by the JDK's own {@code keytool} for the TLS tests: one per
 * subject alternative name list, made once per test JVM, with SSL contexts to serve it and to trust
 * it, and its PEM file for clients outside the JVM (curl, Python).
 */
public final class TestCertificates {
  private static final char[] PASSWORD = "squall-tests".toCharArray();
  private static final java.util.Map<String, TestCertificates> MADE = new java.util.concurrent.ConcurrentHashMap<>();

  private final KeyStore keys;
  private final Path pem;

  private TestCertificates(KeyStore keys, Path pem) {
    this.keys = keys;
    this.pem = pem;
  }

  /** A certificate for {@code localhost} and {@code 127.0.0.1}. */
  public static TestCertificates loopback() {
    return forNames("dns:localhost,ip:127.0.0.1");
  }

  /** A certificate whose subject alternative names are {@code sans} (keytool syntax). */
  public static TestCertificates forNames(String sans) {
    return MADE.computeIfAbsent(sans, TestCertificates::make);
  }

  private static TestCertificates make(String sans) {
    try {
      Path dir = Files.createTempDirectory("squall-tls-");
      Path store = dir.resolve("server.p12");
      Path pem = dir.resolve("cert.pem");
      String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
      run(List.of(keytool, "-genkeypair", "-alias", "squall", "-keyalg", "EC", "-groupname", "secp256r1",
          "-dname", "CN=squall-test", "-ext", "SAN=" + sans, "-validity", "2", "-storetype", "PKCS12",
          "-keystore", store.toString(), "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)));
      run(List.of(keytool, "-exportcert", "-rfc", "-alias", "squall", "-keystore", store.toString(),
          "-storepass", new String(PASSWORD), "-file", pem.toString()));
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        keys.load(in, PASSWORD);
      }
      return new TestCertificates(keys, pem);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("Could not make a test certificate for " + sans, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool failed: " + output);
    }
  }

  /** Serves this certificate. */
  public SSLContext serverContext() {
    return context(keyManagers(), null);
  }

  /** Trusts this certificate (and nothing else). */
  public SSLContext clientContext() {
    return context(null, trustManagers());
  }

  /** Presents this certificate and trusts {@code trusted}'s (and nothing else): either side of mutual TLS. */
  public SSLContext contextTrusting(TestCertificates trusted) {
    return context(keyManagers(), trusted.trustManagers());
  }

  /** The certificate itself. */
  public java.security.cert.X509Certificate certificate() {
    try {
      return (java.security.cert.X509Certificate) keys.getCertificate("squall");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private javax.net.ssl.KeyManager[] keyManagers() {
    try {
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, PASSWORD);
      return kmf.getKeyManagers();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private javax.net.ssl.TrustManager[] trustManagers() {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("squall", certificate());
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      return tmf.getTrustManagers();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SSLContext context(javax.net.ssl.KeyManager[] keys, javax.net.ssl.TrustManager[] trust) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, trust, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The private key as an unencrypted PKCS #8 PEM file (what {@code openssl genpkey} writes), made on first use. */
  public synchronized Path keyPem() {
    Path file = pem.resolveSibling("key.pem");
    if (!Files.exists(file)) {
      try {
        java.security.Key key = keys.getKey("squall", PASSWORD);
        String base64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded());
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n");
      } catch (GeneralSecurityException | IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return file;
  }

  /** The certificate as a PEM file, for curl's {@code --cacert} and Python's {@code cafile}. */
  public Path pem() {
    return pem;
  }
}
