package switchboard.route;

import java.time.Duration;

/**
 * When to send a hedged copy of a request: if the attempt in flight has not reached its first token
 * after {@code after} (or, with {@code p95}, after that deployment's live p95 time to first token
 * once measured), the next target gets the same request; the first to produce content wins.
 *
 * @param after the fixed delay, and the delay used while no p95 is known
 * @param p95 whether to use the deployment's measured p95 when there is one
 */
public record Hedge(Duration after, boolean p95) {

  /** The delay for an attempt on a deployment with this health, in nanos. */
  long delayNanos(Health health) {
    long measured = p95 ? health.ttftP95Nanos() : -1;
    return measured > 0 ? measured : after.toNanos();
  }
}
