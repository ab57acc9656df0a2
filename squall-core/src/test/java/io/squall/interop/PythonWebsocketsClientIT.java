package io.squall.interop;

import org.junit.jupiter.api.Test;

/** Python {@code websockets} (Debian {@code python3-websockets}) against a Squall server. */
class PythonWebsocketsClientIT extends ClientInteropContract {
  @Override
  ClientScript client() {
    return ClientScript.python("websockets_client.py", "websockets", "python3-websockets");
  }

  /** Sent as an iterable: one frame per fragment (one empty), then an empty final frame. */
  @Test
  void serverReassemblesFragmentedText() {
    assertEcho("fragmented-text", "text", 65536, Patterns.sha256(Patterns.text(65536)));
  }

  /** Sent from an async iterable with a ping between fragments. */
  @Test
  void serverReassemblesFragmentedBinaryAroundAPing() {
    assertEcho("fragmented-binary", "binary", 65536, Patterns.sha256(Patterns.binary(65536)));
  }
}
