package switchboard.usage;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The {@code pricing:} section of the config: what the gateway charges on top of the catalog.
 *
 * @param markupPercent added to every priced answer (0 for none); shown as the cost's markup part
 * @param deployments per-deployment price overrides, {@code {id: provider/model, input, output,
 *     cached_input, cache_write}}, laid over the catalog entry field by field (an id the catalog
 *     lacks becomes a new entry)
 */
public record Pricing(double markupPercent, List<JsonNode> deployments) {

  public static final Pricing NONE = new Pricing(0, List.of());

  public Pricing {
    deployments = List.copyOf(deployments);
  }
}
