package io.squall.interop.client;

import java.util.Map;

/** Our client against a Python `websockets` server. */
class PythonWebsocketsServerIT extends ServerInteropContract {
  @Override
  EchoServerProcess startServer() throws Exception {
    return new EchoServerProcess("/usr/bin/python3", "websockets_echo.py", "python3-websockets", Map.of());
  }
}
