package io.squall.interop;

/** Go's gorilla/websocket client (the Go world's most used WebSocket library) against a Squall server. */
class GorillaClientIT extends ClientInteropContract {
  @Override
  ClientScript client() {
    return ClientScript.goGorilla("gorilla_client.go");
  }
}
