package switchboard.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import switchboard.access.AccessSettings;
import switchboard.provider.ProviderConfig;
import switchboard.provider.simulated.SimSettings;
import switchboard.route.HealthSettings;
import switchboard.upstream.Timeouts;
import switchboard.usage.Pricing;

/**
 * What users configure, assembled from the config file and the environment. Immutable.
 *
 * @param providers every enabled provider, simulated ones excluded
 * @param sim the simulated providers' settings
 * @param catalogOverrides extra or replacing catalog entries (same fields as the shipped catalog)
 * @param maxBodyBytes the request size limit
 * @param timeouts default upstream timeouts
 * @param demo true when no provider was configured and the gateway runs on simulators
 * @param policies routing policies from the file's {@code policies:} section, by name (compiled
 *     once the providers are known); read-only through the admin API
 * @param health the circuit breaker and latency settings ({@code health:})
 * @param access gateway keys declared in the file, team budgets, alert delivery
 * @param pricing markup and per-deployment price overrides
 * @param settings the file's {@code settings:} section, {@code ${VAR}}s resolved (defaults,
 *     webhooks, price overrides; the admin API may replace it)
 * @param file the config file's document as written ({@code ${VAR}}s kept), empty without a file
 */
public record GatewayConfig(
    List<ProviderConfig> providers,
    SimSettings sim,
    List<JsonNode> catalogOverrides,
    long maxBodyBytes,
    Timeouts timeouts,
    boolean demo,
    Map<String, ObjectNode> policies,
    HealthSettings health,
    AccessSettings access,
    Pricing pricing,
    JsonNode settings,
    JsonNode file) {}
