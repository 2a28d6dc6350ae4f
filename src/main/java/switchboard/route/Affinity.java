package switchboard.route;

import java.util.List;
import switchboard.pipeline.Exchange;
import switchboard.wire.openai.PromptCacheKey;

/**
 * Cache affinity: with {@code auto_cache}, requests that share a stable prefix go to the member of
 * a load balance or latency policy that served it last time, so the provider's prompt cache there
 * stays warm. Bounded: the member keeps them while it is healthy (unhealthy members are already
 * last) and while its requests in flight stay under {@link #LOAD_FACTOR} times its fair share
 * (consistent hashing with bounded loads, Mirrokni et al.); past that the next member in the
 * prefix's order takes the overflow, and warms its own cache.
 */
final class Affinity {

  /** How far over an even share of the requests in flight a sticky member may go. */
  static final double LOAD_FACTOR = 1.5;

  /** A latency member is a candidate within this factor of the fastest one's prediction. */
  static final double LATENCY_SLACK = 1.5;

  private Affinity() {}

  /** The request's stable-prefix hash when {@code auto_cache} is on, else null. */
  static String prefix(Exchange exchange) {
    return Boolean.TRUE.equals(exchange.choices().autoCache())
        ? PromptCacheKey.of(exchange.body())
        : null;
  }

  /** Requests in flight to any of a member's targets. */
  static int load(Policy member, HealthView health) {
    int n = 0;
    for (Target t : member.targets()) {
      n += health.inflight(t);
    }
    return n;
  }

  /**
   * The position in {@code preferred} (healthy members, most preferred first) of the first member
   * under its load bound; 0 when every member is at it.
   */
  static int underBound(List<Policy> preferred, HealthView health) {
    int total = 0;
    int[] loads = new int[preferred.size()];
    for (int i = 0; i < loads.length; i++) {
      loads[i] = load(preferred.get(i), health);
      total += loads[i];
    }
    double cap = Math.ceil(LOAD_FACTOR * (total + 1) / Math.max(1, loads.length));
    for (int i = 0; i < loads.length; i++) {
      if (loads[i] < cap) {
        return i;
      }
    }
    return 0;
  }

  /** A member's name for hashing: its first target, stable across policy reloads. */
  static String id(Policy member) {
    List<Target> targets = member.targets();
    return targets.isEmpty() ? "" : targets.get(0).name();
  }
}
