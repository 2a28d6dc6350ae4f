package switchboard.route;

import com.fasterxml.jackson.databind.node.ObjectNode;
import switchboard.provider.Provider;
import switchboard.upstream.Timeouts;

/**
 * One place a request can be sent: a provider's model (a deployment), with what to use there.
 *
 * @param timeouts connect, first token, idle and total limits for each attempt here
 * @param retry how often to retry this target before moving on, and how long to wait between
 * @param params parameter overrides merged into the request body (a JSON null removes a field),
 *     e.g. a smaller {@code max_tokens} for a smaller model; null for none
 * @param contextWindow the model's context window in tokens from the catalog, 0 when unknown
 */
public record Target(
    Provider provider,
    String model,
    Timeouts timeouts,
    Retry retry,
    ObjectNode params,
    long contextWindow) {

  /** A target with no retries, no overrides and an unknown context window. */
  public Target(Provider provider, String model, Timeouts timeouts) {
    this(provider, model, timeouts, Retry.NONE, null, 0);
  }

  /** The data-residency region this deployment serves in, or null when unknown. */
  public String region() {
    return provider.region(model);
  }

  /** The {@code provider/model} name, which is also the deployment's health key. */
  public String name() {
    return provider.id() + "/" + model;
  }
}
