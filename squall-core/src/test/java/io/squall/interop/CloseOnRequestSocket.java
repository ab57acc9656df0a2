package io.squall.interop;

import io.squall.websocket.WebSocketHandler;

/**
 * The test handler for the close cases, routed at {@code /close/(\w+)}: the text message
 * {@code close:CODE:REASON} makes it call {@code close(CODE, REASON)}; anything else is echoed.
 * When the socket ends it records, under the path's name, the close code and reason the client
 * sent, so a test can check them after the client process has finished.
 *
 * <p>Callbacks run on the connection's loop; the record is safe from any thread.
 */
public final class CloseOnRequestSocket extends WebSocketHandler {
  private final PeerCloses closes;
  private String name;

  CloseOnRequestSocket(PeerCloses closes) {
    this.closes = closes;
  }

  @Override
  public void open(String... pathArgs) {
    name = pathArgs[0];
  }

  @Override
  public void onMessage(String message) {
    if (message.startsWith("close:")) {
      String[] parts = message.split(":", 3);
      close(Integer.parseInt(parts[1]), parts.length > 2 ? parts[2] : "");
    } else {
      writeMessage(message);
    }
  }

  @Override
  public void onClose() {
    closes.record(name, new PeerClose(closeCode(), closeReason()));
  }
}
