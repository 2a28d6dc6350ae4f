package switchboard.wire.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import switchboard.pipeline.GatewayException;
import switchboard.pipeline.GatewayOptions;

/**
 * Reads and validates inbound OpenAI bodies: 400 naming the field for anything malformed, before
 * any provider is called. Validation covers structure and types; value ranges a provider enforces
 * differently are left to it.
 */
public final class RequestReader {

  private static final Set<String> ROLES =
      Set.of("system", "developer", "user", "assistant", "tool", "function");
  private static final int MAX_FALLBACKS = 10;

  private RequestReader() {}

  /**
   * Parses a JSON object body strictly ({@link JsonBody}: UTF-8, one object, valid Unicode); 400 in
   * the gateway's own words for anything else.
   */
  public static ObjectNode object(Buffer body) {
    if (body == null || body.length() == 0) {
      throw GatewayException.invalid(null, "The request body is empty; expected a JSON object.");
    }
    return JsonBody.parse(body.getBytes());
  }

  public static InboundRequest chat(ObjectNode body) {
    Extensions ext = Extensions.take(body);
    String model = requiredString(body, "model");
    JsonNode messages = body.get("messages");
    if (messages == null || messages.isNull()) {
      throw GatewayException.invalid("messages", "Missing required parameter: 'messages'.");
    }
    if (!messages.isArray() || messages.isEmpty()) {
      throw GatewayException.invalid("messages", "'messages' must be a non-empty array.");
    }
    for (int i = 0; i < messages.size(); i++) {
      message(messages.get(i), "messages[" + i + "]");
    }
    boolean stream = optionalBoolean(body, "stream");
    JsonNode options = body.get("stream_options");
    boolean includeUsage = false;
    if (options != null && !options.isNull()) {
      if (!options.isObject()) {
        throw GatewayException.invalid("stream_options", "'stream_options' must be an object.");
      }
      includeUsage = optionalBoolean((ObjectNode) options, "include_usage", "stream_options.");
    }
    positiveInteger(body, "max_tokens");
    positiveInteger(body, "max_completion_tokens");
    positiveInteger(body, "n");
    number(body, "temperature");
    number(body, "top_p");
    number(body, "frequency_penalty");
    number(body, "presence_penalty");
    JsonNode tools = body.get("tools");
    if (tools != null && !tools.isNull() && !tools.isArray()) {
      throw GatewayException.invalid("tools", "'tools' must be an array.");
    }
    JsonNode stop = body.get("stop");
    if (stop != null && !stop.isNull() && !stop.isTextual() && !stop.isArray()) {
      throw GatewayException.invalid("stop", "'stop' must be a string or an array of strings.");
    }
    return new InboundRequest(body, model, ext.fallbacks(), stream, includeUsage, ext.options());
  }

  public static InboundRequest embeddings(ObjectNode body) {
    Extensions ext = Extensions.take(body);
    String model = requiredString(body, "model");
    JsonNode input = body.get("input");
    if (input == null || input.isNull()) {
      throw GatewayException.invalid("input", "Missing required parameter: 'input'.");
    }
    boolean valid =
        (input.isTextual() && !input.asText().isEmpty()) || (input.isArray() && !input.isEmpty());
    if (valid && input.isArray()) {
      for (JsonNode item : input) {
        valid &= (item.isTextual() && !item.asText().isEmpty()) || item.isInt() || item.isArray();
      }
    }
    if (!valid) {
      throw GatewayException.invalid(
          "input",
          "'input' must be a non-empty string, or a non-empty array of strings or token arrays.");
    }
    JsonNode format = body.get("encoding_format");
    if (format != null
        && !format.isNull()
        && !(format.isTextual() && Set.of("float", "base64").contains(format.asText()))) {
      throw GatewayException.invalid(
          "encoding_format", "'encoding_format' must be 'float' or 'base64'.");
    }
    positiveInteger(body, "dimensions");
    return new InboundRequest(body, model, ext.fallbacks(), false, false, ext.options());
  }

  private static void message(JsonNode message, String path) {
    if (!message.isObject()) {
      throw GatewayException.invalid(path, "'" + path + "' must be an object.");
    }
    JsonNode role = message.get("role");
    if (role == null || !role.isTextual()) {
      throw GatewayException.invalid(
          path + ".role", "Missing required parameter: '" + path + ".role'.");
    }
    if (!ROLES.contains(role.asText())) {
      throw GatewayException.invalid(
          path + ".role",
          "Invalid value for '"
              + path
              + ".role': '"
              + role.asText()
              + "'. Supported values are: "
              + String.join(", ", ROLES.stream().sorted().toList())
              + ".");
    }
    JsonNode content = message.get("content");
    boolean assistant = role.asText().equals("assistant");
    if (content == null || content.isNull()) {
      if (!assistant) {
        throw GatewayException.invalid(
            path + ".content", "Missing required parameter: '" + path + ".content'.");
      }
    } else if (!content.isTextual() && !content.isArray()) {
      throw GatewayException.invalid(
          path + ".content",
          "'" + path + ".content' must be a string or an array of content parts.");
    }
    if (role.asText().equals("tool") && !message.path("tool_call_id").isTextual()) {
      throw GatewayException.invalid(
          path + ".tool_call_id", "Missing required parameter: '" + path + ".tool_call_id'.");
    }
  }

  private static String requiredString(ObjectNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      throw GatewayException.invalid(field, "Missing required parameter: '" + field + "'.");
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw GatewayException.invalid(field, "'" + field + "' must be a non-empty string.");
    }
    return value.asText();
  }

  private static boolean optionalBoolean(ObjectNode body, String field) {
    return optionalBoolean(body, field, "");
  }

  private static boolean optionalBoolean(ObjectNode body, String field, String prefix) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw GatewayException.invalid(prefix + field, "'" + prefix + field + "' must be a boolean.");
    }
    return value.asBoolean();
  }

  private static void positiveInteger(ObjectNode body, String field) {
    JsonNode value = body.get(field);
    if (value != null
        && !value.isNull()
        && !(value.canConvertToExactIntegral() && value.asLong() >= 1)) {
      throw GatewayException.invalid(field, "'" + field + "' must be a positive integer.");
    }
  }

  private static void number(ObjectNode body, String field) {
    JsonNode value = body.get(field);
    if (value != null && !value.isNull() && !value.isNumber()) {
      throw GatewayException.invalid(field, "'" + field + "' must be a number.");
    }
  }

  /**
   * The gateway's own body fields ({@code models}, {@code switchboard}, alias {@code requesty}),
   * removed from the body (never forwarded). Public so every inbound dialect strips them alike.
   */
  public record Extensions(List<String> fallbacks, GatewayOptions options) {

    /**
     * Gateway options given elsewhere than a request (a policy's {@code options}), checked as a
     * request's {@code switchboard} object is; 400 naming the field under {@code path}.
     */
    public static GatewayOptions of(JsonNode node, String path) {
      return options(node, path);
    }

    /** Removes the extensions from {@code body} and validates them; 400 naming the field. */
    public static Extensions take(ObjectNode body) {
      JsonNode models = body.remove("models");
      List<String> fallbacks = new ArrayList<>();
      if (models != null && !models.isNull()) {
        if (!models.isArray() || models.size() > MAX_FALLBACKS) {
          throw GatewayException.invalid(
              "models", "'models' must be an array of at most " + MAX_FALLBACKS + " model names.");
        }
        for (JsonNode m : models) {
          if (!m.isTextual() || m.asText().isBlank()) {
            throw GatewayException.invalid(
                "models", "'models' must contain model names (strings).");
          }
          fallbacks.add(m.asText());
        }
      }
      JsonNode own = body.remove("switchboard");
      JsonNode alias = body.remove("requesty");
      JsonNode options = own != null && !own.isNull() ? own : alias;
      String name = own != null && !own.isNull() ? "switchboard" : "requesty";
      return new Extensions(fallbacks, options(options, name));
    }

    private static GatewayOptions options(JsonNode node, String name) {
      if (node == null || node.isNull()) {
        return GatewayOptions.NONE;
      }
      if (!node.isObject()) {
        throw GatewayException.invalid(name, "'" + name + "' must be an object.");
      }
      JsonNode autoCache = node.get("auto_cache");
      if (autoCache != null && !autoCache.isNull() && !autoCache.isBoolean()) {
        throw GatewayException.invalid(
            name + ".auto_cache", "'" + name + ".auto_cache' must be a boolean.");
      }
      List<String> tags = new ArrayList<>();
      JsonNode tagNode = node.get("tags");
      if (tagNode != null && !tagNode.isNull()) {
        if (!tagNode.isArray()) {
          throw GatewayException.invalid(
              name + ".tags", "'" + name + ".tags' must be an array of strings.");
        }
        for (JsonNode t : tagNode) {
          if (!t.isTextual()) {
            throw GatewayException.invalid(
                name + ".tags", "'" + name + ".tags' must be an array of strings.");
          }
          tags.add(t.asText());
        }
      }
      return new GatewayOptions(
          autoCache == null || autoCache.isNull() ? null : autoCache.asBoolean(),
          node.get("cache"),
          List.copyOf(tags),
          text(node, "user_id", name),
          text(node, "trace_id", name),
          node.get("extra"),
          guardrails(node.get("guardrails"), name),
          switchboard.pipeline.Regions.parse(node.get("regions"), name + ".regions"));
    }

    /** {@code {"pii": "off|redact|mask|block", "injection": "off|flag|block"}}, both optional. */
    private static JsonNode guardrails(JsonNode node, String name) {
      if (node == null || node.isNull()) {
        return null;
      }
      String field = name + ".guardrails";
      if (!node.isObject()) {
        throw GatewayException.invalid(field, "'" + field + "' must be an object.");
      }
      var names = node.fieldNames();
      while (names.hasNext()) {
        String check = names.next();
        List<String> modes =
            switch (check) {
              case "pii" -> List.of("off", "redact", "mask", "block");
              case "injection" -> List.of("off", "flag", "block");
              default ->
                  throw GatewayException.invalid(
                      field + "." + check,
                      "'" + field + "' knows 'pii' and 'injection', not '" + check + "'.");
            };
        JsonNode mode = node.get(check);
        if (!mode.isTextual() || !modes.contains(mode.asText())) {
          throw GatewayException.invalid(
              field + "." + check,
              "'" + field + "." + check + "' must be one of " + String.join(", ", modes) + ".");
        }
      }
      return node;
    }

    private static String text(JsonNode node, String field, String name) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isTextual()) {
        throw GatewayException.invalid(
            name + "." + field, "'" + name + "." + field + "' must be a string.");
      }
      return value.asText();
    }
  }
}
