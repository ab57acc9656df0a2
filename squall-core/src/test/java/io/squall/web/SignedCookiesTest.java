package io.squall.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignedCookiesTest {
  private static final String SECRET = "It's a secret to everybody";
  private static final Instant NOW = Instant.ofEpochSecond(1_300_000_000L);
  private static final Duration DAY = Duration.ofDays(1);
  private final SignedCookies cookies = new SignedCookies(SECRET);

  @Test
  void matchesTornadoKnownValue() {
    // tornado/test/web_test.py SignedValueTest.test_known_values, version 2, clock 1300000000
    String tornado = "2|1:0|10:1300000000|3:key|8:dmFsdWU=|"
        + "3d4e60b996ff9c5d5788e333a0cba6f238a22c6c0f94788870e1a9ecd482e152";
    assertThat(cookies.sign("key", "value", NOW)).isEqualTo(tornado);
    assertThat(cookies.verify("key", tornado, DAY, NOW)).isEqualTo("value");
  }

  @Test
  void roundTripsUnicodeNamesAndValues() {
    String signed = cookies.sign("ü|name", "héllo|wörld ☃", NOW);
    assertThat(signed).startsWith("2|1:0|10:1300000000|7:ü|name|");
    assertThat(cookies.verify("ü|name", signed, DAY, NOW)).isEqualTo("héllo|wörld ☃");
  }

  @Test
  void roundTripsEmptyValueWithTheCurrentClock() {
    assertThat(cookies.verify("user", cookies.sign("user", ""), SignedCookies.DEFAULT_MAX_AGE))
        .isEmpty();
  }

  @Test
  void rejectsTamperedValue() {
    String signed = cookies.sign("user", "alice", NOW);
    String forged = signed.replace(encoded("alice"), encoded("admin"));
    assertThat(forged).isNotEqualTo(signed);
    assertThat(cookies.verify("user", forged, DAY, NOW)).isNull();
  }

  @Test
  void rejectsTamperedSignature() {
    String signed = cookies.sign("user", "alice", NOW);
    char last = signed.charAt(signed.length() - 1);
    String forged = signed.substring(0, signed.length() - 1) + (last == '0' ? '1' : '0');
    assertThat(cookies.verify("user", forged, DAY, NOW)).isNull();
    assertThat(cookies.verify("user", signed.toUpperCase(), DAY, NOW)).isNull();
    assertThat(cookies.verify("user", signed + "0", DAY, NOW)).isNull();
  }

  @Test
  void rejectsValueSignedForAnotherName() {
    String signed = cookies.sign("session", "alice", NOW);
    assertThat(cookies.verify("user", signed, DAY, NOW)).isNull();
  }

  @Test
  void rejectsValueSignedWithAnotherSecret() {
    String signed = new SignedCookies("another secret").sign("user", "alice", NOW);
    assertThat(cookies.verify("user", signed, DAY, NOW)).isNull();
  }

  @Test
  void rejectsExpiredValueButAcceptsOneExactlyMaxAgeOld() {
    String signed = cookies.sign("user", "alice", NOW);
    assertThat(cookies.verify("user", signed, DAY, NOW.plus(DAY))).isEqualTo("alice");
    assertThat(cookies.verify("user", signed, DAY, NOW.plus(DAY).plusSeconds(1))).isNull();
  }

  @Test
  void rejectsValueFromTheFutureBeyondOneMinuteOfSkew() {
    String signed = cookies.sign("user", "alice", NOW);
    assertThat(cookies.verify("user", signed, DAY, NOW.minusSeconds(60))).isEqualTo("alice");
    assertThat(cookies.verify("user", signed, DAY, NOW.minusSeconds(61))).isNull();
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {
      "", "2", "2|", "1|1:0|10:1300000000|3:key|8:dmFsdWU=|00", "alice",
      "2|1:0|10:1300000000|3:key|8:dmFsdWU=", // no signature separator
      "2|1:0|10:1300000000|9:key|8:dmFsdWU=|00", // length runs past the field
      "2|1:0|10:1300000000|-3:key|8:dmFsdWU=|00", // signed length
      "2|1:0|10:1300000000|99999999999:key|8:dmFsdWU=|00", // absurd length
      "2|1:0|x:1300000000|3:key|8:dmFsdWU=|00",
  })
  void rejectsMalformedValues(String malformed) {
    assertThat(cookies.verify("key", malformed, DAY, NOW)).isNull();
  }

  @Test
  void rejectsCorrectlySignedButMalformedContent() throws Exception {
    // Signed with our secret, so only the content checks can refuse them.
    assertThat(cookies.verify("key", signRaw("2|1:0|3:abc|3:key|8:dmFsdWU=|"), DAY, NOW)).isNull();
    assertThat(cookies.verify("key", signRaw("2|1:0|10:1300000000|3:key|3:!!!|"), DAY, NOW))
        .isNull();
    assertThat(cookies.verify("key", signRaw("2|1:0|10:1300000000|3:key|4://79|"), DAY, NOW))
        .as("base64 of bytes that are not UTF-8")
        .isNull();
  }

  @Test
  void rejectsBlankSecret() {
    assertThatThrownBy(() -> new SignedCookies(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SignedCookies needs a non-blank secret (the cookie_secret setting).");
    assertThatThrownBy(() -> new SignedCookies(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void verifiesFromManyThreadsAtOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String value = "v" + i;
        results.add(pool.submit(() -> value.equals(
            cookies.verify("n", cookies.sign("n", value, NOW), DAY, NOW))));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static String encoded(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  /** Appends a valid signature to arbitrary text, as an attacker holding the secret could. */
  private static String signRaw(String toSign) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return toSign + HexFormat.of().formatHex(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
  }
}
