package io.squall.interop.client;

/** Our client against Node's {@code ws} ({@code WebSocketServer}). */
class NodeWsServerIT extends ServerUnderTest {
  @Override
  InteropServer.Kind kind() {
    return InteropServer.Kind.NODE_WS;
  }
}
