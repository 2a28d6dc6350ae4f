package switchboard.access;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;

/** The calendar period a budget counts spend over, in UTC. Monthly is the default. */
public enum BudgetPeriod {
  DAILY,
  WEEKLY,
  MONTHLY;

  /** The start of the period that contains {@code now}. */
  public Instant start(Instant now) {
    LocalDate day = now.atZone(ZoneOffset.UTC).toLocalDate();
    LocalDate first =
        switch (this) {
          case DAILY -> day;
          case WEEKLY -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
          case MONTHLY -> day.withDayOfMonth(1);
        };
    return first.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** The end of the period that contains {@code now}: when the budget resets. */
  public Instant end(Instant now) {
    LocalDate first = start(now).atZone(ZoneOffset.UTC).toLocalDate();
    LocalDate next =
        switch (this) {
          case DAILY -> first.plusDays(1);
          case WEEKLY -> first.plusWeeks(1);
          case MONTHLY -> first.plusMonths(1);
        };
    return next.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** The name used in config and the admin API. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Parses a label; null when it names no period. */
  public static BudgetPeriod parse(String label) {
    for (BudgetPeriod p : values()) {
      if (p.label().equals(label)) {
        return p;
      }
    }
    return null;
  }
}
