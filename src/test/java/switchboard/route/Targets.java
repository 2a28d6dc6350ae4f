package switchboard.route;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import switchboard.provider.Provider;
import switchboard.provider.ProviderConfig;
import switchboard.provider.ProviderRegistry;
import switchboard.provider.compatible.OpenAiCompatibleProvider;
import switchboard.provider.compatible.Vendors;
import switchboard.upstream.Timeouts;

/** Targets on made-up providers, and a health view the test controls, for policy unit tests. */
final class Targets {

  private Targets() {}

  static Provider provider(String id) {
    return new OpenAiCompatibleProvider(
        new ProviderConfig(id, "custom", "", "http://127.0.0.1:9/v1", null, List.of(), Map.of()),
        Vendors.find("custom").orElseThrow());
  }

  static ProviderRegistry registry(String... ids) {
    return new ProviderRegistry(java.util.Arrays.stream(ids).map(Targets::provider).toList());
  }

  /** {@code provider/model} with default settings. */
  static Target target(String name) {
    return target(name, 0);
  }

  static Target target(String name, long contextWindow) {
    int slash = name.indexOf('/');
    return new Target(
        provider(name.substring(0, slash)),
        name.substring(slash + 1),
        Timeouts.DEFAULT,
        Retry.NONE,
        null,
        contextWindow);
  }

  /** Every target available, except those marked down; nothing measured. */
  static final class StubHealth implements HealthView {
    final Set<String> down = new HashSet<>();
    final java.util.Map<String, Integer> inflight = new java.util.HashMap<>();
    final java.util.Map<String, Double> predicted = new java.util.HashMap<>();

    @Override
    public int inflight(Target target) {
      return inflight.getOrDefault(target.name(), 0);
    }

    @Override
    public boolean available(Target target) {
      return !down.contains(target.name());
    }

    @Override
    public double predictedMillis(Target target, boolean stream) {
      return predicted.getOrDefault(target.name(), Double.NaN);
    }
  }
}
