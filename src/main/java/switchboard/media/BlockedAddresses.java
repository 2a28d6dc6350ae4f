package switchboard.media;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The addresses a media fetch must not reach unless private fetches are allowed: anything that is
 * not a public unicast address. A request names the URL, so without this check a client could make
 * the gateway read its own network (a cloud's metadata service, an admin port on loopback). IPv6
 * forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by that IPv4
 * address, so {@code ::ffff:127.0.0.1} is loopback too.
 */
public final class BlockedAddresses {

  private BlockedAddresses() {}

  /** Why {@code address} is refused ({@code "loopback"}, {@code "private"}…), or null if public. */
  public static String reason(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      return ipv4(b);
    }
    if (address instanceof Inet6Address) {
      return ipv6(b);
    }
    return "not an IP address";
  }

  private static String ipv4(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    int a2 = b[2] & 0xff;
    if (a0 == 0) {
      return "unspecified"; // 0.0.0.0/8, "this network"
    }
    if (a0 == 127) {
      return "loopback";
    }
    if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
      return "private";
    }
    if (a0 == 169 && a1 == 254) {
      return "link-local"; // includes 169.254.169.254, the cloud metadata service
    }
    if (a0 == 100 && (a1 & 0xc0) == 64) {
      return "carrier-grade NAT"; // 100.64.0.0/10, includes Alibaba's metadata 100.100.100.200
    }
    if (a0 == 192 && a1 == 0 && a2 == 0) {
      return "reserved"; // 192.0.0.0/24, IETF protocol assignments
    }
    if (a0 == 198 && (a1 & 0xfe) == 18) {
      return "reserved"; // 198.18.0.0/15, benchmarking
    }
    if (a0 >= 224 && a0 <= 239) {
      return "multicast";
    }
    if (a0 >= 240) {
      return "reserved"; // 240.0.0.0/4 and the broadcast address
    }
    return null;
  }

  private static String ipv6(byte[] b) {
    boolean zeroTo10 = allZero(b, 0, 10);
    if (zeroTo10 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      return ipv4(tail(b, 12)); // ::ffff:a.b.c.d, IPv4-mapped
    }
    if (zeroTo10 && b[10] == 0 && b[11] == 0) {
      if (allZero(b, 12, 15) && (b[15] == 0 || b[15] == 1)) {
        return b[15] == 0 ? "unspecified" : "loopback"; // :: and ::1
      }
      return ipv4(tail(b, 12)); // ::a.b.c.d, IPv4-compatible (deprecated)
    }
    int w0 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
    if (w0 == 0x0064 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && allZero(b, 4, 12)) {
      return ipv4(tail(b, 12)); // 64:ff9b::/96, NAT64
    }
    if (w0 == 0x2002) {
      return ipv4(new byte[] {b[2], b[3], b[4], b[5]}); // 2002::/16, 6to4
    }
    if ((b[0] & 0xfe) == 0xfc) {
      return "private"; // fc00::/7, unique local (includes AWS's metadata fd00:ec2::254)
    }
    if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
      return "link-local"; // fe80::/10
    }
    if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
      return "private"; // fec0::/10, site-local (deprecated)
    }
    if ((b[0] & 0xff) == 0xff) {
      return "multicast";
    }
    return null;
  }

  private static boolean allZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] tail(byte[] b, int from) {
    return new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]};
  }
}
