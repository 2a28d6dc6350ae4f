package switchboard.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import switchboard.access.AccessSettings;
import switchboard.access.Budget;
import switchboard.access.KeyJson;
import switchboard.access.KeySpec;
import switchboard.pipeline.GatewayException;
import switchboard.usage.Pricing;

/**
 * Reads the governance sections of {@code switchboard.yaml}: {@code keys}, {@code teams}, {@code
 * alerts}, {@code budgets} and {@code pricing}. Errors name the path ({@code
 * keys[0].budget.limit_usd: ...}).
 */
final class AccessConfig {

  private static final Set<String> ALERT_FIELDS =
      Set.of("webhook_url", "webhook_secret", "retry_base_ms", "max_attempts");
  private static final Set<String> BUDGET_FIELDS =
      Set.of("default_alerts", "default_max_output_tokens");
  private static final Set<String> PRICING_FIELDS = Set.of("markup_percent", "deployments");

  private AccessConfig() {}

  static AccessSettings access(JsonNode root, Map<String, String> env) {
    List<AccessSettings.DeclaredKey> keys = new ArrayList<>();
    Set<String> names = new java.util.HashSet<>();
    JsonNode list = root.path("keys");
    if (!list.isMissingNode() && !list.isArray()) {
      throw new ConfigException("keys: must be a list of keys");
    }
    for (int i = 0; i < list.size(); i++) {
      AccessSettings.DeclaredKey key = key(list.get(i), "keys[" + i + "]", env);
      if (!names.add(key.spec().name())) {
        throw new ConfigException(
            "keys[" + i + "].name: '" + key.spec().name() + "' is used twice");
      }
      keys.add(key);
    }
    Map<String, Budget> teams = new LinkedHashMap<>();
    root.path("teams")
        .fields()
        .forEachRemaining(
            e -> {
              String path = "teams." + e.getKey();
              checkKeys(e.getValue(), Set.of("budget"), path);
              teams.put(
                  e.getKey(),
                  guard(path, () -> KeyJson.budget(e.getValue().get("budget"), "budget")));
            });
    JsonNode alerts = root.path("alerts");
    checkKeys(alerts, ALERT_FIELDS, "alerts");
    String url =
        alerts.hasNonNull("webhook_url")
            ? ConfigLoader.interpolate(
                alerts.get("webhook_url").asText(), env, "alerts.webhook_url")
            : null;
    if (url != null && !url.matches("https?://.+")) {
      throw new ConfigException("alerts.webhook_url: must start with http:// or https://");
    }
    String secret =
        alerts.hasNonNull("webhook_secret")
            ? ConfigLoader.interpolate(
                alerts.get("webhook_secret").asText(), env, "alerts.webhook_secret")
            : "";
    long retryBase = positive(alerts, "retry_base_ms", 1000, "alerts");
    long attempts = positive(alerts, "max_attempts", 6, "alerts");
    JsonNode budgets = root.path("budgets");
    checkKeys(budgets, BUDGET_FIELDS, "budgets");
    List<Integer> defaults =
        budgets.hasNonNull("default_alerts")
            ? guard(
                "budgets",
                () -> KeyJson.percentages(budgets.get("default_alerts"), "default_alerts"))
            : Budget.DEFAULT_ALERTS;
    long maxOutput =
        positive(
            budgets, "default_max_output_tokens", AccessSettings.DEFAULT_MAX_OUTPUT, "budgets");
    return new AccessSettings(
        keys,
        teams,
        new AccessSettings.AlertSettings(url, secret, retryBase, (int) Math.min(attempts, 100)),
        defaults,
        maxOutput);
  }

  static Pricing pricing(JsonNode root) {
    JsonNode node = root.path("pricing");
    checkKeys(node, PRICING_FIELDS, "pricing");
    JsonNode markup = node.path("markup_percent");
    double percent = 0;
    if (!markup.isMissingNode() && !markup.isNull()) {
      if (!markup.isNumber() || markup.asDouble() < 0 || markup.asDouble() > 1000) {
        throw new ConfigException("pricing.markup_percent: must be a number from 0 to 1000");
      }
      percent = markup.asDouble();
    }
    List<JsonNode> deployments = new ArrayList<>();
    node.path("deployments").forEach(deployments::add);
    return new Pricing(percent, deployments);
  }

  private static AccessSettings.DeclaredKey key(
      JsonNode entry, String path, Map<String, String> env) {
    if (!entry.isObject()) {
      throw new ConfigException(path + ": must be a mapping");
    }
    ObjectNode copy = ((ObjectNode) entry).deepCopy();
    JsonNode secretNode = copy.remove("secret");
    JsonNode digestNode = copy.remove("sha256");
    KeySpec spec = guard(path, () -> KeyJson.read(copy, null, Set.of()));
    String secret =
        secretNode == null || secretNode.isNull()
            ? null
            : ConfigLoader.interpolate(secretNode.asText(), env, path + ".secret");
    String sha256 = digestNode == null || digestNode.isNull() ? null : digestNode.asText();
    if ((secret == null) == (sha256 == null)) {
      throw new ConfigException(
          path
              + ": give exactly one of 'secret' (e.g. ${MY_KEY}) and"
              + " 'sha256' (the hex SHA-256 of the secret)");
    }
    if (sha256 != null && !sha256.matches("[0-9a-f]{64}")) {
      throw new ConfigException(path + ".sha256: must be 64 lower-case hex digits");
    }
    if (secret != null && secret.length() < 16) {
      throw new ConfigException(path + ".secret: must be at least 16 characters");
    }
    return new AccessSettings.DeclaredKey(spec, secret, sha256);
  }

  private static <T> T guard(String path, java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (GatewayException e) {
      throw new ConfigException(
          path + (e.param() == null ? "" : "." + e.param()) + ": " + e.getMessage());
    }
  }

  private static long positive(JsonNode node, String field, long fallback, String path) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.canConvertToExactIntegral() || v.asLong() < 1) {
      throw new ConfigException(path + "." + field + ": must be a positive whole number");
    }
    return v.asLong();
  }

  private static void checkKeys(JsonNode node, Set<String> allowed, String path) {
    if (node.isMissingNode() || node.isNull()) {
      return;
    }
    if (!node.isObject()) {
      throw new ConfigException(path + ": must be a mapping");
    }
    node.fieldNames()
        .forEachRemaining(
            name -> {
              if (!allowed.contains(name)) {
                throw new ConfigException(
                    path
                        + "."
                        + name
                        + ": unknown setting (expected one of "
                        + String.join(", ", allowed.stream().sorted().toList())
                        + ")");
              }
            });
  }
}
