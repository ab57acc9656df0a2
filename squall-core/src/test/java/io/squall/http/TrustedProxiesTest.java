package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrustedProxiesTest {
  private static final TrustedProxies PROXIES = TrustedProxies.of(List.of("10.0.0.0/8", "::1/128"));
  private static final InetAddress PROXY = ip("10.0.0.1");
  private static final InetAddress CLIENT = ip("203.0.113.7");

  @Test
  void untrustedPeerCannotSpoofItsAddress() {
    assertThat(PROXIES.remoteIp(CLIENT, "1.2.3.4", List.of("5.6.7.8"))).isEqualTo("203.0.113.7");
    assertThat(TrustedProxies.none().remoteIp(PROXY, "1.2.3.4", List.of("5.6.7.8")))
        .isEqualTo("10.0.0.1");
  }

  @Test
  void unixSocketPeersAreTrustedOnlyWhenUnixIsListed() {
    TrustedProxies withUnix = TrustedProxies.of(List.of("10.0.0.0/8", " unix: "));
    assertThat(withUnix.trustsUnixSockets()).isTrue();
    assertThat(withUnix.unixPeerRemoteIp("198.51.100.9", null)).isEqualTo("198.51.100.9");
    assertThat(withUnix.unixPeerRemoteIp(null, List.of("6.6.6.6, 203.0.113.7, 10.0.0.2"))).isEqualTo("203.0.113.7");
    assertThat(withUnix.unixPeerRemoteIp(null, null)).isEqualTo("0.0.0.0");
    assertThat(withUnix.unixPeerScheme("https", null, "http")).isEqualTo("https");
    assertThat(withUnix.isTrusted(ip("0.0.0.0"))).isFalse(); // the stand-in address itself is no network
    assertThat(PROXIES.trustsUnixSockets()).isFalse();
    assertThat(PROXIES.unixPeerRemoteIp("198.51.100.9", List.of("5.6.7.8"))).isEqualTo("0.0.0.0");
    assertThat(PROXIES.unixPeerScheme("https", null, "http")).isEqualTo("http");
    assertThat(withUnix).hasToString("TrustedProxies[10.0.0.0/8]+unix:");
  }

  @Test
  void trustedPeerWithoutHeadersIsTheClient() {
    assertThat(PROXIES.remoteIp(PROXY, null, null)).isEqualTo("10.0.0.1");
    assertThat(PROXIES.remoteIp(PROXY, null, List.of())).isEqualTo("10.0.0.1");
  }

  @Test
  void takesXRealIpFromTrustedPeer() {
    assertThat(PROXIES.remoteIp(PROXY, " 198.51.100.9 ", List.of("5.6.7.8")))
        .isEqualTo("198.51.100.9");
  }

  @Test
  void walksXForwardedForFromTheRightSkippingTrustedHops() {
    // 6.6.6.6 was invented by the client; 203.0.113.7 was appended by our first proxy.
    List<String> xff = List.of("6.6.6.6, 203.0.113.7", "10.0.0.2");
    assertThat(PROXIES.remoteIp(PROXY, null, xff)).isEqualTo("203.0.113.7");
  }

  @Test
  void returnsLeftmostHopWhenEveryHopIsTrusted() {
    assertThat(PROXIES.remoteIp(PROXY, null, List.of("10.0.0.3,10.0.0.2"))).isEqualTo("10.0.0.3");
  }

  @Test
  void stopsAtAHopThatIsNotAnAddressInsteadOfBelievingWhatLiesLeftOfIt() {
    // A trusted proxy that cannot tell its client writes "unknown" (Squid does); 6.6.6.6 left of it
    // came from that client. The nearest address we can vouch for is the proxy that wrote it.
    assertThat(PROXIES.remoteIp(PROXY, "not-an-ip", List.of("6.6.6.6, unknown, 10.0.0.2, ")))
        .isEqualTo("10.0.0.2");
    assertThat(PROXIES.remoteIp(PROXY, null, List.of("6.6.6.6, _hidden"))).isEqualTo("10.0.0.1");
    assertThat(PROXIES.remoteIp(PROXY, "999.1.1.1", List.of("garbage"))).isEqualTo("10.0.0.1");
  }

  @Test
  void readsHopsWrittenWithAPort() {
    assertThat(PROXIES.remoteIp(PROXY, null, List.of("6.6.6.6, 203.0.113.7:54321")))
        .isEqualTo("203.0.113.7");
    assertThat(PROXIES.remoteIp(PROXY, null, List.of("6.6.6.6, [2001:db8::7]:443, 10.0.0.2:80")))
        .isEqualTo("2001:db8::7");
    assertThat(PROXIES.remoteIp(PROXY, null, List.of("6.6.6.6, 2001:db8::7"))).isEqualTo("2001:db8::7");
    assertThat(PROXIES.remoteIp(PROXY, null, List.of("6.6.6.6, 203.0.113.7:"))).isEqualTo("10.0.0.1");
    assertThat(PROXIES.remoteIp(PROXY, null, List.of("6.6.6.6, 1.2.3.4:5:6"))).isEqualTo("10.0.0.1");
  }

  @Test
  void neverResolvesHostNames() {
    // getByName("localhost") would answer 127.0.0.1; a literal-only parser refuses the name.
    assertThat(PROXIES.remoteIp(PROXY, "localhost", List.of("localhost"))).isEqualTo("10.0.0.1");
    assertThatThrownBy(() -> TrustedProxies.of(List.of("localhost")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid trusted proxy 'localhost': not an IP address (host names are not resolved; unix: stands for Unix-domain sockets).");
  }

  @Test
  void handlesIpv6PeersAndHops() {
    assertThat(PROXIES.remoteIp(ip("::1"), null, List.of("2001:DB8:0:0:0:0:0:1")))
        .isEqualTo("2001:db8::1");
    assertThat(PROXIES.remoteIp(ip("::1"), "[2001:db8::7]", null)).isEqualTo("2001:db8::7");
    assertThat(PROXIES.remoteIp(ip("2001:db8::2"), "1.2.3.4", null)).isEqualTo("2001:db8::2");
  }

  @Test
  void treatsIpv4MappedAddressesAsIpv4() {
    assertThat(PROXIES.isTrusted(ip("::ffff:10.1.2.3"))).isTrue();
    assertThat(PROXIES.remoteIp(PROXY, "::ffff:203.0.113.7", null)).isEqualTo("203.0.113.7");
    assertThat(TrustedProxies.of(List.of("::ffff:192.168.0.0/112")).isTrusted(ip("192.168.7.7")))
        .isTrue();
  }

  @ParameterizedTest
  @CsvSource({
      "10.0.0.0/8, 10.255.255.255, true", "10.0.0.0/8, 11.0.0.0, false",
      "192.168.1.0/25, 192.168.1.127, true", "192.168.1.0/25, 192.168.1.128, false",
      "10.1.2.3/8, 10.9.9.9, true", "127.0.0.1, 127.0.0.1, true", "127.0.0.1, 127.0.0.2, false",
      "0.0.0.0/0, 8.8.8.8, true", "0.0.0.0/0, ::1, false", "fd00::/8, fdab::1, true",
      "fd00::/8, fe80::1, false", "::/0, 2001:db8::1, true", "::1, ::1, true",
  })
  void matchesAddressesAgainstNetworks(String network, String address, boolean trusted) {
    assertThat(TrustedProxies.of(List.of(network)).isTrusted(ip(address))).isEqualTo(trusted);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "10.0.0.0/33|prefix length must be 0 to 32.", "::1/129|prefix length must be 0 to 128.",
      "10.0.0.0/|prefix length must be 0 to 32.", "10.0.0.0/-1|prefix length must be 0 to 32.",
      "10.0.0.0/8/8|prefix length must be 0 to 32.", "|not an IP address (host names are not resolved; unix: stands for Unix-domain sockets).",
      "010.0.0.1|not an IP address (host names are not resolved; unix: stands for Unix-domain sockets).",
      "1.2.3|not an IP address (host names are not resolved; unix: stands for Unix-domain sockets).",
      "fe80::1%eth0|not an IP address (host names are not resolved; unix: stands for Unix-domain sockets).",
      "::ffff:10.0.0.0/8|an IPv4-mapped network needs a prefix of at least 96.",
  })
  void rejectsInvalidSpecsWithExactMessage(String spec, String reason) {
    String value = spec == null ? "" : spec;
    assertThatThrownBy(() -> TrustedProxies.of(List.of(value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid trusted proxy '" + value + "': " + reason);
  }

  @Test
  void takesSchemeOnlyFromTrustedPeers() {
    assertThat(PROXIES.scheme(PROXY, "https", null, "http")).isEqualTo("https");
    assertThat(PROXIES.scheme(CLIENT, "https", "https", "http")).isEqualTo("http");
    assertThat(PROXIES.scheme(PROXY, "http, HTTPS", null, "http")).isEqualTo("https");
    assertThat(PROXIES.scheme(PROXY, "https", "http", "https"))
        .as("X-Scheme first, as Tornado").isEqualTo("http");
    assertThat(PROXIES.scheme(PROXY, "gopher", null, "http")).isEqualTo("http");
    assertThat(PROXIES.scheme(PROXY, null, null, "https")).isEqualTo("https");
  }

  @Test
  void describesItsNetworks() {
    assertThat(TrustedProxies.of(List.of("10.1.2.3/8", "::1")).toString())
        .isEqualTo("TrustedProxies[10.0.0.0/8, ::1/128]");
  }

  /** A literal never triggers a lookup in getByName. */
  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
