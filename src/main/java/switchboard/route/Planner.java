package switchboard.route;

import java.util.ArrayList;
import java.util.List;
import switchboard.model.ModelRef;
import switchboard.pipeline.ErrorKind;
import switchboard.pipeline.GatewayException;
import switchboard.provider.Provider;
import switchboard.provider.ProviderRegistry;
import switchboard.upstream.Timeouts;

/**
 * Turns the requested model and its {@code models} fallbacks into the ordered targets the
 * dispatcher tries. Routing policies ({@code policy/<name>}) plug in here.
 */
public final class Planner {

  private final ProviderRegistry providers;
  private final Timeouts timeouts;

  public Planner(ProviderRegistry providers, Timeouts timeouts) {
    this.providers = providers;
    this.timeouts = timeouts;
  }

  /** The plan, or 400/404 naming the model that cannot be routed. */
  public List<Target> plan(String model, List<String> fallbacks) {
    List<Target> plan = new ArrayList<>();
    plan.add(target(model, "model"));
    for (int i = 0; i < fallbacks.size(); i++) {
      plan.add(target(fallbacks.get(i), "models[" + i + "]"));
    }
    return plan;
  }

  private Target target(String name, String param) {
    ModelRef ref = ModelRef.parse(name);
    if (ref == null) {
      throw GatewayException.invalid(param, "Model '" + name
          + "' must be named as provider/model (e.g. openai/gpt-4o-mini) or policy/<name>.");
    }
    if (ref.provider().equals("policy")) {
      throw new GatewayException(ErrorKind.NOT_FOUND, 404, "Routing policy '" + ref.model()
          + "' does not exist.", param, "policy_not_found", null);
    }
    Provider provider = providers.find(ref.provider());
    if (provider == null) {
      throw new GatewayException(ErrorKind.NOT_FOUND, 404, "Provider '" + ref.provider()
          + "' is not enabled on this gateway (model '" + name + "'). Enabled providers: "
          + String.join(", ", providers.all().stream().map(Provider::id).toList()) + ".",
          param, "provider_not_found", null);
    }
    return new Target(provider, ref.model(), timeouts);
  }
}
