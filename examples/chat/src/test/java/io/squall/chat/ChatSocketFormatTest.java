package io.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class ChatSocketFormatTest {
  @Test
  void formatsLikeTheArticleWithSecondsOfTheMinuteAndNoTrailingSpace() {
    LocalDateTime t = LocalDateTime.of(2024, 5, 1, 9, 4, 7);
    assertThat(ChatSocket.format(t, "203.0.113.7", "hello"))
        .isEqualTo("[2024-05-01 09:04:07] 203.0.113.7 : hello");
  }

  @Test
  void keepsTheMessageExactlyAsSent() {
    LocalDateTime t = LocalDateTime.of(2024, 12, 31, 23, 59, 59);
    String message = "  <img src=x onerror=alert(1)> 你好\nsecond line  ";
    String line = ChatSocket.format(t, "::1", message);
    assertThat(line).isEqualTo("[2024-12-31 23:59:59] ::1 : " + message);
    assertThat(ChatLine.parse(line)).isEqualTo(new ChatLine(t, "::1", message));
  }
}
