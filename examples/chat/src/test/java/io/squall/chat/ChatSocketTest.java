package io.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class ChatSocketTest {
  @Test
  void formatsLinesLikeTheArticleWithSecondsAndNoTrailingSpace() {
    assertThat(ChatSocket.format(LocalDateTime.of(2026, 11, 25, 9, 5, 7), "203.0.113.7", "hi there"))
        .isEqualTo("[2026-11-25 09:05:07] 203.0.113.7 : hi there");
  }
}
