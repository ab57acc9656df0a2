package io.squall.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS trust for the command line: {@code --cacert FILE}, like curl's. */
final class Trust {
  private Trust() {}

  /** An SSL context that trusts exactly the PEM (or DER) certificates in {@code file}. */
  static SSLContext pemFile(Path file) throws IOException, GeneralSecurityException {
    Collection<? extends Certificate> certs;
    try (InputStream in = Files.newInputStream(file)) {
      certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "no such file"); // the JDK's message is the bare path
    } catch (CertificateException e) {
      certs = List.of(); // a key, text: the JDK says "signed fields invalid"
    }
    if (certs.isEmpty()) {
      throw new GeneralSecurityException("no certificate in it (expected -----BEGIN CERTIFICATE-----)");
    }
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    int i = 0;
    for (Certificate c : certs) {
      store.setCertificateEntry("ca-" + i++, c);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }
}
