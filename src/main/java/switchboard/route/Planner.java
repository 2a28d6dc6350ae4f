package switchboard.route;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import switchboard.pipeline.ErrorKind;
import switchboard.pipeline.Exchange;
import switchboard.pipeline.GatewayException;
import switchboard.pipeline.Regions;
import switchboard.provider.ProviderRegistry;
import switchboard.upstream.Timeouts;

/**
 * Turns the requested model and its {@code models} fallbacks into the {@link Plan} the dispatcher
 * tries. A {@code policy/<name>} model is ordered by that policy; so is a plain model when a policy
 * is bound to the caller's key for it. Immutable: a configuration change builds a new planner.
 */
public final class Planner {

  private final TargetResolver resolver;
  private final PolicySet policies;
  private final HealthView health;
  private final RandomGenerator random;

  public Planner(
      TargetResolver resolver, PolicySet policies, HealthView health, RandomGenerator random) {
    this.resolver = resolver;
    this.policies = policies;
    this.health = health;
    this.random = random;
  }

  /** A planner without policies or health (every target always available). */
  public Planner(ProviderRegistry providers, Timeouts timeouts) {
    this(
        new TargetResolver(providers, m -> 0, timeouts),
        PolicySet.EMPTY,
        ALWAYS,
        java.util.concurrent.ThreadLocalRandom.current());
  }

  public PolicySet policies() {
    return policies;
  }

  /** The targets of a plain plan, for callers that need no policy. */
  public List<Target> plan(String model, List<String> fallbacks) {
    return plan(null, model, fallbacks, RouteInput.NONE).targets();
  }

  /** The plan for an exchange: its key, model, fallbacks and stickiness keys. */
  public Plan plan(Exchange exchange) {
    String user =
        exchange.options.userId() != null
            ? exchange.options.userId()
            : exchange.body().path("user").isTextual()
                ? exchange.body().path("user").asText()
                : null;
    return plan(
        exchange.keyId,
        exchange.requestedModel,
        exchange.fallbacks,
        new RouteInput(
            user,
            exchange.options.traceId(),
            exchange.stream,
            Affinity.prefix(exchange),
            exchange.options.regions()),
        exchange.boundPolicies());
  }

  public Plan plan(String keyId, String model, List<String> fallbacks, RouteInput input) {
    return plan(keyId, model, fallbacks, input, List.of());
  }

  /**
   * The plan, or 400/404 naming the model that cannot be routed. Targets that appear twice (a model
   * both in a policy and in {@code models}) are tried once, at their first place.
   *
   * <p>Data residency is decided here and nowhere else: the request's regions (its own and its
   * key's) and those of every policy in the plan are intersected, the policies order only the
   * deployments that meet them (the others count as unavailable, so weights and latency ranks are
   * over the allowed ones), and the others are then dropped. Failover, hedging, stream continuation
   * and context-window fallback all work on the plan's targets, so none can leave the regions; when
   * nothing is left the request fails with 400 {@code region_unavailable} before any call.
   */
  public Plan plan(
      String keyId, String model, List<String> fallbacks, RouteInput input, List<String> keyBound) {
    List<Pick> picks = new ArrayList<>();
    PolicySet.Entry first =
        model.startsWith("policy/") ? named(model, "model") : policies.boundTo(keyId, model);
    for (int i = 0; first == null && i < keyBound.size(); i++) {
      PolicySet.Entry bound = policies.find(keyBound.get(i)); // a key's bound_policies
      first = bound != null && model.equals(bound.primary()) ? bound : null;
    }
    Regions required = input.regions().and(first == null ? null : first.regions());
    for (int i = 0; i < fallbacks.size(); i++) {
      if (fallbacks.get(i).startsWith("policy/")) {
        required = required.and(named(fallbacks.get(i), "models[" + i + "]").regions());
      }
    }
    PlanContext ctx =
        new PlanContext(
            input, required.any() ? health : RegionFilter.view(health, required), random);
    if (first != null) {
      String why =
          model.startsWith("policy/")
              ? ""
              : "policy '" + first.name() + "' bound to key '" + keyId + "' for " + model;
      first.policy().order(ctx, why, picks);
    } else {
      picks.add(new Pick(resolver.resolve(model, "model"), "requested model"));
    }
    for (int i = 0; i < fallbacks.size(); i++) {
      String name = fallbacks.get(i);
      String param = "models[" + i + "]";
      if (name.startsWith("policy/")) {
        named(name, param).policy().order(ctx, param, picks);
      } else {
        picks.add(new Pick(resolver.resolve(name, param), param));
      }
    }
    if (!required.any()) {
      RegionFilter.apply(required, model, picks);
    }
    Set<String> seen = new HashSet<>();
    picks.removeIf(p -> !seen.add(p.target().name()));
    return new Plan(
        picks,
        first == null ? null : first.name(),
        first == null ? null : first.hedge(),
        first != null && first.continueStreams(),
        first == null ? switchboard.pipeline.GatewayOptions.NONE : first.options());
  }

  private PolicySet.Entry named(String model, String param) {
    String name = model.substring("policy/".length());
    PolicySet.Entry entry = policies.find(name);
    if (entry == null) {
      throw new GatewayException(
          ErrorKind.NOT_FOUND,
          404,
          "Routing policy '" + name + "' does not exist.",
          param,
          "policy_not_found",
          null);
    }
    return entry;
  }

  private static final HealthView ALWAYS =
      new HealthView() {
        @Override
        public boolean available(Target target) {
          return true;
        }

        @Override
        public double predictedMillis(Target target, boolean stream) {
          return Double.NaN;
        }
      };
}
