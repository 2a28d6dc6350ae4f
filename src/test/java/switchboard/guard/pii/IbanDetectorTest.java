package switchboard.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IbanDetectorTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "DE89 3704 0044 0532 0130 00",
        "DE89370400440532013000",
        "GB82 WEST 1234 5698 7654 32",
        "FR14 2004 1010 0505 0001 3M02 606",
        "ES91 2100 0418 4502 0005 1332",
        "NL91 ABNA 0417 1643 00",
        "CH93 0076 2011 6238 5295 7",
        "BE68 5390 0754 7034"
      })
  void findsValidIbans(String iban) {
    assertThat(Found.in("Bitte überweisen an " + iban + ".")).containsExactly("IBAN_CODE=" + iban);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "DE88 3704 0044 0532 0130 00", // check digits wrong
        "DE89 3704 0044 0532 0130 01", // one digit changed
        "DE89 3704 0044 0532 0130", // too short for DE
        "GB82 WEST 1234 5698 7654 3", // too short for GB
        "XX89 3704 0044 0532 0130 00", // no such country
        "model AB12 CDEF 3456 7890 12", // shaped like one, not registered
        "SKU DE12345678901234567890X" // glued on
      })
  void ignoresLookAlikes(String text) {
    assertThat(Found.in(text)).noneMatch(f -> f.startsWith("IBAN_CODE"));
  }
}
