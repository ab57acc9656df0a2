package io.squall.interop.client;

/** Our client against Go's gorilla/websocket server (the Go world's most used WebSocket library). */
class GorillaServerIT extends ServerUnderTest {
  @Override
  InteropServer.Kind kind() {
    return InteropServer.Kind.GORILLA;
  }
}
