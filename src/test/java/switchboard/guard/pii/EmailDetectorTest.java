package switchboard.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailDetectorTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jane.doe@example.com",
        "j.o-e+tag@mail.example.co.uk",
        "first_last%x@sub-domain.example.org",
        "ANNA@BEISPIEL.DE"
      })
  void findsAddresses(String email) {
    assertThat(Found.in("Write to " + email + ". Thanks"))
        .containsExactly("EMAIL_ADDRESS=" + email);
    assertThat(Found.checked("<" + email + ">")).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "logo@2x.png is the retina asset",
        "ping @channel and @here",
        "user@localhost has no domain",
        "npm install @types/node",
        "a@b.c has a one-letter top-level label",
        "@@ -1,4 +1,5 @@ a diff hunk",
        "decorators like @Override and @Test"
      })
  void ignoresLookAlikes(String text) {
    assertThat(Found.in(text)).isEmpty();
  }
}
