package switchboard.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import switchboard.provider.ProviderConfig;
import switchboard.provider.compatible.Vendor;
import switchboard.provider.compatible.Vendors;
import switchboard.provider.simulated.SimSettings;
import switchboard.upstream.Timeouts;

/**
 * Builds the {@link GatewayConfig} from {@code switchboard.yaml} (optional) and the environment
 * (SPEC §2). Errors name the offending path, e.g. {@code providers.local.base_url}.
 */
public final class ConfigLoader {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
  private static final Set<String> TOP_LEVEL =
      Set.of(
          "providers",
          "sim",
          "catalog",
          "server",
          "upstream",
          "policies",
          "health",
          "keys",
          "teams",
          "alerts",
          "budgets",
          "pricing",
          "settings");
  private static final Set<String> PROVIDER_FIELDS =
      union(
          Set.of("vendor", "api_key", "base_url", "api_version", "models", "headers", "enabled"),
          NativeProviders.FIELDS);
  private static final Set<String> SIM_FIELDS =
      Set.of("enabled", "latency_ms", "tokens_per_second", "failure_rate");

  private ConfigLoader() {}

  public static GatewayConfig load(Path file, Map<String, String> env, long maxBodyBytes)
      throws IOException {
    JsonNode root = file == null ? YAML.createObjectNode() : YAML.readTree(file.toFile());
    if (root == null || root.isMissingNode() || root.isNull()) {
      root = YAML.createObjectNode();
    }
    if (!root.isObject()) {
      throw new ConfigException("config: the document must be a mapping");
    }
    checkKeys(root, TOP_LEVEL, "");
    checkKeys(root.path("sim"), SIM_FIELDS, "sim.");
    checkKeys(root.path("server"), Set.of("max_body_bytes"), "server.");
    checkKeys(root.path("catalog"), Set.of("models"), "catalog.");
    checkKeys(
        root.path("upstream"),
        Set.of(
            "connect_timeout_ms", "first_token_timeout_ms", "idle_timeout_ms", "total_timeout_ms"),
        "upstream.");
    Map<String, ProviderConfig> providers = new LinkedHashMap<>();
    fromEnvironment(env).forEach(p -> providers.put(p.id(), p));
    JsonNode section = root.path("providers");
    for (Iterator<Map.Entry<String, JsonNode>> it = section.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      JsonNode enabled = entry.getValue().path("enabled");
      if (!enabled.isMissingNode() && !enabled.isBoolean()) {
        throw new ConfigException(
            "providers." + entry.getKey() + ".enabled: must be true or false");
      }
      if (!enabled.asBoolean(true)) {
        providers.remove(entry.getKey()); // switched off here, even when the environment enables it
        continue;
      }
      JsonNode spec = entry.getValue();
      if (spec instanceof ObjectNode object && object.has("enabled")) {
        spec = object.deepCopy().without("enabled");
      }
      providers.put(entry.getKey(), provider(entry.getKey(), spec, env));
    }
    boolean demo = providers.isEmpty();
    SimSettings sim =
        sim(root.path("sim"), env).withEnabled(demo || sim(root.path("sim"), env).enabled());
    List<JsonNode> catalog = new ArrayList<>();
    root.path("catalog").path("models").forEach(catalog::add);
    long limit = root.path("server").path("max_body_bytes").asLong(maxBodyBytes);
    if (limit <= 0) {
      throw new ConfigException("server.max_body_bytes: must be a positive number of bytes");
    }
    return new GatewayConfig(
        List.copyOf(providers.values()),
        sim,
        catalog,
        limit,
        timeouts(root.path("upstream")),
        demo,
        RoutingConfig.policies(root.path("policies")),
        RoutingConfig.health(root.path("health")),
        AccessConfig.access(root, env),
        AccessConfig.pricing(root),
        settings(root.path("settings"), env),
        root.deepCopy());
  }

  /** Providers enabled by {@code <NAME>_API_KEY}, with {@code <NAME>_BASE_URL} overrides. */
  static List<ProviderConfig> fromEnvironment(Map<String, String> env) {
    List<ProviderConfig> out = new ArrayList<>(NativeProviders.fromEnvironment(env));
    for (Vendor vendor : Vendors.ALL) {
      if (vendor.envPrefix() == null) {
        continue;
      }
      String key = env.get(vendor.envPrefix() + "_API_KEY");
      if (key == null || key.isBlank()) {
        continue;
      }
      String base = env.get(vendor.envPrefix() + "_BASE_URL");
      String apiVersion = null;
      if (vendor.id().equals("azure")) {
        base = env.getOrDefault("AZURE_OPENAI_ENDPOINT", base);
        apiVersion = env.get("AZURE_OPENAI_API_VERSION");
        if (base == null || base.isBlank()) {
          throw new ConfigException("AZURE_OPENAI_API_KEY is set but AZURE_OPENAI_ENDPOINT is not");
        }
      }
      out.add(
          new ProviderConfig(
              vendor.id(),
              vendor.id(),
              key.trim(),
              base == null || base.isBlank() ? null : base.trim(),
              apiVersion,
              List.of(),
              Map.of()));
    }
    return out;
  }

  /** One {@code providers.<id>} entry, validated; the admin API validates its entries here too. */
  static ProviderConfig provider(String id, JsonNode node, Map<String, String> env) {
    String path = "providers." + id;
    if (!id.matches("[a-z0-9][a-z0-9_.-]*")) {
      throw new ConfigException(
          path + ": provider ids are lower-case letters, digits, '-', '_', '.'");
    }
    if (id.equals("policy") || id.equals("sim") || id.matches("sim-(anthropic|google|bedrock)")) {
      throw new ConfigException(path + ": '" + id + "' is reserved");
    }
    if (!node.isObject()) {
      throw new ConfigException(path + ": must be a mapping");
    }
    checkKeys(node, PROVIDER_FIELDS, path + ".");
    String vendorId = text(node, "vendor", env, path);
    if (vendorId == null) {
      vendorId =
          Vendors.find(id).isPresent() || NativeProviders.VENDORS.contains(id) ? id : "custom";
    }
    boolean nativeVendor = NativeProviders.VENDORS.contains(vendorId);
    String finalVendor = vendorId;
    Vendor vendor =
        nativeVendor
            ? null
            : Vendors.find(vendorId)
                .filter(v -> !v.id().equals("sim"))
                .orElseThrow(
                    () ->
                        new ConfigException(
                            path + ".vendor: unknown vendor '" + finalVendor + "'"));
    String base = text(node, "base_url", env, path);
    if (base == null && vendor != null && vendor.defaultBaseUrl() == null) {
      throw new ConfigException(path + ".base_url: required for vendor '" + vendor.id() + "'");
    }
    if (base != null && !base.matches("https?://.+")) {
      throw new ConfigException(path + ".base_url: must start with http:// or https://");
    }
    List<String> models = new ArrayList<>();
    node.path("models").forEach(m -> models.add(interpolate(m.asText(), env, path + ".models")));
    Map<String, String> headers = new LinkedHashMap<>();
    node.path("headers")
        .fields()
        .forEachRemaining(
            h ->
                headers.put(
                    h.getKey(), interpolate(h.getValue().asText(), env, path + ".headers")));
    Map<String, String> nativeFields = new LinkedHashMap<>();
    for (String field : NativeProviders.FIELDS) {
      String value = text(node, field, env, path);
      if (value != null) {
        nativeFields.put(field, value);
      }
    }
    ProviderConfig config =
        new ProviderConfig(
            id,
            vendorId,
            text(node, "api_key", env, path),
            base,
            text(node, "api_version", env, path),
            models,
            headers);
    return NativeProviders.complete(config, nativeFields, path);
  }

  /** The {@code settings:} section with its {@code ${VAR}}s resolved, checked now. */
  private static JsonNode settings(JsonNode section, Map<String, String> env) {
    JsonNode resolved = resolve(section, env, "settings");
    try {
      var unused = SettingsJson.read(resolved); // checked only: a bad section stops the start
    } catch (switchboard.pipeline.GatewayException e) {
      throw new ConfigException("settings." + e.getMessage());
    }
    return resolved;
  }

  private static JsonNode resolve(JsonNode node, Map<String, String> env, String path) {
    if (node.isTextual()) {
      return YAML.getNodeFactory().textNode(interpolate(node.asText(), env, path));
    }
    if (node.isContainerNode()) {
      JsonNode copy = node.deepCopy();
      if (copy instanceof ObjectNode o) {
        node.fields()
            .forEachRemaining(
                e -> o.set(e.getKey(), resolve(e.getValue(), env, path + "." + e.getKey())));
      } else {
        com.fasterxml.jackson.databind.node.ArrayNode a =
            (com.fasterxml.jackson.databind.node.ArrayNode) copy;
        for (int i = 0; i < a.size(); i++) {
          a.set(i, resolve(node.get(i), env, path + "[" + i + "]"));
        }
      }
      return copy;
    }
    return node;
  }

  /** Default upstream timeouts; policies may set their own per target. */
  private static Timeouts timeouts(JsonNode node) {
    Timeouts d = Timeouts.DEFAULT;
    return new Timeouts(
        millis(node, "connect_timeout_ms", d.connect()),
        millis(node, "first_token_timeout_ms", d.firstToken()),
        millis(node, "idle_timeout_ms", d.idle()),
        millis(node, "total_timeout_ms", d.total()));
  }

  private static Duration millis(JsonNode node, String field, Duration fallback) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.canConvertToExactIntegral() || value.asLong() <= 0) {
      throw new ConfigException(
          "upstream." + field + ": must be a positive number of milliseconds");
    }
    return Duration.ofMillis(value.asLong());
  }

  private static SimSettings sim(JsonNode node, Map<String, String> env) {
    SimSettings d = SimSettings.DEFAULT;
    boolean enabled =
        node.path("enabled")
            .asBoolean(
                "1".equals(env.get("SWITCHBOARD_SIM"))
                    || "true".equals(env.get("SWITCHBOARD_SIM")));
    double failureRate = node.path("failure_rate").asDouble(d.failureRate());
    if (failureRate < 0 || failureRate > 1) {
      throw new ConfigException("sim.failure_rate: must be between 0 and 1");
    }
    return new SimSettings(
        enabled,
        node.path("latency_ms").asLong(d.firstTokenMillis()),
        node.path("tokens_per_second").asDouble(d.tokensPerSecond()),
        failureRate);
  }

  private static String text(JsonNode node, String field, Map<String, String> env, String path) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isValueNode()) {
      throw new ConfigException(path + "." + field + ": must be a string");
    }
    return interpolate(value.asText(), env, path + "." + field);
  }

  /** Replaces {@code ${VAR}} with the environment's value, so secrets stay out of the file. */
  static String interpolate(String value, Map<String, String> env, String path) {
    Matcher m = ENV_REF.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String resolved = env.get(m.group(1));
      if (resolved == null) {
        throw new ConfigException(path + ": environment variable " + m.group(1) + " is not set");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(resolved));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new java.util.HashSet<>(a);
    out.addAll(b);
    return Set.copyOf(out);
  }

  private static void checkKeys(JsonNode node, Set<String> allowed, String prefix) {
    node.fieldNames()
        .forEachRemaining(
            name -> {
              if (!allowed.contains(name)) {
                throw new ConfigException(
                    prefix
                        + name
                        + ": unknown setting (expected one of "
                        + String.join(", ", allowed.stream().sorted().toList())
                        + ")");
              }
            });
  }
}
