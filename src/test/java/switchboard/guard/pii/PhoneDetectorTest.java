package switchboard.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneDetectorTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "(415) 555-2671", // US national
        "415-555-2671",
        "+1 415 555 2671", // US international
        "030 12345678", // DE national (Berlin)
        "+49 30 12345678",
        "0171 1234567", // DE mobile
        "+49 171 1234567",
        "020 7946 0018", // GB London
        "+44 20 7946 0018",
        "07700 900123", // GB mobile
        "01 23 45 67 89", // FR national
        "06 12 34 56 78", // FR mobile
        "+33 1 23 45 67 89"
      })
  void findsNationalAndInternationalNumbers(String phone) {
    assertThat(Found.in("Ruf an / call " + phone + " tomorrow"))
        .containsExactly("PHONE_NUMBER=" + phone);
  }

  @org.junit.jupiter.api.Test
  void bareDigitsNeedAPhoneWord() {
    assertThat(Found.in("call me at 4155552671")).containsExactly("PHONE_NUMBER=4155552671");
    assertThat(Found.in("the total was 4155552671 bytes")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Order #415-555-2671 has shipped",
        "order number 4155552671",
        "tracking 1Z999AA10123456784",
        "ISBN 978-3-16-148410-0",
        "ISBN 0-306-40615-2",
        "on 2024-01-15 10:30 the job ran",
        "dated 15.01.2024 and 16.01.2024",
        "version 10.2.3.4567",
        "uuid 123e4567-e89b-12d3-a456-426614174000",
        "timestamp 1733572800",
        "sha 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "it costs 1 234 567 euros"
      })
  void ignoresLookAlikes(String text) {
    assertThat(Found.in(text)).noneMatch(f -> f.startsWith("PHONE_NUMBER"));
  }
}
