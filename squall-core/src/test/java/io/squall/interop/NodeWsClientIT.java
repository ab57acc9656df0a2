package io.squall.interop;

import org.junit.jupiter.api.Test;

/** Node's {@code ws} (Debian {@code node-ws}) against a Squall server. */
class NodeWsClientIT extends ClientInteropContract {
  @Override
  ClientScript client() {
    return ClientScript.nodeWs("ws_client.js");
  }

  /** {@code send(data, {fin: false})}: one cut splits a 4-byte code point, one fragment is empty, a ping comes between. */
  @Test
  void serverReassemblesFragmentedTextSplitInsideACodePoint() {
    assertEcho("fragmented-text", "text", 65536, Patterns.sha256(Patterns.text(65536)));
  }

  @Test
  void serverReassemblesFragmentedBinaryAroundAPing() {
    assertEcho("fragmented-binary", "binary", 65536, Patterns.sha256(Patterns.binary(65536)));
  }
}
