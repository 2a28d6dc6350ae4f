package switchboard.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import switchboard.access.AccessSettings;
import switchboard.provider.ProviderConfig;
import switchboard.provider.simulated.SimSettings;
import switchboard.usage.Pricing;

/**
 * What users configure, assembled from the config file and the environment. Immutable.
 *
 * @param providers every enabled provider, simulated ones excluded
 * @param sim the simulated providers' settings
 * @param catalogOverrides extra or replacing catalog entries (same fields as the shipped catalog)
 * @param maxBodyBytes the request size limit
 * @param demo true when no provider was configured and the gateway runs on simulators
 * @param access gateway keys declared in the file, team budgets, alert delivery
 * @param pricing markup and per-deployment price overrides
 */
public record GatewayConfig(
    List<ProviderConfig> providers,
    SimSettings sim,
    List<JsonNode> catalogOverrides,
    long maxBodyBytes,
    boolean demo,
    AccessSettings access,
    Pricing pricing) {}
