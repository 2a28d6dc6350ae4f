package switchboard.route;

import io.vertx.core.Future;
import java.util.List;

/**
 * Where nodes of a cluster swap their deployments' health (a port; Redis in {@code
 * store/redis/RedisHealthFeed}). Used by {@link HealthSync} off the request path.
 */
public interface HealthFeed {

  /**
   * One deployment's health as one node sees it.
   *
   * @param openUntilMs wall-clock time its breaker stays open until, 0 when it is not open
   * @param ttftMs EWMA of time to first token, NaN until measured
   * @param perTokenMs EWMA of ms per output token, NaN until measured
   */
  record Report(String deployment, long openUntilMs, double ttftMs, double perTokenMs) {}

  /**
   * Publishes this node's reports (replacing its previous ones) and completes with every other
   * node's latest, leaving out nodes that have not published for {@code maxAgeMs}.
   */
  Future<List<Report>> exchange(String node, List<Report> mine, long nowMs, long maxAgeMs);
}
