package switchboard.route;

import java.util.function.ToLongFunction;
import switchboard.model.ModelRef;
import switchboard.pipeline.ErrorKind;
import switchboard.pipeline.GatewayException;
import switchboard.provider.Provider;
import switchboard.provider.ProviderRegistry;
import switchboard.upstream.Timeouts;

/**
 * Turns a {@code provider/model} name into a {@link Target}: the enabled provider, the default
 * timeouts, and the context window from the catalog. Immutable.
 */
public final class TargetResolver {

  private final ProviderRegistry providers;
  private final ToLongFunction<String> contextWindows;
  private final Timeouts timeouts;

  /** {@code contextWindows} maps {@code provider/model} to its window in tokens, 0 if unknown. */
  public TargetResolver(
      ProviderRegistry providers, ToLongFunction<String> contextWindows, Timeouts timeouts) {
    this.providers = providers;
    this.contextWindows = contextWindows;
    this.timeouts = timeouts;
  }

  public ProviderRegistry providers() {
    return providers;
  }

  public Timeouts defaultTimeouts() {
    return timeouts;
  }

  long contextWindow(String provider, String model) {
    return contextWindows.applyAsLong(provider + "/" + model);
  }

  /** The target for a plain model name; 400 when it is not {@code provider/model}, 404 unknown. */
  public Target resolve(String name, String param) {
    ModelRef ref = ModelRef.parse(name);
    if (ref == null) {
      throw GatewayException.invalid(
          param,
          "Model '"
              + name
              + "' must be named as provider/model (e.g. openai/gpt-4o-mini) or policy/<name>.");
    }
    Provider provider = providers.find(ref.provider());
    if (provider == null) {
      throw new GatewayException(
          ErrorKind.NOT_FOUND,
          404,
          "Provider '"
              + ref.provider()
              + "' is not enabled on this gateway (model '"
              + name
              + "'). Enabled providers: "
              + String.join(", ", providers.all().stream().map(Provider::id).toList())
              + ".",
          param,
          "provider_not_found",
          null);
    }
    return new Target(
        provider,
        ref.model(),
        timeouts,
        Retry.NONE,
        null,
        contextWindow(provider.id(), ref.model()));
  }
}
