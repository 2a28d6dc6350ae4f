package switchboard.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpDetectorTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "192.168.1.20",
        "8.8.8.8",
        "255.255.255.255",
        "2001:db8:85a3::8a2e:370:7334",
        "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
        "fe80::1ff:fe23:4567:890a",
        "::1",
        "::ffff:192.0.2.128"
      })
  void findsAddresses(String ip) {
    assertThat(Found.in("the host at " + ip + " failed")).containsExactly("IP_ADDRESS=" + ip);
  }

  @org.junit.jupiter.api.Test
  void findsTheAddressBeforeAPortAndInBrackets() {
    assertThat(Found.in("curl http://10.0.0.7:8080/x")).containsExactly("IP_ADDRESS=10.0.0.7");
    assertThat(Found.in("[2001:db8::1]:443")).containsExactly("IP_ADDRESS=2001:db8::1");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "version 1.2.3.4 released",
        "upgrade to v2.10.4.1 now",
        "256.1.1.1 is out of range",
        "01.02.03.04 has leading zeros",
        "1.2.3 is a semver",
        "meet at 10:30:45 today",
        "MAC 00:1A:2B:3C:4D:5E",
        "std::vector and A::B in C++",
        "2024-01-15T10:30:00Z",
        "uuid 123e4567-e89b-12d3-a456-426614174000",
        "sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709"
      })
  void ignoresLookAlikes(String text) {
    assertThat(Found.in(text)).noneMatch(f -> f.startsWith("IP_ADDRESS"));
  }
}
