package io.squall.interop.client;

/** Our client against Tornado's {@code WebSocketHandler}. */
class TornadoServerIT extends ServerUnderTest {
  @Override
  InteropServer.Kind kind() {
    return InteropServer.Kind.TORNADO;
  }
}
