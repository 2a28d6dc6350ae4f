package switchboard.wire.anthropic.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import switchboard.pipeline.GatewayException;

/**
 * Canonical {@code tools}, {@code tool_choice} and {@code parallel_tool_calls} as Anthropic's
 * (wire-formats §4.1), and the tool that carries a {@code json_schema} answer.
 */
final class AnthropicTools {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private AnthropicTools() {}

  /**
   * Function tools as {@code {name, description, input_schema, cache_control?}}; strict dropped.
   */
  static ArrayNode tools(JsonNode tools) {
    ArrayNode out = NODES.arrayNode();
    for (int i = 0; i < tools.size(); i++) {
      JsonNode tool = tools.get(i);
      String path = "tools[" + i + "]";
      String type = tool.path("type").asText("function");
      if (!type.equals("function")) {
        throw GatewayException.invalid(
            path + ".type",
            "Only function tools can be sent to Anthropic models, not '" + type + "'.");
      }
      JsonNode function = tool.path("function");
      String name = function.path("name").asText("");
      if (name.isEmpty()) {
        throw GatewayException.invalid(path + ".function.name", "A function tool needs a name.");
      }
      ObjectNode t = out.addObject();
      t.put("name", name);
      if (function.path("description").isTextual()) {
        t.put("description", function.get("description").asText());
      }
      t.set(
          "input_schema", objectSchema(function.get("parameters"), path + ".function.parameters"));
      JsonNode cache =
          tool.has("cache_control") ? tool.get("cache_control") : function.get("cache_control");
      if (cache != null && cache.isObject()) {
        t.set("cache_control", cache);
      }
    }
    return out;
  }

  /**
   * The Anthropic {@code tool_choice} for a canonical one; null when nothing needs saying. {@code
   * parallel_tool_calls: false} becomes {@code disable_parallel_tool_use: true} (on {@code auto}
   * when no choice was given).
   */
  static ObjectNode toolChoice(JsonNode choice, boolean parallelDisabled) {
    ObjectNode out = NODES.objectNode();
    if (choice == null || choice.isNull()) {
      if (!parallelDisabled) {
        return null;
      }
      out.put("type", "auto");
    } else if (choice.isTextual()) {
      switch (choice.asText()) {
        case "auto" -> out.put("type", "auto");
        case "required" -> out.put("type", "any");
        case "none" -> out.put("type", "none");
        default ->
            throw GatewayException.invalid(
                "tool_choice",
                "'tool_choice' must be 'auto', 'required', 'none' or a named function.");
      }
    } else if (choice.isObject()
        && "function".equals(choice.path("type").asText())
        && choice.path("function").path("name").isTextual()) {
      out.put("type", "tool").put("name", choice.path("function").path("name").asText());
    } else {
      throw GatewayException.invalid(
          "tool_choice",
          "This 'tool_choice' has no Anthropic "
              + "equivalent; use 'auto', 'required', 'none' or {\"type\":\"function\",…}.");
    }
    if (parallelDisabled && !"none".equals(out.path("type").asText())) {
      out.put("disable_parallel_tool_use", true);
    }
    return out;
  }

  /** The tool whose input is the answer to a {@code response_format: json_schema} request. */
  static ObjectNode jsonTool(JsonNode jsonSchema) {
    ObjectNode tool = NODES.objectNode();
    tool.put("name", AnthropicRequests.JSON_TOOL);
    String description = jsonSchema.path("description").asText("");
    tool.put(
        "description",
        description.isEmpty()
            ? "Give your final answer by calling this tool; its input is the answer, as JSON."
            : description);
    tool.set(
        "input_schema",
        objectSchema(jsonSchema.get("schema"), "response_format.json_schema.schema"));
    return tool;
  }

  /** Anthropic wants an object schema: absent is an empty object, any other type a 400. */
  private static ObjectNode objectSchema(JsonNode schema, String path) {
    if (schema == null || schema.isNull()) {
      ObjectNode empty = NODES.objectNode().put("type", "object");
      empty.putObject("properties");
      return empty;
    }
    if (!schema.isObject()) {
      throw GatewayException.invalid(path, "The schema must be a JSON object.");
    }
    JsonNode type = schema.get("type");
    if (type == null) {
      ObjectNode typed = NODES.objectNode().put("type", "object");
      typed.setAll((ObjectNode) schema);
      return typed;
    }
    if (!"object".equals(type.asText())) {
      throw GatewayException.invalid(
          path, "Anthropic models need an object schema (\"type\": \"object\") here.");
    }
    return (ObjectNode) schema;
  }
}
