package io.squall.interop;

/**
 * Tornado's {@code websocket_connect} (Debian {@code python3-tornado}) against a Squall server.
 * Tornado cannot send fragmented messages, so only the common cases run.
 */
class TornadoClientIT extends ClientInteropContract {
  @Override
  ClientScript client() {
    return ClientScript.python("tornado_client.py", "tornado.websocket", "python3-tornado");
  }
}
