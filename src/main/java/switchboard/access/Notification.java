package switchboard.access;

/**
 * A budget alert: spend in a period crossed a threshold. Fires once per scope, period and
 * threshold.
 *
 * @param scope {@code key:<id>} or {@code team:<tag>}
 * @param name the key's name or the team tag, for people
 * @param periodStartMs start of the budget period the alert belongs to
 * @param periodEndMs when that period ends (the budget resets)
 * @param threshold the percentage crossed
 */
public record Notification(
    String id,
    String scope,
    String name,
    long periodStartMs,
    long periodEndMs,
    int threshold,
    double spentUsd,
    double limitUsd,
    long firedMs) {

  /** The dedupe key: one alert per scope, period and threshold. */
  public String slot() {
    return scope + "|" + periodStartMs + "|" + threshold;
  }
}
