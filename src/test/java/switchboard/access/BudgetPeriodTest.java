package switchboard.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BudgetPeriodTest {

  @Test
  void periodsAreUtcCalendarPeriods() {
    Instant at = Instant.parse("2026-02-28T23:59:59Z"); // a Saturday
    assertThat(BudgetPeriod.MONTHLY.start(at)).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
    assertThat(BudgetPeriod.MONTHLY.end(at)).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
    assertThat(BudgetPeriod.WEEKLY.start(at)).isEqualTo(Instant.parse("2026-02-23T00:00:00Z"));
    assertThat(BudgetPeriod.WEEKLY.end(at)).isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
    assertThat(BudgetPeriod.DAILY.start(at)).isEqualTo(Instant.parse("2026-02-28T00:00:00Z"));
    assertThat(BudgetPeriod.DAILY.end(at)).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
  }

  @Test
  void theLastMillisecondBelongsToTheOldPeriodAndMidnightToTheNew() {
    assertThat(BudgetPeriod.MONTHLY.start(Instant.parse("2026-12-31T23:59:59.999Z")))
        .isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    assertThat(BudgetPeriod.MONTHLY.start(Instant.parse("2027-01-01T00:00:00Z")))
        .isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    assertThat(BudgetPeriod.parse("monthly")).isEqualTo(BudgetPeriod.MONTHLY);
    assertThat(BudgetPeriod.parse("yearly")).isNull();
  }
}
