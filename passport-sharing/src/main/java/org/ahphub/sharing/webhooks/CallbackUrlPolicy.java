package org.ahphub.sharing.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * SSRF protection for callback URLs: https only, and never an address inside the hub's network
 * (loopback, private, link-local, unique-local, carrier-grade NAT, multicast, unspecified), nor an
 * IPv6 address that carries such an IPv4 address (IPv4-compatible, -mapped and -translated, NAT64
 * {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}, Teredo {@code 2001::/32}: the IPv4 rules apply to the
 * address carried).
 * Development mode allows http and any address, so a receiver on localhost works.
 * Addresses are checked when a subscription is saved and again before every connection (DNS may change).
 */
public final class CallbackUrlPolicy {

  private final boolean devMode;

  public CallbackUrlPolicy(boolean devMode) {
    this.devMode = devMode;
  }

  public boolean devMode() {
    return devMode;
  }

  /** What is wrong with the URL's form, if anything (addresses are checked separately). */
  public Optional<String> problemWith(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return Optional.of("url is not a valid URI");
    }
    String scheme = uri.getScheme();
    if (scheme == null || uri.getHost() == null) {
      return Optional.of("url must be absolute, with a host");
    }
    if (uri.getUserInfo() != null) {
      return Optional.of("url must not carry credentials");
    }
    if (scheme.equalsIgnoreCase("https")) {
      return Optional.empty();
    }
    if (scheme.equalsIgnoreCase("http") && devMode) {
      return Optional.empty();
    }
    return Optional.of(devMode ? "url must be http or https" : "url must be https (http is allowed only in development mode)");
  }

  /** Whether the hub may connect to this address. */
  public boolean allows(InetAddress address) {
    return devMode || isPublic(address);
  }

  static boolean isPublic(InetAddress address) {
    if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
        || address.isAnyLocalAddress() || address.isMulticastAddress()) {
      return false;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return !(first == 0 || first == 100 && second >= 64 && second < 128 // carrier-grade NAT
          || first == 192 && second == 0 && (b[2] & 0xff) == 0 // IETF protocol assignments
          || first == 198 && (second == 18 || second == 19) // benchmarking
          || first >= 240); // reserved, broadcast
    }
    if (address instanceof Inet6Address) {
      if ((b[0] & 0xfe) == 0xfc // fc00::/7 unique local
          || prefix(b, 0x00, 0x64, 0xff, 0x9b, 0x00, 0x01) // 64:ff9b:1::/48 local-use NAT64 (RFC 8215)
          || prefix(b, 0x20, 0x01, 0x0d, 0xb8) // 2001:db8::/32 documentation
          || prefix(b, 0x01, 0x00, 0, 0, 0, 0, 0, 0)) { // 100::/64 discard-only
        return false;
      }
      // An address that carries an IPv4 address reaches that one (through a translator, a 6to4 or Teredo
      // relay, or the host's own stack): it is as public as every IPv4 address it carries.
      for (byte[] ipv4 : embeddedIpv4(b)) {
        try {
          if (!isPublic(InetAddress.getByAddress(ipv4))) {
            return false;
          }
        } catch (java.net.UnknownHostException e) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * The IPv4 addresses (4 bytes each) an IPv6 address embeds: IPv4-compatible {@code ::a.b.c.d},
   * IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-translated {@code ::ffff:0:a.b.c.d}, NAT64
   * {@code 64:ff9b::a.b.c.d} (RFC 6052), 6to4 {@code 2002:aabb:ccdd::/48} (RFC 3056), and Teredo
   * {@code 2001:0::/32} (RFC 4380: the server's address, and the client's stored inverted).
   */
  static java.util.List<byte[]> embeddedIpv4(byte[] b) {
    byte[] last = java.util.Arrays.copyOfRange(b, 12, 16);
    if (zeros(b, 0, 10) && (b[10] == 0 && b[11] == 0 || b[10] == (byte) 0xff && b[11] == (byte) 0xff)) {
      return java.util.List.of(last); // compatible, mapped
    }
    if (zeros(b, 0, 8) && b[8] == (byte) 0xff && b[9] == (byte) 0xff && b[10] == 0 && b[11] == 0) {
      return java.util.List.of(last); // translated
    }
    if (prefix(b, 0x00, 0x64, 0xff, 0x9b) && zeros(b, 4, 12)) {
      return java.util.List.of(last); // NAT64 well-known prefix
    }
    if (prefix(b, 0x20, 0x02)) {
      return java.util.List.of(java.util.Arrays.copyOfRange(b, 2, 6)); // 6to4
    }
    if (prefix(b, 0x20, 0x01, 0x00, 0x00)) {
      byte[] client = new byte[4];
      for (int i = 0; i < 4; i++) {
        client[i] = (byte) ~b[12 + i];
      }
      return java.util.List.of(java.util.Arrays.copyOfRange(b, 4, 8), client); // Teredo server, client
    }
    return java.util.List.of();
  }

  private static boolean prefix(byte[] b, int... bytes) {
    for (int i = 0; i < bytes.length; i++) {
      if ((b[i] & 0xff) != bytes[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean zeros(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
