package io.squall.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class XsrfTokensTest {
  private final XsrfTokens xsrf = new XsrfTokens();

  @Test
  void newTokensAreSixteenRandomBytes() {
    byte[] a = xsrf.newTokenBytes();
    assertThat(a).hasSize(16);
    assertThat(xsrf.newTokenBytes()).isNotEqualTo(a);
  }

  @Test
  void encodesToAMaskedFormThatChangesOnEveryCall() {
    byte[] token = xsrf.newTokenBytes();
    String first = xsrf.encode(token);
    String second = xsrf.encode(token);
    assertThat(first).matches("2\\|[0-9a-f]{8}\\|[0-9a-f]{32}\\|[0-9]+");
    assertThat(second).isNotEqualTo(first);
    assertThat(xsrf.decode(first)).isEqualTo(token);
    assertThat(xsrf.decode(second)).isEqualTo(token);
  }

  @Test
  void decodesTornadoVersionTwoTokens() {
    // mask 01020304 over token 00112233445566778899aabbccddeeff, as Tornado's _websocket_mask
    String tornado = "2|01020304|0113213745576573899ba9bfcddfedfb|1300000000";
    assertThat(xsrf.decode(tornado))
        .isEqualTo(HexFormat.of().parseHex("00112233445566778899aabbccddeeff"));
  }

  @Test
  void matchesDifferentMaskingsOfTheSameToken() {
    byte[] token = xsrf.newTokenBytes();
    assertThat(xsrf.matches(xsrf.encode(token), xsrf.encode(token))).isTrue();
  }

  @Test
  void rejectsAnotherToken() {
    assertThat(xsrf.matches(xsrf.encode(xsrf.newTokenBytes()), xsrf.encode(xsrf.newTokenBytes())))
        .isFalse();
  }

  @Test
  void rejectsMissingOrMalformedValuesOnEitherSide() {
    String good = xsrf.encode(xsrf.newTokenBytes());
    assertThat(xsrf.matches(null, good)).isFalse();
    assertThat(xsrf.matches(good, null)).isFalse();
    assertThat(xsrf.matches(null, null)).isFalse();
    assertThat(xsrf.matches("garbage", "garbage")).isFalse();
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {
      "", "2", "00112233445566778899aabbccddeeff", // bare hex is Tornado's version 1: refused
      "1|01020304|0113|1300000000", "2|01020304|0113", "2|01020304|0113|1300000000|x",
      "2|010203|0113|1300000000", "2|01020304||1300000000", "2|01020304|011|1300000000",
      "2|0102030g|0113|1300000000", "2|01020304|0113|13e9", "2|01020304|0113|",
  })
  void decodesMalformedValuesToNull(String malformed) {
    assertThat(xsrf.decode(malformed)).isNull();
  }

  @Test
  void refusesToEncodeAnEmptyToken() {
    assertThatThrownBy(() -> xsrf.encode(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("XSRF token must be 1 to 64 bytes, got 0.");
  }
}
