package switchboard.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import switchboard.pipeline.GatewayException;

/**
 * Reads key settings from JSON (admin API bodies, config entries) and writes keys back. Every
 * invalid value is a 400 whose {@code param} names the field ({@code budget.limit_usd}).
 */
public final class KeyJson {

  static final Set<String> FIELDS =
      Set.of(
          "name",
          "owner",
          "expires_at",
          "models",
          "policies",
          "bound_policies",
          "options",
          "metadata",
          "budget",
          "rate_limits");
  private static final Set<String> BUDGET_FIELDS = Set.of("limit_usd", "period", "mode", "alerts");
  private static final Set<String> LIMIT_FIELDS = Set.of("rpm", "tpm");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private KeyJson() {}

  /**
   * Reads a spec: every field of {@code json} replaces the one of {@code base} (null: a new key,
   * {@code name} required); an explicit JSON null clears a field.
   */
  public static KeySpec read(JsonNode json, KeySpec base, Set<String> extraFields) {
    if (json == null || !json.isObject()) {
      throw GatewayException.invalid(null, "The body must be a JSON object.");
    }
    json.fieldNames()
        .forEachRemaining(
            f -> {
              if (!FIELDS.contains(f) && !extraFields.contains(f)) {
                throw GatewayException.invalid(
                    f,
                    "Unknown field '"
                        + f
                        + "'. Known fields: "
                        + String.join(", ", FIELDS.stream().sorted().toList())
                        + ".");
              }
            });
    String name = json.has("name") ? text(json, "name", true) : base == null ? null : base.name();
    if (name == null || name.isBlank() || name.length() > 100) {
      throw GatewayException.invalid(
          "name", "'name' must be a non-empty string of at most 100" + " characters.");
    }
    return new KeySpec(
        name,
        json.has("owner") ? text(json, "owner", false) : base == null ? null : base.owner(),
        json.has("expires_at")
            ? expires(json.get("expires_at"))
            : base == null ? null : base.expiresMs(),
        json.has("models") ? strings(json, "models") : base == null ? List.of() : base.models(),
        json.has("policies")
            ? strings(json, "policies")
            : base == null ? List.of() : base.policies(),
        json.has("bound_policies")
            ? strings(json, "bound_policies")
            : base == null ? List.of() : base.boundPolicies(),
        json.has("options")
            ? options(json.get("options"))
            : base == null ? NODES.objectNode() : base.options(),
        json.has("metadata")
            ? object(json.get("metadata"), "metadata")
            : base == null ? NODES.objectNode() : base.metadata(),
        json.has("budget")
            ? budget(json.get("budget"), "budget")
            : base == null ? null : base.budget(),
        json.has("rate_limits")
            ? limits(json.get("rate_limits"))
            : base == null ? null : base.limits());
  }

  /** Reads a budget object; {@code path} prefixes the field names in errors. Null clears. */
  public static Budget budget(JsonNode node, String path) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw GatewayException.invalid(path, "'" + path + "' must be an object.");
    }
    unknown(node, BUDGET_FIELDS, path);
    JsonNode limit = node.get("limit_usd");
    if (limit == null || !limit.isNumber() || !(limit.asDouble() > 0) || limit.asDouble() > 1e7) {
      throw GatewayException.invalid(
          path + ".limit_usd",
          "'" + path + ".limit_usd' must be a positive number of USD (at most 10,000,000).");
    }
    BudgetPeriod period = BudgetPeriod.MONTHLY;
    if (node.hasNonNull("period")) {
      period = BudgetPeriod.parse(node.get("period").asText());
      if (period == null || !node.get("period").isTextual()) {
        throw GatewayException.invalid(
            path + ".period", "'" + path + ".period' must be one of daily, weekly, monthly.");
      }
    }
    String mode = node.path("mode").asText("hard");
    if (!node.path("mode").isMissingNode()
        && !node.path("mode").isNull()
        && !(node.get("mode").isTextual() && (mode.equals("hard") || mode.equals("soft")))) {
      throw GatewayException.invalid(
          path + ".mode", "'" + path + ".mode' must be 'hard' or 'soft'.");
    }
    List<Integer> alerts =
        node.hasNonNull("alerts") ? percentages(node.get("alerts"), path + ".alerts") : null;
    return new Budget(limit.asDouble(), period, !mode.equals("soft"), alerts);
  }

  /** Reads alert percentages: integers 1..100, returned ascending without duplicates. */
  public static List<Integer> percentages(JsonNode node, String path) {
    if (!node.isArray()) {
      throw GatewayException.invalid(path, "'" + path + "' must be an array of percentages.");
    }
    java.util.TreeSet<Integer> out = new java.util.TreeSet<>();
    for (JsonNode p : node) {
      if (!p.canConvertToExactIntegral() || p.asInt() < 1 || p.asInt() > 100) {
        throw GatewayException.invalid(
            path, "'" + path + "' must hold whole percentages from 1" + " to 100.");
      }
      out.add(p.asInt());
    }
    return List.copyOf(out);
  }

  private static RateLimits limits(JsonNode node) {
    if (node == null || node.isNull()) {
      return RateLimits.NONE;
    }
    if (!node.isObject()) {
      throw GatewayException.invalid("rate_limits", "'rate_limits' must be an object.");
    }
    unknown(node, LIMIT_FIELDS, "rate_limits");
    return new RateLimits(count(node, "rpm"), count(node, "tpm"));
  }

  private static long count(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return 0;
    }
    if (!v.canConvertToExactIntegral() || v.asLong() < 0 || v.asLong() > 1_000_000_000_000L) {
      throw GatewayException.invalid(
          "rate_limits." + field,
          "'rate_limits." + field + "' must be a whole number, 0 (unlimited) or more.");
    }
    return v.asLong();
  }

  private static ObjectNode options(JsonNode node) {
    ObjectNode options = object(node, "options");
    JsonNode autoCache = options.get("auto_cache");
    if (autoCache != null && !autoCache.isNull() && !autoCache.isBoolean()) {
      throw GatewayException.invalid(
          "options.auto_cache", "'options.auto_cache' must be a boolean.");
    }
    KeyDefaults.keyRegions(options); // a 400 now rather than on every request
    return options;
  }

  private static ObjectNode object(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      return NODES.objectNode();
    }
    if (!node.isObject()) {
      throw GatewayException.invalid(field, "'" + field + "' must be an object.");
    }
    return ((ObjectNode) node).deepCopy();
  }

  private static Long expires(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.canConvertToExactIntegral()) {
      return node.asLong();
    }
    try {
      return Instant.parse(node.asText()).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw GatewayException.invalid(
          "expires_at",
          "'expires_at' must be an ISO-8601 instant such"
              + " as 2027-01-31T00:00:00Z, epoch milliseconds, or null.");
    }
  }

  private static String text(JsonNode json, String field, boolean required) {
    JsonNode v = json.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw GatewayException.invalid(field, "'" + field + "' is required.");
      }
      return null;
    }
    if (!v.isTextual()) {
      throw GatewayException.invalid(field, "'" + field + "' must be a string.");
    }
    return v.asText();
  }

  private static List<String> strings(JsonNode json, String field) {
    JsonNode v = json.get(field);
    if (v == null || v.isNull()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    if (v.isArray()) {
      for (JsonNode s : v) {
        if (!s.isTextual() || s.asText().isBlank()) {
          out = null;
          break;
        }
        out.add(s.asText());
      }
    }
    if (!v.isArray() || out == null) {
      throw GatewayException.invalid(field, "'" + field + "' must be an array of strings.");
    }
    return out;
  }

  private static void unknown(JsonNode node, Set<String> known, String path) {
    node.fieldNames()
        .forEachRemaining(
            f -> {
              if (!known.contains(f)) {
                throw GatewayException.invalid(
                    path + "." + f, "Unknown field '" + path + "." + f + "'.");
              }
            });
  }

  /** A key as the admin API shows it: never a secret or a hash. */
  public static ObjectNode write(GatewayKey key) {
    KeySpec s = key.spec();
    ObjectNode out = NODES.objectNode();
    out.put("id", key.id());
    out.put("name", s.name());
    out.put("prefix", key.prefix());
    out.put("owner", s.owner());
    out.put("source", key.fromConfig() ? "config" : "admin");
    out.put("status", key.revoked() ? "revoked" : "active");
    out.put("created_at", Instant.ofEpochMilli(key.createdMs()).toString());
    out.put("updated_at", Instant.ofEpochMilli(key.updatedMs()).toString());
    out.put(
        "expires_at",
        s.expiresMs() == null ? null : Instant.ofEpochMilli(s.expiresMs()).toString());
    out.put(
        "revoked_at",
        key.revokedMs() == null ? null : Instant.ofEpochMilli(key.revokedMs()).toString());
    s.models().forEach(out.putArray("models")::add);
    s.policies().forEach(out.putArray("policies")::add);
    s.boundPolicies().forEach(out.putArray("bound_policies")::add);
    out.set("options", s.options());
    out.set("metadata", s.metadata());
    out.set("budget", budget(s.budget()));
    ObjectNode limits = out.putObject("rate_limits");
    limits.put("rpm", s.limits().rpm());
    limits.put("tpm", s.limits().tpm());
    return out;
  }

  static JsonNode budget(Budget b) {
    if (b == null) {
      return NODES.nullNode();
    }
    ObjectNode out = NODES.objectNode();
    out.put("limit_usd", b.limitUsd());
    out.put("period", b.period().label());
    out.put("mode", b.hard() ? "hard" : "soft");
    if (b.alerts() == null) {
      out.putNull("alerts");
    } else {
      ArrayNode alerts = out.putArray("alerts");
      b.alerts().forEach(alerts::add);
    }
    return out;
  }

  /** The spec as stored (same fields as the admin API reads). */
  public static ObjectNode spec(KeySpec s) {
    ObjectNode out = NODES.objectNode();
    out.put("name", s.name());
    out.put("owner", s.owner());
    if (s.expiresMs() != null) {
      out.put("expires_at", s.expiresMs());
    }
    s.models().forEach(out.putArray("models")::add);
    s.policies().forEach(out.putArray("policies")::add);
    s.boundPolicies().forEach(out.putArray("bound_policies")::add);
    out.set("options", s.options());
    out.set("metadata", s.metadata());
    out.set("budget", budget(s.budget()));
    out.putObject("rate_limits").put("rpm", s.limits().rpm()).put("tpm", s.limits().tpm());
    return out;
  }
}
