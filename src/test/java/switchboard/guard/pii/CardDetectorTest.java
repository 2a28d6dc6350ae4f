package switchboard.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CardDetectorTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "4111 1111 1111 1111", // Visa test card
        "4111-1111-1111-1111",
        "4012888888881881",
        "5555 5555 5555 4444", // Mastercard
        "2223 0031 2200 3222", // Mastercard 2-series
        "3782 822463 10005", // Amex 4-6-5
        "378282246310005",
        "6011 1111 1111 1117", // Discover
        "3530 1113 3330 0000", // JCB
      })
  void findsLuhnValidCards(String card) {
    assertThat(Found.in("card: " + card + ", exp 12/27")).containsExactly("CREDIT_CARD=" + card);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "card: 4111 1111 1111 1112", // Luhn fails
        "card: 5555 5555 5555 4445",
        "order 1234 5678 9012 3456", // Luhn fails, no issuer
        "tracking 9400 1000 0000 0000 0000 00", // USPS, 22 digits
        "4111 1111 11 111111", // odd grouping
        "0000 0000 0000 0000", // all zeros pass Luhn
        "id 4111111111111111abc", // glued to letters
        "ORD-4111111111111111", // part of an identifier
        "ISBN 978-3-16-148410-0",
        "epoch 1733572800123 ms"
      })
  void ignoresLookAlikes(String text) {
    assertThat(Found.in(text)).noneMatch(f -> f.startsWith("CREDIT_CARD"));
  }
}
