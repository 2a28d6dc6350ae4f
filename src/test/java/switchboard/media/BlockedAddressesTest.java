package switchboard.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every range a media fetch must not reach, and public addresses that it may. */
class BlockedAddressesTest {

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal); // a literal: no DNS lookup
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** IPv4-mapped IPv6 kept as an Inet6Address (the JDK's other factories turn it into IPv4). */
  private static InetAddress mappedV6(String v4) {
    try {
      return Inet6Address.getByAddress(null, mapped(ip(v4).getAddress()), -1);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] mapped(byte[] v4) {
    byte[] b = new byte[16];
    b[10] = (byte) 0xff;
    b[11] = (byte) 0xff;
    System.arraycopy(v4, 0, b, 12, 4);
    return b;
  }

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, loopback",
    "127.255.255.254, loopback",
    "10.0.0.1, private",
    "10.255.255.255, private",
    "172.16.0.1, private",
    "172.31.255.255, private",
    "192.168.1.1, private",
    "169.254.169.254, link-local",
    "169.254.0.1, link-local",
    "100.64.0.1, carrier-grade NAT",
    "100.100.100.200, carrier-grade NAT",
    "100.127.255.255, carrier-grade NAT",
    "0.0.0.0, unspecified",
    "0.1.2.3, unspecified",
    "224.0.0.1, multicast",
    "239.255.255.250, multicast",
    "240.0.0.1, reserved",
    "255.255.255.255, reserved",
    "192.0.0.170, reserved",
    "198.18.0.1, reserved",
    "::1, loopback",
    "::, unspecified",
    "fc00::1, private",
    "fd00:ec2::254, private",
    "fe80::1, link-local",
    "febf::1, link-local",
    "fec0::1, private",
    "ff02::1, multicast",
    "64:ff9b::a9fe:a9fe, link-local",
    "2002:7f00:1::1, loopback",
    "::a00:1, private"
  })
  void refused(String literal, String reason) {
    assertThat(BlockedAddresses.reason(ip(literal))).isEqualTo(reason);
  }

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, loopback",
    "10.1.2.3, private",
    "169.254.169.254, link-local",
    "100.64.0.1, carrier-grade NAT",
    "8.8.8.8, "
  })
  void ipv4MappedIpv6IsJudgedByItsIpv4Address(String v4, String reason) throws Exception {
    InetAddress address = InetAddress.getByAddress(mapped(ip(v4).getAddress()));
    assertThat(BlockedAddresses.reason(address)).isEqualTo(reason);
    assertThat(mappedV6(v4)).isInstanceOf(Inet6Address.class);
    assertThat(BlockedAddresses.reason(mappedV6(v4))).isEqualTo(reason);
    assertThat(BlockedAddresses.reason(ip("::ffff:" + v4))).isEqualTo(reason);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "8.8.8.8",
        "1.1.1.1",
        "93.184.215.14",
        "172.15.255.255",
        "172.32.0.1",
        "100.63.255.255",
        "100.128.0.1",
        "169.253.1.1",
        "192.169.0.1",
        "223.255.255.255",
        "2606:4700:4700::1111",
        "2001:4860:4860::8888",
        "2a00:1450:4001:80b::200e"
      })
  void publicAddressesAreAllowed(String literal) {
    assertThat(BlockedAddresses.reason(ip(literal))).isNull();
  }
}
