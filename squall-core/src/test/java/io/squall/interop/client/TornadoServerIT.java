package io.squall.interop.client;

import java.util.Map;

/** Our client against a Tornado WebSocketHandler. */
class TornadoServerIT extends ServerInteropContract {
  @Override
  EchoServerProcess startServer() throws Exception {
    return new EchoServerProcess("/usr/bin/python3", "tornado_echo.py", "python3-tornado", Map.of());
  }
}
