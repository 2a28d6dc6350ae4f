package switchboard.route;

/** What policies may read of live health. Reading never claims a half-open probe slot. */
interface HealthView {

  /** Whether the target would be admitted now (breaker closed or probe free, no retry-after). */
  boolean available(Target target);

  /**
   * The predicted time in milliseconds: the EWMA of time to first token for streams, of time per
   * output token otherwise; NaN when not measured yet.
   */
  double predictedMillis(Target target, boolean stream);

  /** Requests in flight to the target now (bounds cache affinity); 0 when unknown. */
  default int inflight(Target target) {
    return 0;
  }
}
