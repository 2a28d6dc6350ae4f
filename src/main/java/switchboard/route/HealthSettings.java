package switchboard.route;

import java.time.Duration;

/**
 * How the passive circuit breaker and the latency estimate behave, for every deployment.
 *
 * @param consecutiveFailures this many failures in a row open the breaker
 * @param errorRate a failure share (0..1] within one window that opens it ...
 * @param minRequests ... once the window holds at least this many requests
 * @param window the length of the error-rate window
 * @param cooldown how long an open breaker stays open before one probe request is let through
 * @param ewmaAlpha the weight of a new latency sample in the moving average (0..1]
 * @param activeCheck how often the active checker looks for open breakers whose cooldown is over
 *     and probes them itself, instead of letting a client's request be the probe; zero for off
 */
public record HealthSettings(
    int consecutiveFailures,
    double errorRate,
    int minRequests,
    Duration window,
    Duration cooldown,
    double ewmaAlpha,
    Duration activeCheck) {

  public static final HealthSettings DEFAULT =
      new HealthSettings(
          5, 0.5, 20, Duration.ofSeconds(30), Duration.ofSeconds(30), 0.3, Duration.ZERO);

  /** Settings without active checks. */
  public HealthSettings(
      int consecutiveFailures,
      double errorRate,
      int minRequests,
      Duration window,
      Duration cooldown,
      double ewmaAlpha) {
    this(consecutiveFailures, errorRate, minRequests, window, cooldown, ewmaAlpha, Duration.ZERO);
  }

  public HealthSettings {
    if (consecutiveFailures < 1) {
      throw new IllegalArgumentException("consecutive_failures: must be at least 1");
    }
    if (!(errorRate > 0 && errorRate <= 1)) {
      throw new IllegalArgumentException("error_rate: must be in (0, 1]");
    }
    if (minRequests < 1) {
      throw new IllegalArgumentException("min_requests: must be at least 1");
    }
    if (window.isNegative() || window.isZero() || cooldown.isNegative() || cooldown.isZero()) {
      throw new IllegalArgumentException("window_ms, cooldown_ms: must be positive");
    }
    if (!(ewmaAlpha > 0 && ewmaAlpha <= 1)) {
      throw new IllegalArgumentException("ewma_alpha: must be in (0, 1]");
    }
    if (activeCheck == null || activeCheck.isNegative()) {
      throw new IllegalArgumentException("active_check_ms: must be 0 (off) or positive");
    }
  }
}
