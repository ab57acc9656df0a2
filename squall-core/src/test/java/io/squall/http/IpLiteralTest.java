package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {
  @ParameterizedTest
  @CsvSource({
      // input, canonical form (RFC 5952 for IPv6)
      "0.0.0.0, 0.0.0.0", "255.255.255.255, 255.255.255.255", "::, ::", "::1, ::1",
      "1::, 1::", "2001:DB8::1, 2001:db8::1", "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
      "2001:db8:0:1:0:0:0:1, 2001:db8:0:1::1", "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
      "1:0:2:3:4:5:6:7, 1:0:2:3:4:5:6:7", "1:2::3:4, 1:2::3:4", "::ffff:1.2.3.4, 1.2.3.4",
      "::1.2.3.4, ::102:304", "64:ff9b::192.0.2.33, 64:ff9b::c000:221", "[::1], ::1",
      "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
  })
  void parsesAndPrintsCanonically(String input, String canonical) {
    assertThat(IpLiteral.format(IpLiteral.parse(input))).isEqualTo(canonical);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "1.2.3", "1.2.3.4.5", "256.0.0.1", "01.2.3.4", "1.2.3.-4", "1.2.3.4 ", "+1.2.3.4",
      "1.2.3.٤", // Arabic-Indic digit four
      "localhost", "example.com", "1.2.3.4:80", ":::", "1:::2", "1::2::3", ":1::", "1:2:3:4:5:6:7",
      "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::", "12345::", "g::", "::1.2.3", "1.2.3.4::",
      "fe80::1%eth0", "[::1", "::1]", "1:2:3:4:5:6:7:1.2.3.4",
  })
  void refusesWhatIsNotALiteral(String input) {
    assertThat(IpLiteral.parse(input)).isNull();
  }
}
