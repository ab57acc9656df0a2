package io.squall.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.websocket.Message;
import io.squall.websocket.WebSocketConnection;
import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Encrypted output that fills the socket: the records the socket did not take wait, in order,
 * and leave whole once the peer reads. (A record the engine makes while they wait is {@link
 * TlsRecordOrderIT}'s case.)
 */
class TlsFullSocketIT {
  @RegisterExtension
  static final TlsTestApp server = new TlsTestApp();

  @Test
  void eightMebibytesWrittenAtOnceComeBackWhenTheSocketsFillUp() throws Exception {
    WebSocketConnection ws = server.connect(TlsTestApp.trusting());
    byte[][] sent = new byte[8][];
    for (int m = 0; m < sent.length; m++) {
      sent[m] = new byte[1 << 20];
      Arrays.fill(sent[m], (byte) m);
      ws.writeMessage(sent[m]);
    }
    for (byte[] expected : sent) {
      assertThat(ws.readMessage().toCompletableFuture().get(20, TimeUnit.SECONDS))
          .isInstanceOfSatisfying(Message.Binary.class, got -> assertThat(got.data()).isEqualTo(expected));
    }
    ws.close();
  }

  /** The JDK client reads nothing until asked: the server's encrypted echo backs up in the socket, then drains. */
  @Test
  void echoesThatBackUpInAFullSocketArriveIntactOnceThePeerReads() throws Exception {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    CompletableFuture<Void> all = new CompletableFuture<>();
    int total = 6 << 20;
    WebSocket ws = TlsTestApp.httpClient().newWebSocketBuilder().buildAsync(server.wss("/echo"), new WebSocket.Listener() {
      @Override
      public void onOpen(WebSocket w) {
        // no request(1): nothing is read from the socket yet
      }

      @Override
      public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        received.writeBytes(chunk);
        if (received.size() == total) {
          all.complete(null);
        }
        return null;
      }
    }).get(10, TimeUnit.SECONDS);
    byte[] message = new byte[1 << 20];
    for (int m = 0; m < 6; m++) {
      Arrays.fill(message, (byte) (m + 1));
      ws.sendBinary(ByteBuffer.wrap(message.clone()), true).get(10, TimeUnit.SECONDS);
    }
    Thread.sleep(300); // the server echoes into a socket nobody reads
    ws.request(Long.MAX_VALUE);
    all.get(20, TimeUnit.SECONDS);
    byte[] got = received.toByteArray();
    for (int m = 0; m < 6; m++) {
      for (int i = m << 20; i < (m + 1) << 20; i += 4099) {
        assertThat(got[i]).as("byte %d", i).isEqualTo((byte) (m + 1));
      }
    }
    ws.abort();
  }
}
