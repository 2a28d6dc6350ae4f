package switchboard.wire.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import switchboard.pipeline.GatewayException;

/**
 * Type checks for inbound Anthropic bodies. Every failure is a 400 naming the full field path (e.g.
 * {@code messages[1].content[0].source.media_type}), worded like the OpenAI endpoint's.
 */
public final class Fields {

  private Fields() {}

  public static boolean absent(JsonNode value) {
    return value == null || value.isNull() || value.isMissingNode();
  }

  public static GatewayException missing(String path) {
    return GatewayException.invalid(path, "Missing required parameter: '" + path + "'.");
  }

  public static GatewayException wrong(String path, String what) {
    return GatewayException.invalid(path, "'" + path + "' must be " + what + ".");
  }

  public static String path(String parent, String field) {
    return parent.isEmpty() ? field : parent + "." + field;
  }

  /** A required string (possibly empty unless {@code nonEmpty}). */
  public static String string(JsonNode node, String parent, String field, boolean nonEmpty) {
    String path = path(parent, field);
    JsonNode value = node.get(field);
    if (absent(value)) {
      throw missing(path);
    }
    if (!value.isTextual() || (nonEmpty && value.asText().isEmpty())) {
      throw wrong(path, nonEmpty ? "a non-empty string" : "a string");
    }
    return value.asText();
  }

  /** An optional string; null when absent. */
  public static String optionalString(JsonNode node, String parent, String field) {
    JsonNode value = node.get(field);
    if (absent(value)) {
      return null;
    }
    if (!value.isTextual()) {
      throw wrong(path(parent, field), "a string");
    }
    return value.asText();
  }

  /** A required string out of {@code allowed}. */
  public static String oneOf(JsonNode node, String parent, String field, Set<String> allowed) {
    String value = string(node, parent, field, false);
    if (!allowed.contains(value)) {
      String path = path(parent, field);
      throw GatewayException.invalid(
          path,
          "Invalid value for '"
              + path
              + "': '"
              + value
              + "'. Supported values are: "
              + String.join(", ", allowed.stream().sorted().toList())
              + ".");
    }
    return value;
  }

  public static boolean optionalBoolean(JsonNode node, String parent, String field) {
    JsonNode value = node.get(field);
    if (absent(value)) {
      return false;
    }
    if (!value.isBoolean()) {
      throw wrong(path(parent, field), "a boolean");
    }
    return value.asBoolean();
  }

  /** An optional integer ≥ 1; null when absent. */
  public static Long positiveInteger(JsonNode node, String parent, String field) {
    JsonNode value = node.get(field);
    if (absent(value)) {
      return null;
    }
    if (!(value.isNumber() && value.canConvertToExactIntegral() && value.asLong() >= 1)) {
      throw wrong(path(parent, field), "a positive integer");
    }
    return value.asLong();
  }

  public static void optionalNumber(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (!absent(value) && !value.isNumber()) {
      throw wrong(field, "a number");
    }
  }

  /** A required object. */
  public static JsonNode object(JsonNode node, String parent, String field) {
    String path = path(parent, field);
    JsonNode value = node.get(field);
    if (absent(value)) {
      throw missing(path);
    }
    if (!value.isObject()) {
      throw wrong(path, "an object");
    }
    return value;
  }

  /**
   * An optional {@code cache_control}: kept untouched for Anthropic upstreams, meaningless (and
   * dropped) for the others, but checked so a typo fails the same way wherever it is routed.
   */
  public static void cacheControl(JsonNode node, String parent) {
    JsonNode value = node.get("cache_control");
    if (absent(value)) {
      return;
    }
    String path = path(parent, "cache_control");
    if (!value.isObject()) {
      throw wrong(path, "an object");
    }
    oneOf(value, path, "type", Set.of("ephemeral"));
    if (!absent(value.get("ttl"))) {
      oneOf(value, path, "ttl", Set.of("5m", "1h"));
    }
  }
}
