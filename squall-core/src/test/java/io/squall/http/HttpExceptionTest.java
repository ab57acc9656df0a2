package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HttpExceptionTest {
  @Test
  void carriesTheStatusAndMessage() {
    HttpException e = new HttpException(403, "Admins only.");

    assertThat(e).isInstanceOf(RuntimeException.class).hasMessage("Admins only.");
    assertThat(e.status()).isEqualTo(403);
    assertThat(e).hasToString("HttpException 403: Admins only.");
  }

  @Test
  void usesTheReasonPhraseWhenGivenOnlyAStatus() {
    assertThat(new HttpException(404)).hasMessage("Not Found");
  }

  @Test
  void rejectsAStatusOutside100To599() {
    assertThatThrownBy(() -> new HttpException(99, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Status 99 is outside 100-599.");
    assertThatThrownBy(() -> new HttpException(600)).hasMessage("Status 600 is outside 100-599.");
  }
}
