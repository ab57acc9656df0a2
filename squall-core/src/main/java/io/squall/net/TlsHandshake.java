package io.squall.net;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Where a connection's TLS handshake stands: whether the engine has handshake records to make or
 * take, the delegated tasks it asks for, whether the first handshake is done (after which a server
 * refuses a TLS 1.2 renegotiation), and what it established: the session and the peer's
 * certificates. Its records travel through {@link TlsRecordReader} and {@link TlsRecordWriter},
 * which report the status each one leaves.
 *
 * <p>Confined to its connection's loop.
 */
final class TlsHandshake {
  /** The connection's engine, shared with its reader and writer. */
  private final SSLEngine engine;
  /** The first handshake is done: a new one is a renegotiation ({@link #check}); set by the reader and the writer. */
  private boolean established;

  TlsHandshake(SSLEngine engine) {
    this.engine = engine;
  }

  /** Starts the first handshake: a client's hello is then the first record to wrap. */
  void begin() throws SSLException {
    engine.beginHandshake();
  }

  /** Whether this side is the client, which speaks first. */
  boolean isClient() {
    return engine.getUseClientMode();
  }

  /** What the engine needs next: a task, a wrap, an unwrap, or nothing. */
  HandshakeStatus status() {
    return engine.getHandshakeStatus();
  }

  /** Whether the engine has handshake records to make or take: queued data then waits. */
  boolean inProgress() {
    return engine.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING;
  }

  /** Whether the engine waits for the peer's next handshake record, and the peer can still send one. */
  boolean awaitsPeer() {
    return engine.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP && !engine.isInboundDone();
  }

  /** Whether a protocol was agreed: before that, nothing queued can ever go out. */
  boolean negotiated() {
    return !"NONE".equals(engine.getSession().getProtocol());
  }

  /**
   * Notes the end of the first handshake from an unwrap's status; after it a server refuses a TLS
   * 1.2 renegotiation (a new ClientHello, RFC 5246 §7.4.1.2), as nginx does: each one costs the
   * server a full handshake for a few bytes from the client (the THC-SSL-DoS), and nothing served
   * here needs one. TLS 1.3 has none; its post-handshake messages (KeyUpdate, tickets; RFC 8446
   * §4.6) pass.
   */
  void check(HandshakeStatus status) throws SSLException {
    if (status == HandshakeStatus.FINISHED) {
      established = true;
    } else if (established && status != HandshakeStatus.NOT_HANDSHAKING && !engine.getUseClientMode()
        && !engine.getSession().getProtocol().equals("TLSv1.3")) {
      engine.closeOutbound(); // nothing of the new handshake goes out, only the close
      throw new SSLHandshakeException("Renegotiation refused: the " + engine.getSession().getProtocol()
          + " session is established.");
    }
  }

  /** Notes the end of the first handshake from a wrap's status (this side sent the last Finished). */
  void wrapped(HandshakeStatus status) {
    established |= status == HandshakeStatus.FINISHED;
  }

  /** Certificate checks and key exchange: on the loop, like the rest of the handshake. */
  void runTasks() {
    for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
      task.run();
    }
  }

  /** The TLS session (protocol, cipher suite, peer certificates); during the handshake, a placeholder. */
  SSLSession session() {
    return engine.getSession();
  }

  /** The peer's X.509 chain, its own first; empty when it sent none or before the handshake is done. */
  List<X509Certificate> peerCertificates() {
    try {
      List<X509Certificate> chain = new ArrayList<>();
      for (Certificate c : engine.getSession().getPeerCertificates()) {
        if (c instanceof X509Certificate x) {
          chain.add(x);
        }
      }
      return List.copyOf(chain);
    } catch (SSLPeerUnverifiedException none) {
      return List.of();
    }
  }
}
