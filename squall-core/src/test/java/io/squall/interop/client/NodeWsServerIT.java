package io.squall.interop.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.websocket.Message;
import io.squall.websocket.WebSocketConnection;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Our client against a Node `ws` WebSocketServer, which can also send fragmented messages. */
class NodeWsServerIT extends ServerInteropContract {
  @Override
  EchoServerProcess startServer() throws Exception {
    return new EchoServerProcess("/usr/bin/node", "ws_echo.js", "node-ws", Map.of("NODE_PATH", "/usr/share/nodejs"));
  }

  @Test
  void reassemblesAFragmentedMessage() throws Exception {
    WebSocketConnection ws = connect();
    ws.writeMessage("fragments:4");
    Message m = read(ws);
    assertThat(m).isInstanceOf(Message.Text.class);
    assertThat(m.asText()).isEqualTo("fragmented message!");
    ws.close();
  }
}
