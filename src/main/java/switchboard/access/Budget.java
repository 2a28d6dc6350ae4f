package switchboard.access;

import java.util.List;

/**
 * A spend limit over a calendar period.
 *
 * @param limitUsd the limit in USD, positive
 * @param period the period spend is counted over (UTC)
 * @param hard true: requests are refused with 402 once the limit is reached; false: alerts only
 * @param alerts percentages of the limit (1..100, ascending) at which an alert fires, once each per
 *     period; null for the gateway's default ({@code budgets.default_alerts}, 50/75/90)
 */
public record Budget(double limitUsd, BudgetPeriod period, boolean hard, List<Integer> alerts) {

  public static final List<Integer> DEFAULT_ALERTS = List.of(50, 75, 90);

  public Budget {
    alerts = alerts == null ? null : List.copyOf(alerts);
  }

  /** The limit in nano-USD, the unit of the counters. */
  public long limitNanos() {
    return NanoUsd.of(limitUsd);
  }
}
