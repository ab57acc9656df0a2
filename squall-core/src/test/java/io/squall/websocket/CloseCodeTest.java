package io.squall.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CloseCodeTest {
  @Test
  void constantsCarryTheirCodes() {
    assertThat(new int[] {
        CloseCode.NORMAL.code(), CloseCode.GOING_AWAY.code(), CloseCode.PROTOCOL_ERROR.code(),
        CloseCode.UNSUPPORTED_DATA.code(), CloseCode.NO_STATUS.code(), CloseCode.ABNORMAL.code(),
        CloseCode.INVALID_PAYLOAD.code(), CloseCode.POLICY_VIOLATION.code(), CloseCode.MESSAGE_TOO_BIG.code(),
        CloseCode.MANDATORY_EXTENSION.code(), CloseCode.INTERNAL_ERROR.code(),
        CloseCode.SERVICE_RESTART.code(),
        CloseCode.TRY_AGAIN_LATER.code(), CloseCode.BAD_GATEWAY.code()})
        .containsExactly(1000, 1001, 1002, 1003, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014);
  }

  @Test
  void ofReturnsTheConstantForAWellKnownCode() {
    assertThat(CloseCode.of(1009)).isSameAs(CloseCode.MESSAGE_TOO_BIG);
    assertThat(CloseCode.of(1000)).isSameAs(CloseCode.NORMAL);
    assertThat(CloseCode.of(1014)).isSameAs(CloseCode.BAD_GATEWAY);
    assertThat(CloseCode.MESSAGE_TOO_BIG.defaultReason()).isEqualTo("Message too big");
    assertThat(CloseCode.MESSAGE_TOO_BIG).hasToString("1009 Message too big");
  }

  @Test
  void ofMakesAValueForAnApplicationCode() {
    CloseCode app = CloseCode.of(4001);
    assertThat(app.code()).isEqualTo(4001);
    assertThat(app.defaultReason()).isEmpty();
    assertThat(app).isEqualTo(CloseCode.of(4001)).hasSameHashCodeAs(CloseCode.of(4001)).hasToString("4001");
    assertThat(CloseCode.of(1004).defaultReason()).isEmpty(); // reserved, unnamed
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 0, 999, 5000, 65535})
  void ofRefusesCodesOutsideTheDefinedRanges(int code) {
    assertThatThrownBy(() -> CloseCode.of(code))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Close code " + code + " is outside 1000-4999.");
  }

  @ParameterizedTest
  @ValueSource(ints = {
      1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999})
  void codesValidOnTheWire(int code) {
    assertThat(CloseCode.isValidOnWire(code)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535})
  void codesNeverValidOnTheWire(int code) {
    // RFC 6455 §7.4: 1004 reserved; 1005, 1006, 1015 only for reporting; 1016-2999 reserved for
    // future RFCs; below 1000 and from 5000 undefined
    assertThat(CloseCode.isValidOnWire(code)).isFalse();
  }

  @Test
  void reportingOnlyCodesKnowTheyAreNotSent() {
    assertThat(CloseCode.NO_STATUS.isValidOnWire()).isFalse();
    assertThat(CloseCode.ABNORMAL.isValidOnWire()).isFalse();
    assertThat(CloseCode.NORMAL.isValidOnWire()).isTrue();
  }
}
