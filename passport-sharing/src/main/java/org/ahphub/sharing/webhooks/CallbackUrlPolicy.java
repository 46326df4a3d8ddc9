package org.ahphub.sharing.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * SSRF protection for callback URLs: https only, and never an address inside the hub's network
 * (loopback, private, link-local, unique-local, carrier-grade NAT, multicast, unspecified).
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
      if ((b[0] & 0xfe) == 0xfc) { // fc00::/7 unique local
        return false;
      }
      boolean mapped = true; // ::ffff:a.b.c.d carries an IPv4 address: judge that one
      for (int i = 0; i < 10; i++) {
        mapped &= b[i] == 0;
      }
      if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
        try {
          return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (java.net.UnknownHostException e) {
          return false;
        }
      }
    }
    return true;
  }
}
