package io.squall.http;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which peers may tell us the client's address and scheme: Tornado's {@code xheaders} made safe.
 * Tornado believes {@code X-Real-IP} and {@code X-Forwarded-For} from anyone once {@code xheaders}
 * is on; here the headers count only when the TCP peer is a listed proxy, so a client that talks to
 * the server directly cannot spoof its address.
 *
 * <pre>
 * client 203.0.113.7 -&gt; proxy 10.0.0.2 -&gt; proxy 10.0.0.1 -&gt; us
 * X-Forwarded-For: 6.6.6.6, 203.0.113.7, 10.0.0.2      (6.6.6.6 was made up by the client)
 * trusted 10.0.0.0/8: skip 10.0.0.2 from the right, stop at 203.0.113.7
 * </pre>
 *
 * <p>Addresses are parsed as literals only, never resolved: no header can cause a DNS lookup.
 * Addresses come back in one canonical spelling (dotted quad; RFC 5952 IPv6 without zone id;
 * IPv4-mapped IPv6 as IPv4).
 *
 * <p>Thread rule: immutable and safe from any thread.
 */
public final class TrustedProxies {
  private static final TrustedProxies NONE = new TrustedProxies(List.of(), false);
  /** The entry that trusts every peer on a Unix-domain socket, nginx's {@code set_real_ip_from unix:}. */
  public static final String UNIX_SOCKETS = "unix:";
  /** 0.0.0.0, standing for a Unix-domain peer, which has no address (never written to). */
  private static final byte[] UNSPECIFIED = new byte[4];

  private final List<Network> networks;
  /** Whether peers on a Unix-domain socket (which have no address) are trusted. */
  private final boolean unixSockets;

  private TrustedProxies(List<Network> networks, boolean unixSockets) {
    this.networks = List.copyOf(networks);
    this.unixSockets = unixSockets;
  }

  /** Trusts no one: forwarding headers are always ignored (the default). */
  public static TrustedProxies none() {
    return NONE;
  }

  /**
   * Trusts the given addresses and networks: {@code 127.0.0.1}, {@code 10.0.0.0/8}, {@code ::1/128},
   * {@code fd00::/8}. Host bits below the prefix are ignored ({@code 10.1.2.3/8} is
   * {@code 10.0.0.0/8}), and {@code unix:} trusts every peer on a Unix-domain socket, as nginx's
   * {@code set_real_ip_from unix:} (only a process allowed to open the socket file gets there).
   * Anything else throws "Invalid trusted proxy 'x': ...".
   */
  public static TrustedProxies of(Collection<String> cidrsOrAddresses) {
    List<Network> networks = new ArrayList<>();
    boolean unixSockets = false;
    for (String spec : cidrsOrAddresses) {
      if (UNIX_SOCKETS.equals(Objects.requireNonNull(spec, "trusted proxy").trim())) {
        unixSockets = true;
      } else {
        networks.add(Network.parse(spec));
      }
    }
    return new TrustedProxies(networks, unixSockets);
  }

  /** Whether peers on a Unix-domain socket are trusted ({@code unix:} was listed). */
  public boolean trustsUnixSockets() {
    return unixSockets;
  }

  /** True when {@code address} lies in one of the trusted networks. */
  public boolean isTrusted(InetAddress address) {
    return isTrusted(IpLiteral.normalize(address.getAddress()));
  }

  /**
   * The client's address. From an untrusted peer: the peer. From a trusted peer: a valid
   * {@code X-Real-IP}; else {@code X-Forwarded-For} read from the right (values joined, split on
   * commas, trimmed, empty entries dropped; a hop may carry a port, {@code 192.0.2.1:4711} or
   * {@code [2001:db8::1]:443}, as some proxies write it): the first hop that is not trusted. The
   * walk stops at a hop that is not an IP literal ({@code unknown}, an obfuscated name): whatever
   * lies left of it was not written by a proxy we trust, so the answer is then the last trusted hop
   * read (else the peer), never an address further left, which the client may have made up. When
   * every hop is trusted, the leftmost.
   *
   * @param xForwardedFor every {@code X-Forwarded-For} value in arrival order; may be null or empty
   */
  public String remoteIp(InetAddress peer, String xRealIp, List<String> xForwardedFor) {
    byte[] peerAddress = IpLiteral.normalize(peer.getAddress());
    return remoteIp(peerAddress, isTrusted(peerAddress), xRealIp, xForwardedFor);
  }

  /**
   * The client's address for a peer on a Unix-domain socket, which has none: as {@link
   * #remoteIp(InetAddress, String, List)} with the peer trusted when {@code unix:} is listed, and
   * 0.0.0.0 standing for the peer (Tornado's {@code remote_ip} there).
   */
  public String unixPeerRemoteIp(String xRealIp, List<String> xForwardedFor) {
    return remoteIp(UNSPECIFIED, unixSockets, xRealIp, xForwardedFor);
  }

  private String remoteIp(byte[] peerAddress, boolean peerTrusted, String xRealIp, List<String> xForwardedFor) {
    if (!peerTrusted) {
      return IpLiteral.format(peerAddress);
    }
    byte[] realIp = xRealIp == null ? null : IpLiteral.parse(xRealIp.trim());
    if (realIp != null) {
      return IpLiteral.format(realIp);
    }
    List<String> hops = new ArrayList<>();
    if (xForwardedFor != null) {
      for (String value : xForwardedFor) {
        for (String hop : value.split(",")) {
          hops.add(hop.trim());
        }
      }
    }
    byte[] lastTrusted = peerAddress;
    for (int i = hops.size() - 1; i >= 0; i--) {
      if (hops.get(i).isEmpty()) {
        continue;
      }
      byte[] hop = IpLiteral.parse(withoutPort(hops.get(i)));
      if (hop == null) {
        break;
      }
      if (!isTrusted(hop)) {
        return IpLiteral.format(hop);
      }
      lastTrusted = hop;
    }
    return IpLiteral.format(lastTrusted);
  }

  /**
   * The address of a hop written with a port: {@code 192.0.2.1:4711} and {@code [2001:db8::1]:443}
   * lose the port; anything else comes back as it is (a bare IPv6 literal has colons but no port).
   */
  private static String withoutPort(String hop) {
    int colon = hop.lastIndexOf(':');
    if (colon < 0 || colon == hop.length() - 1 || !hop.substring(colon + 1).chars().allMatch(c -> c >= '0' && c <= '9')) {
      return hop;
    }
    if (hop.startsWith("[")) {
      return hop.charAt(colon - 1) == ']' ? hop.substring(0, colon) : hop;
    }
    return hop.indexOf(':') == colon ? hop.substring(0, colon) : hop; // one colon: IPv4 with a port
  }

  /**
   * The request scheme: from a trusted peer, the last entry of {@code X-Scheme} or, when that is
   * absent, of {@code X-Forwarded-Proto} (Tornado's order), if it is {@code http} or {@code https}
   * in any case; otherwise {@code defaultScheme} (the scheme of the connection itself).
   */
  public String scheme(
      InetAddress peer, String xForwardedProto, String xScheme, String defaultScheme) {
    return scheme(isTrusted(peer), xForwardedProto, xScheme, defaultScheme);
  }

  /** The request scheme for a peer on a Unix-domain socket: as {@link #scheme(InetAddress, String, String, String)}, trusted when {@code unix:} is listed. */
  public String unixPeerScheme(String xForwardedProto, String xScheme, String defaultScheme) {
    return scheme(unixSockets, xForwardedProto, xScheme, defaultScheme);
  }

  private String scheme(boolean peerTrusted, String xForwardedProto, String xScheme, String defaultScheme) {
    Objects.requireNonNull(defaultScheme, "defaultScheme");
    if (!peerTrusted) {
      return defaultScheme;
    }
    String header = xScheme != null && !xScheme.isBlank() ? xScheme : xForwardedProto;
    if (header == null) {
      return defaultScheme;
    }
    String last = header.substring(header.lastIndexOf(',') + 1).trim().toLowerCase(Locale.ROOT);
    return last.equals("http") || last.equals("https") ? last : defaultScheme;
  }

  private boolean isTrusted(byte[] address) {
    for (Network network : networks) {
      if (network.contains(address)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "TrustedProxies" + networks + (unixSockets ? "+" + UNIX_SOCKETS : "");
  }

  /** An address with the number of leading bits that must match; immutable (the array is owned). */
  private record Network(byte[] address, int prefix) {
    static Network parse(String spec) {
      int slash = spec.indexOf('/');
      String addressText = (slash < 0 ? spec : spec.substring(0, slash)).trim();
      byte[] address = IpLiteral.parse(addressText);
      if (address == null) {
        throw invalid(spec, "not an IP address (host names are not resolved; unix: stands for Unix-domain sockets).");
      }
      int bits = address.length * 8;
      if (slash < 0) {
        return new Network(address, bits);
      }
      int prefix = parsePrefix(spec.substring(slash + 1).trim());
      boolean mapped = addressText.indexOf(':') >= 0 && address.length == 4;
      int maxPrefix = mapped ? 128 : bits;
      if (prefix < 0 || prefix > maxPrefix) {
        throw invalid(spec, "prefix length must be 0 to " + maxPrefix + ".");
      }
      if (mapped) { // e.g. ::ffff:10.0.0.0/104 is 10.0.0.0/8
        if (prefix < 96) {
          throw invalid(spec, "an IPv4-mapped network needs a prefix of at least 96.");
        }
        prefix -= 96;
      }
      for (int bit = prefix; bit < bits; bit++) { // clear host bits, so toString shows the network
        address[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
      }
      return new Network(address, prefix);
    }

    private static int parsePrefix(String text) {
      if (text.isEmpty() || text.length() > 3 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return -1;
      }
      return Integer.parseInt(text);
    }

    private static IllegalArgumentException invalid(String spec, String reason) {
      return new IllegalArgumentException("Invalid trusted proxy '" + spec + "': " + reason);
    }

    boolean contains(byte[] candidate) {
      if (candidate.length != address.length) {
        return false;
      }
      int fullBytes = prefix / 8;
      for (int i = 0; i < fullBytes; i++) {
        if (candidate[i] != address[i]) {
          return false;
        }
      }
      int restBits = prefix % 8;
      if (restBits == 0) {
        return true;
      }
      int mask = (0xff << (8 - restBits)) & 0xff;
      return (candidate[fullBytes] & mask) == (address[fullBytes] & mask);
    }

    @Override
    public String toString() {
      return IpLiteral.format(address) + "/" + prefix;
    }
  }
}
