package io.squall.net;

/**
 * Whether a TLS server asks its clients for a certificate (Tornado's {@code cert_reqs} in {@code
 * ssl_options}). The certificates a client may present are checked against the trust managers of
 * the server's {@code SSLContext}; a handler reads the one presented with {@code peerCertificates()}.
 */
public enum ClientAuth {
  /** No certificate asked for (the default, as on the web). */
  NONE,
  /** Asked for; a client without one is served, a client whose certificate is not trusted is refused. */
  OPTIONAL,
  /** A trusted certificate or no connection (mutual TLS). */
  REQUIRED
}
