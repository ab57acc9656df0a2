package io.squall.interop.client;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Runs every interop case against one independent server, started once per class (see {@link
 * InteropServer}); a failing case carries the server's output.
 *
 * <p>Masking: Python websockets, Node ws and gorilla fail a connection on an unmasked client frame (1002,
 * RFC 6455 §5.1), so every case against them proves our frames are masked. Tornado 6.2 unmasks
 * only when the bit is set and accepts unmasked frames: its run proves interop, not masking.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(30)
abstract class ServerUnderTest implements HandshakeCases, MessageCases, ControlCases {
  private InteropServer server;

  @RegisterExtension
  final TestExecutionExceptionHandler serverOutputOnFailure = (context, e) -> {
    throw new AssertionError(e + "\n" + server.describe(), e);
  };

  abstract InteropServer.Kind kind();

  @Override
  public InteropServer server() {
    return server;
  }

  @BeforeAll
  void startServer() {
    server = InteropServer.start(kind());
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }
}
