package switchboard.access;

import java.util.List;

/**
 * A budget in its current period: spend against the limit.
 *
 * @param spentUsd settled spend this period
 * @param reservedUsd held by requests in flight
 * @param alertsFired thresholds already alerted this period
 */
public record BudgetStatus(
    String scope,
    String name,
    Budget budget,
    long periodStartMs,
    long periodEndMs,
    double spentUsd,
    double reservedUsd,
    List<Integer> alertsFired) {}
