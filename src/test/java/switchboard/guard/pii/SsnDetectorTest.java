package switchboard.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SsnDetectorTest {

  @ParameterizedTest
  @ValueSource(strings = {"536-90-4399", "536 90 4399", "001-01-0001", "899-99-9998"})
  void findsFormattedSsns(String ssn) {
    assertThat(Found.in("Her number is " + ssn + ".")).containsExactly("US_SSN=" + ssn);
  }

  @org.junit.jupiter.api.Test
  void findsBareDigitsOnlyAfterTheirName() {
    assertThat(Found.in("SSN: 536904399")).containsExactly("US_SSN=536904399");
    assertThat(Found.in("social security number 536904399")).containsExactly("US_SSN=536904399");
    assertThat(Found.in("batch 536904399 shipped")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "000-12-3456", // area 000
        "666-12-3456", // area 666
        "912-34-5678", // 900-999: ITINs, never SSNs
        "123-00-4567", // group 00
        "123-45-0000", // serial 0000
        "078-05-1120", // the Woolworth wallet card
        "123-45-6789", // the textbook example
        "536-904-399", // wrong grouping
        "536.90.4399 ms"
      })
  void ignoresInvalidRanges(String text) {
    assertThat(Found.in(text)).noneMatch(f -> f.startsWith("US_SSN"));
  }
}
