package switchboard.wire.responses;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.TreeSet;
import switchboard.pipeline.GatewayException;

/**
 * Type checks for inbound Responses bodies. Every failure is a 400 naming the full field path (e.g.
 * {@code input[2].content[0].image_url}), worded like OpenAI's own.
 */
final class Fields {

  private Fields() {}

  static boolean absent(JsonNode value) {
    return value == null || value.isNull() || value.isMissingNode();
  }

  static GatewayException missing(String path) {
    return GatewayException.invalid(path, "Missing required parameter: '" + path + "'.");
  }

  static GatewayException wrong(String path, String what) {
    return GatewayException.invalid(path, "'" + path + "' must be " + what + ".");
  }

  static String path(String parent, String field) {
    return parent.isEmpty() ? field : parent + "." + field;
  }

  /** A required string (non-empty when {@code nonEmpty}). */
  static String string(JsonNode node, String parent, String field, boolean nonEmpty) {
    String path = path(parent, field);
    JsonNode value = node.get(field);
    if (absent(value)) {
      throw missing(path);
    }
    if (!value.isTextual() || (nonEmpty && value.asText().isBlank())) {
      throw wrong(path, nonEmpty ? "a non-empty string" : "a string");
    }
    return value.asText();
  }

  /** An optional string; null when absent. */
  static String optionalString(JsonNode node, String parent, String field) {
    JsonNode value = node.get(field);
    if (absent(value)) {
      return null;
    }
    if (!value.isTextual()) {
      throw wrong(path(parent, field), "a string");
    }
    return value.asText();
  }

  /** An optional string out of {@code allowed}; null when absent. */
  static String optionalOneOf(JsonNode node, String parent, String field, Set<String> allowed) {
    String value = optionalString(node, parent, field);
    if (value != null && !allowed.contains(value)) {
      throw invalidValue(path(parent, field), value, allowed);
    }
    return value;
  }

  static GatewayException invalidValue(String path, String value, Set<String> allowed) {
    return GatewayException.invalid(
        path,
        "Invalid value for '"
            + path
            + "': '"
            + value
            + "'. Supported values are: "
            + String.join(", ", new TreeSet<>(allowed))
            + ".");
  }

  static boolean optionalBoolean(JsonNode node, String parent, String field, boolean otherwise) {
    JsonNode value = node.get(field);
    if (absent(value)) {
      return otherwise;
    }
    if (!value.isBoolean()) {
      throw wrong(path(parent, field), "a boolean");
    }
    return value.asBoolean();
  }

  /** An optional number; null when absent. */
  static JsonNode optionalNumber(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (absent(value)) {
      return null;
    }
    if (!value.isNumber()) {
      throw wrong(field, "a number");
    }
    return value;
  }

  /** An optional integer of at least {@code min}; null when absent. */
  static Long optionalInteger(JsonNode node, String field, long min) {
    JsonNode value = node.get(field);
    if (absent(value)) {
      return null;
    }
    if (!value.canConvertToExactIntegral() || value.asLong() < min) {
      throw wrong(field, min == 1 ? "a positive integer" : "an integer of at least " + min);
    }
    return value.asLong();
  }

  /** An optional object; null when absent. */
  static JsonNode optionalObject(JsonNode node, String parent, String field) {
    JsonNode value = node.get(field);
    if (absent(value)) {
      return null;
    }
    if (!value.isObject()) {
      throw wrong(path(parent, field), "an object");
    }
    return value;
  }
}
