package switchboard.access;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What an operator sets on a gateway key (everything but its identity and secret).
 *
 * @param name a label for people, unique among keys
 * @param owner an owner or team tag; team budgets apply by it; may be null
 * @param expiresMs when the key stops working (epoch ms), or null for never
 * @param models allowed {@code provider/model} patterns ({@code openai/*}, {@code *}); empty: all
 * @param policies allowed routing policy names for {@code policy/<name>}; empty: all
 * @param boundPolicies policies bound to the key, kept for the routing layer
 * @param options default gateway options ({@code switchboard} extension) applied when a request
 *     leaves them out, e.g. {@code {"auto_cache": true}}
 * @param metadata free-form, returned as given
 * @param budget the key's budget, or null for none
 * @param limits the key's rate limits
 */
public record KeySpec(
    String name,
    String owner,
    Long expiresMs,
    List<String> models,
    List<String> policies,
    List<String> boundPolicies,
    ObjectNode options,
    ObjectNode metadata,
    Budget budget,
    RateLimits limits) {

  public KeySpec {
    models = List.copyOf(models);
    policies = List.copyOf(policies);
    boundPolicies = List.copyOf(boundPolicies);
    limits = limits == null ? RateLimits.NONE : limits;
  }
}
