package switchboard.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dashboard's analytics query: windows that the API's hourly roll-ups can answer. */
class AnalyticsTest {

  private static final Instant NOW = Instant.parse("2026-12-08T01:03:37Z");

  @Test
  void aWindowOfADayOrMoreStartsAtTheTopOfAnHour() {
    assertThat(new Analytics("24h", Map.of()).apiQuery(NOW))
        .isEqualTo("from=2026-12-07T01:00:00Z&to=2026-12-08T01:03:37Z");
    assertThat(new Analytics("30d", Map.of()).apiQuery(NOW))
        .startsWith("from=2026-11-08T01:00:00Z&");
  }

  @Test
  void theLastHourIsExact() {
    assertThat(new Analytics("1h", Map.of()).apiQuery(NOW))
        .isEqualTo("from=2026-12-08T00:03:37Z&to=2026-12-08T01:03:37Z");
  }

  @Test
  void theModelBreakdownIsAskedForOnlyWhenTheRollupsAnswerIt() {
    assertThat(new Analytics("30d", Map.of()).modelBreakdownIsCheap()).isTrue();
    assertThat(new Analytics("30d", Map.of("model", "openai/gpt-4o")).modelBreakdownIsCheap())
        .isTrue();
    assertThat(new Analytics("30d", Map.of("key_id", "key_batch")).modelBreakdownIsCheap())
        .isFalse();
    Map<String, String> two = new LinkedHashMap<>();
    two.put("model", "openai/gpt-4o");
    two.put("tag", "prod");
    assertThat(new Analytics("30d", two).modelBreakdownIsCheap()).isFalse();
  }
}
