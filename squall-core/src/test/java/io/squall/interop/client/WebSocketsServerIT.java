package io.squall.interop.client;

/** Our client against Python {@code websockets} ({@code websockets.serve}). */
class WebSocketsServerIT extends ServerUnderTest {
  @Override
  InteropServer.Kind kind() {
    return InteropServer.Kind.WEBSOCKETS;
  }
}
