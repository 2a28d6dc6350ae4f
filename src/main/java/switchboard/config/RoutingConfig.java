package switchboard.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import switchboard.pipeline.GatewayException;
import switchboard.route.HealthSettings;
import switchboard.route.PolicyCompiler;

/**
 * The {@code policies:} and {@code health:} sections of {@code switchboard.yaml}. Policies are only
 * checked for shape here; they are compiled (models resolved) once the providers are known.
 */
final class RoutingConfig {

  private static final Set<String> HEALTH_FIELDS =
      Set.of(
          "active_check_ms",
          "consecutive_failures",
          "error_rate",
          "min_requests",
          "window_ms",
          "cooldown_ms",
          "ewma_alpha");

  private RoutingConfig() {}

  static Map<String, ObjectNode> policies(JsonNode section) {
    Map<String, ObjectNode> out = new LinkedHashMap<>();
    if (section.isMissingNode() || section.isNull()) {
      return out;
    }
    if (!section.isObject()) {
      throw new ConfigException("policies: must be a mapping of policy names to policies");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = section.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      try {
        PolicyCompiler.checkName(e.getKey());
      } catch (GatewayException bad) {
        throw new ConfigException(bad.getMessage());
      }
      if (!e.getValue().isObject()) {
        throw new ConfigException("policies." + e.getKey() + ": must be a mapping");
      }
      out.put(e.getKey(), (ObjectNode) e.getValue());
    }
    return out;
  }

  static HealthSettings health(JsonNode node) {
    HealthSettings d = HealthSettings.DEFAULT;
    if (node.isMissingNode() || node.isNull()) {
      return d;
    }
    if (!node.isObject()) {
      throw new ConfigException("health: must be a mapping");
    }
    node.fieldNames()
        .forEachRemaining(
            name -> {
              if (!HEALTH_FIELDS.contains(name)) {
                throw new ConfigException(
                    "health."
                        + name
                        + ": unknown setting (expected one of "
                        + String.join(", ", HEALTH_FIELDS.stream().sorted().toList())
                        + ")");
              }
            });
    try {
      return new HealthSettings(
          node.path("consecutive_failures").asInt(d.consecutiveFailures()),
          node.path("error_rate").asDouble(d.errorRate()),
          node.path("min_requests").asInt(d.minRequests()),
          Duration.ofMillis(node.path("window_ms").asLong(d.window().toMillis())),
          Duration.ofMillis(node.path("cooldown_ms").asLong(d.cooldown().toMillis())),
          node.path("ewma_alpha").asDouble(d.ewmaAlpha()),
          Duration.ofMillis(node.path("active_check_ms").asLong(d.activeCheck().toMillis())));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("health." + e.getMessage());
    }
  }
}
