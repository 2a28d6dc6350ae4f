package switchboard.wire.anthropic.upstream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import switchboard.pipeline.GatewayException;

/**
 * Canonical {@code messages} as Anthropic {@code system} blocks and turns (wire-formats §4.1).
 * System and developer messages are hoisted into {@code system} in order, wherever they stand
 * (Anthropic has no slot for them mid-conversation). Tool messages become {@code tool_result}
 * blocks in a user turn; consecutive turns of the same role are merged into one, and in a merged
 * user turn the tool results come first, as Anthropic requires.
 */
final class AnthropicMessages {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Strict: client text with trailing tokens after a JSON value is not that value. */
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** The translation: {@code system} text blocks (possibly empty) and the Anthropic turns. */
  record Translated(ArrayNode system, ArrayNode turns) {}

  private AnthropicMessages() {}

  static Translated translate(JsonNode messages) {
    ArrayNode system = NODES.arrayNode();
    ArrayNode turns = NODES.arrayNode();
    if (messages == null || !messages.isArray()) {
      throw GatewayException.invalid("messages", "'messages' must be a non-empty array.");
    }
    String role = null;
    ArrayNode blocks = null;
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      String path = "messages[" + i + "]";
      String messageRole = message.path("role").asText("");
      ArrayNode translated = NODES.arrayNode();
      String turnRole;
      switch (messageRole) {
        case "system", "developer" -> {
          systemText(message.get("content"), path, system);
          continue;
        }
        case "user" -> {
          AnthropicContent.userParts(message.get("content"), path, translated);
          if (translated.isEmpty()) {
            throw GatewayException.invalid(
                path + ".content", "Anthropic models do not accept an empty user message.");
          }
          turnRole = "user";
        }
        case "assistant" -> {
          assistant(message, path, translated);
          if (translated.isEmpty()) {
            continue; // an empty assistant turn carries nothing and Anthropic rejects it
          }
          turnRole = "assistant";
        }
        case "tool" -> {
          translated.add(toolResult(message, path));
          turnRole = "user";
        }
        case "function" ->
            throw GatewayException.invalid(
                path + ".role",
                "'function' messages are not supported for Anthropic models; use tool messages.");
        default ->
            throw GatewayException.invalid(
                path + ".role", "Unsupported role '" + messageRole + "'.");
      }
      JsonNode cache = message.get("cache_control");
      if (cache != null && cache.isObject()) {
        ObjectNode last = (ObjectNode) translated.get(translated.size() - 1);
        if (!last.has("cache_control")) {
          last.set("cache_control", cache);
        }
      }
      if (!turnRole.equals(role)) {
        close(role, blocks, turns);
        role = turnRole;
        blocks = NODES.arrayNode();
      }
      blocks.addAll(translated);
    }
    close(role, blocks, turns);
    return new Translated(system, turns);
  }

  private static void close(String role, ArrayNode blocks, ArrayNode turns) {
    if (role == null) {
      return;
    }
    ArrayNode ordered = blocks;
    if (role.equals("user")) {
      // tool_result blocks must open the user turn; everything else follows in its own order
      ordered = NODES.arrayNode();
      for (JsonNode b : blocks) {
        if ("tool_result".equals(b.path("type").asText())) {
          ordered.add(b);
        }
      }
      for (JsonNode b : blocks) {
        if (!"tool_result".equals(b.path("type").asText())) {
          ordered.add(b);
        }
      }
    }
    ObjectNode turn = turns.addObject();
    turn.put("role", role);
    turn.set("content", ordered);
  }

  private static void systemText(JsonNode content, String path, ArrayNode system) {
    if (content == null || content.isNull()) {
      return;
    }
    if (content.isTextual()) {
      if (!content.asText().isEmpty()) {
        system.addObject().put("type", "text").put("text", content.asText());
      }
      return;
    }
    if (!content.isArray()) {
      throw GatewayException.invalid(path + ".content", "'content' must be a string or an array.");
    }
    for (int j = 0; j < content.size(); j++) {
      JsonNode part = content.get(j);
      if (!"text".equals(part.path("type").asText())) {
        throw GatewayException.invalid(
            path + ".content[" + j + "].type",
            "System and developer messages may only hold text parts.");
      }
      String text = part.path("text").asText("");
      if (!text.isEmpty()) {
        ObjectNode block = system.addObject().put("type", "text").put("text", text);
        AnthropicContent.copyCache(part, block);
      }
    }
  }

  private static void assistant(JsonNode message, String path, ArrayNode out) {
    JsonNode content = message.get("content");
    if (content != null && content.isTextual()) {
      if (!content.asText().isEmpty()) {
        out.addObject().put("type", "text").put("text", content.asText());
      }
    } else if (content != null && content.isArray()) {
      for (int j = 0; j < content.size(); j++) {
        JsonNode part = content.get(j);
        String type = part.path("type").asText();
        String text =
            type.equals("refusal") ? part.path("refusal").asText("") : part.path("text").asText("");
        if (!type.equals("text") && !type.equals("refusal")) {
          throw GatewayException.invalid(
              path + ".content[" + j + "].type",
              "Assistant messages may only hold text and refusal parts.");
        }
        if (!text.isEmpty()) {
          AnthropicContent.copyCache(part, out.addObject().put("type", "text").put("text", text));
        }
      }
    }
    // reasoning_content is not sent back: Anthropic needs the signed thinking block, which the
    // canonical shape does not keep.
    JsonNode calls = message.get("tool_calls");
    if (calls == null || !calls.isArray()) {
      return;
    }
    for (int j = 0; j < calls.size(); j++) {
      JsonNode call = calls.get(j);
      String callPath = path + ".tool_calls[" + j + "]";
      ObjectNode use = out.addObject();
      use.put("type", "tool_use");
      use.put("id", call.path("id").asText(""));
      use.put("name", call.path("function").path("name").asText(""));
      use.set("input", arguments(call.path("function").get("arguments"), callPath));
    }
  }

  private static JsonNode arguments(JsonNode arguments, String path) {
    if (arguments == null
        || arguments.isNull()
        || arguments.isTextual() && arguments.asText().isBlank()) {
      return NODES.objectNode();
    }
    JsonNode parsed;
    try {
      parsed = arguments.isTextual() ? JSON.readTree(arguments.asText()) : arguments;
    } catch (Exception e) {
      throw GatewayException.invalid(
          path + ".function.arguments",
          "The tool call arguments are not valid JSON; Anthropic models need a JSON object.");
    }
    if (parsed == null || !parsed.isObject()) {
      throw GatewayException.invalid(
          path + ".function.arguments",
          "The tool call arguments must be a JSON object for Anthropic models.");
    }
    return parsed;
  }

  private static ObjectNode toolResult(JsonNode message, String path) {
    ObjectNode result = NODES.objectNode();
    result.put("type", "tool_result");
    JsonNode id = message.get("tool_call_id");
    if (id == null || !id.isTextual() || id.asText().isEmpty()) {
      throw GatewayException.invalid(
          path + ".tool_call_id", "Tool messages need a 'tool_call_id'.");
    }
    result.put("tool_use_id", id.asText());
    JsonNode content = message.get("content");
    String text;
    if (content == null || content.isNull()) {
      text = "";
    } else if (content.isTextual()) {
      text = content.asText();
    } else if (content.isArray()) {
      StringBuilder joined = new StringBuilder();
      for (JsonNode part : content) {
        joined.append(part.path("text").asText(""));
      }
      text = joined.toString();
    } else {
      throw GatewayException.invalid(path + ".content", "'content' must be a string or an array.");
    }
    if (!text.isEmpty()) {
      result.put("content", text);
    }
    return result;
  }
}
