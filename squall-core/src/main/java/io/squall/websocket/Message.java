package io.squall.websocket;

import java.nio.charset.StandardCharsets;

/** A received WebSocket message: text or binary. Immutable. */
public sealed interface Message {
  /** A text message. */
  record Text(String text) implements Message {
    @Override
    public String toString() {
      return text;
    }
  }

  /** A binary message; the array belongs to the receiver. */
  record Binary(byte[] data) implements Message {
    @Override
    public String toString() {
      return "Binary[" + data.length + " bytes]";
    }
  }

  /** The text, or the bytes decoded as UTF-8. */
  default String asText() {
    return switch (this) {
      case Text t -> t.text();
      case Binary b -> new String(b.data(), StandardCharsets.UTF_8);
    };
  }
}
