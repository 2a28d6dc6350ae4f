package switchboard.route;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import switchboard.observe.Metrics;

/**
 * The {@link Health} of every deployment seen, created on first use and kept across policy changes
 * (health belongs to the deployment, not to a policy). Thread-safe.
 */
public final class HealthBoard implements HealthView {

  private final ConcurrentHashMap<String, Health> byDeployment = new ConcurrentHashMap<>();
  private final HealthSettings settings;
  private final LongSupplier nanos;
  private final Metrics metrics;

  /** {@code metrics} may be null (unit tests). */
  public HealthBoard(HealthSettings settings, LongSupplier nanos, Metrics metrics) {
    this.settings = settings;
    this.nanos = nanos;
    this.metrics = metrics;
    if (metrics != null) {
      metrics.describe(
          "switchboard_breaker_transitions_total",
          "Circuit breaker transitions, by deployment and new state");
    }
  }

  /** The health of {@code provider/model}, created closed on first use. */
  public Health of(String deployment) {
    Health h = byDeployment.get(deployment);
    return h != null ? h : byDeployment.computeIfAbsent(deployment, this::create);
  }

  public Health of(Target target) {
    return of(target.name());
  }

  /** Every deployment seen so far, sorted by name. */
  public List<Health> all() {
    Collection<Health> values = byDeployment.values();
    return values.stream().sorted(java.util.Comparator.comparing(Health::deployment)).toList();
  }

  public HealthSettings settings() {
    return settings;
  }

  public long now() {
    return nanos.getAsLong();
  }

  @Override
  public int inflight(Target target) {
    return of(target).inflight();
  }

  @Override
  public boolean available(Target target) {
    return of(target).available(nanos.getAsLong());
  }

  @Override
  public double predictedMillis(Target target, boolean stream) {
    Health h = of(target);
    return stream ? h.clusterTtftMillis() : h.clusterPerTokenMillis();
  }

  private Health create(String deployment) {
    Health health = new Health(deployment, settings, nanos.getAsLong(), this::changed);
    if (metrics != null) {
      String labels = "deployment=\"" + deployment + "\"";
      metrics.gauge(
          "switchboard_breaker_state",
          labels,
          "Circuit breaker per deployment: 0 closed, 1 open, 2 half-open",
          () -> health.state().mode().ordinal());
    }
    return health;
  }

  private void changed(String deployment, Health.Mode from, Health.Mode to) {
    if (metrics != null) {
      metrics.increment(
          "switchboard_breaker_transitions_total",
          "deployment=\"" + deployment + "\",to=\"" + to.name().toLowerCase() + "\"");
    }
  }
}
