package io.squall.websocket.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * What a {@link WebSocketSession} tells the application side (a server handler or a client
 * connection). Called on the session's loop, one call at a time. Payload views are valid only
 * during the call.
 */
public interface WebSocketEndpoint {
  /** The session is open; frames are read once this returns (or its stage completes). */
  CompletionStage<?> onOpen(WebSocketSession session);

  /** A text message; a non-null, incomplete stage pauses reading until it completes. */
  CompletionStage<?> onText(String message);

  /** A binary message as a read-only view; same pausing rule. */
  CompletionStage<?> onBinary(ByteBuffer message);

  void onPing(ByteBuffer payload);

  void onPong(ByteBuffer payload);

  /** The outbound queue drained after having been over the high-water mark. */
  void onWritable();

  /** Exactly once, whatever ended the session; the peer's code and reason are on the session. */
  void onClose();
}
