package switchboard.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlaceholdersTest {

  private final PiiScanner scanner = new PiiScanner();

  @Test
  void numbersEachTypeInOrderAndReusesAPlaceholderForTheSameValue() {
    Placeholders p = new Placeholders();
    String first = "Mail jane@example.com or bob@example.org";
    String second = "Again: jane@example.com, call +49 30 12345678";
    assertThat(p.redact(first, scanner.scan(first))).isEqualTo("Mail [EMAIL_1] or [EMAIL_2]");
    assertThat(p.redact(second, scanner.scan(second)))
        .isEqualTo("Again: [EMAIL_1], call [PHONE_1]");
    assertThat(p.restore("Wrote [EMAIL_2] and [EMAIL_1]; rang [PHONE_1]; [EMAIL_9] unknown"))
        .isEqualTo(
            "Wrote bob@example.org and jane@example.com; rang +49 30 12345678; [EMAIL_9] unknown");
  }

  @Test
  void masksWithTheTypeOnly() {
    String text = "card 4111 1111 1111 1111 for jane@example.com";
    assertThat(Placeholders.mask(text, scanner.scan(text))).isEqualTo("card [CARD] for [EMAIL]");
  }

  @Test
  void aFreshConversationNumbersTheSameWay() {
    String text = "from jane@example.com to bob@example.org";
    assertThat(new Placeholders().redact(text, scanner.scan(text)))
        .isEqualTo(new Placeholders().redact(text, scanner.scan(text)));
  }

  @Test
  void restoresPlaceholdersSplitAtEveryPositionOfAStream() {
    Placeholders p = new Placeholders();
    String prompt = "jane@example.com, +44 20 7946 0018, DE89 3704 0044 0532 0130 00";
    p.redact(prompt, scanner.scan(prompt));
    String answer = "Sure [EMAIL_1]! [[PHONE_1]] and [IBAN_1][EMAIL_1] [EMAIL_ x [ [EM";
    String expected = p.restore(answer);
    assertThat(expected)
        .isEqualTo(
            "Sure jane@example.com! [+44 20 7946 0018] and DE89 3704 0044 0532 0130 00"
                + "jane@example.com [EMAIL_ x [ [EM");
    for (int i = 0; i <= answer.length(); i++) {
      for (int j = i; j <= answer.length(); j++) {
        StreamRestorer r = new StreamRestorer(p);
        String out =
            r.push(answer.substring(0, i))
                + r.push(answer.substring(i, j))
                + r.push(answer.substring(j))
                + r.finish();
        assertThat(out).as("split at %d and %d", i, j).isEqualTo(expected);
      }
    }
  }

  @Test
  void streamsCharacterByCharacterAndHoldsOnlyWhatCouldBecomeAPlaceholder() {
    Placeholders p = new Placeholders();
    p.redact("jane@example.com", scanner.scan("jane@example.com"));
    StreamRestorer r = new StreamRestorer(p);
    assertThat(r.push("Hi [")).isEqualTo("Hi ");
    assertThat(r.push("EMAIL_")).isEmpty();
    assertThat(r.push("1] [x")).isEqualTo("jane@example.com [x");
    StringBuilder out = new StringBuilder();
    String answer = "to [EMAIL_1], cc [EMAIL_1].";
    for (char c : answer.toCharArray()) {
      out.append(r.push(String.valueOf(c)));
    }
    assertThat(out.append(r.finish())).hasToString("to jane@example.com, cc jane@example.com.");
  }

  @Test
  void findingsNeverPrintTheirValue() {
    String text = "jane@example.com";
    assertThat(scanner.scan(text).get(0).toString()).doesNotContain("jane");
  }
}
