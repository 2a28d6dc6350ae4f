package switchboard.wire.anthropic.inbound;

import static switchboard.wire.anthropic.Fields.absent;
import static switchboard.wire.anthropic.Fields.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import switchboard.pipeline.GatewayException;
import switchboard.wire.anthropic.Fields;

/**
 * Validates the Anthropic {@code messages} turns and translates each into canonical OpenAI messages
 * (wire-formats §4.3): user blocks become content parts, {@code tool_result} blocks become {@code
 * tool} messages placed before the rest of their turn, assistant {@code tool_use} blocks become
 * {@code tool_calls}, thinking blocks are dropped (no canonical slot).
 */
final class Turns {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> ROLES = Set.of("user", "assistant");

  /** Block types the API knows that only an Anthropic model can take (server tools, search). */
  private static final Set<String> ANTHROPIC_ONLY =
      Set.of(
          "search_result",
          "server_tool_use",
          "web_search_tool_result",
          "web_fetch_tool_result",
          "code_execution_tool_result",
          "bash_code_execution_tool_result",
          "text_editor_code_execution_tool_result",
          "mcp_tool_use",
          "mcp_tool_result",
          "container_upload",
          "tool_search_tool_result",
          "tool_reference");

  private static final Set<String> USER_TYPES = Set.of("text", "image", "document", "tool_result");
  private static final Set<String> ASSISTANT_TYPES =
      Set.of("text", "tool_use", "thinking", "redacted_thinking");

  private Turns() {}

  /**
   * Validates {@code messages[i]} at {@code path} and appends its canonical messages to {@code
   * out}.
   */
  static void translate(JsonNode message, String path, ArrayNode out, Gaps gaps) {
    if (!message.isObject()) {
      throw Fields.wrong(path, "an object");
    }
    String role = Fields.oneOf(message, path, "role", ROLES);
    String contentPath = path + ".content";
    JsonNode content = message.get("content");
    if (absent(content)) {
      throw Fields.missing(contentPath);
    }
    if (content.isTextual()) {
      out.addObject().put("role", role).put("content", content.asText());
      return;
    }
    if (!content.isArray()) {
      throw Fields.wrong(contentPath, "a string or an array of content blocks");
    }
    if (role.equals("user")) {
      user(content, contentPath, out, gaps);
    } else {
      assistant(content, contentPath, out, gaps);
    }
  }

  private static void user(JsonNode blocks, String path, ArrayNode out, Gaps gaps) {
    List<ObjectNode> toolMessages = new ArrayList<>();
    ArrayNode parts = NODES.arrayNode();
    for (int j = 0; j < blocks.size(); j++) {
      JsonNode block = blocks.get(j);
      String p = path + "[" + j + "]";
      String type = type(block, p, USER_TYPES, "user");
      switch (type) {
        case "text" -> parts.add(Parts.text(string(block, p, "text", false)));
        case "image" -> Parts.image(block, p, parts, gaps);
        case "document" -> Parts.document(block, p, parts, gaps);
        case "tool_result" -> toolMessages.add(toolResult(block, p, parts, gaps));
        default -> gaps.note(p + ".type", "A '" + type + "' content block");
      }
    }
    toolMessages.forEach(out::add);
    if (!parts.isEmpty() || toolMessages.isEmpty()) {
      out.addObject().put("role", "user").set("content", Parts.collapse(parts));
    }
  }

  /**
   * A {@code tool_result} as a {@code tool} message. Its text blocks are joined with newlines;
   * images and documents inside it have no slot in an OpenAI tool message, so they move into the
   * user message that follows the tool messages. {@code is_error} has no canonical flag either: the
   * content is prefixed with {@code "Error: "} so the model still sees the failure.
   */
  private static ObjectNode toolResult(JsonNode block, String p, ArrayNode parts, Gaps gaps) {
    String id = string(block, p, "tool_use_id", true);
    boolean isError = Fields.optionalBoolean(block, p, "is_error");
    JsonNode content = block.get("content");
    StringBuilder text = new StringBuilder();
    if (!absent(content)) {
      if (content.isTextual()) {
        text.append(content.asText());
      } else if (content.isArray()) {
        for (int k = 0; k < content.size(); k++) {
          JsonNode inner = content.get(k);
          String q = p + ".content[" + k + "]";
          String type = type(inner, q, Set.of("text", "image", "document"), "tool_result");
          switch (type) {
            case "text" -> {
              if (!text.isEmpty()) {
                text.append('\n');
              }
              text.append(string(inner, q, "text", false));
            }
            case "image" -> Parts.image(inner, q, parts, gaps);
            case "document" -> Parts.document(inner, q, parts, gaps);
            default -> gaps.note(q + ".type", "A '" + type + "' block inside a tool_result");
          }
        }
      } else {
        throw Fields.wrong(p + ".content", "a string or an array of content blocks");
      }
    }
    ObjectNode message = NODES.objectNode().put("role", "tool").put("tool_call_id", id);
    message.put("content", isError ? "Error: " + text : text.toString());
    return message;
  }

  private static void assistant(JsonNode blocks, String path, ArrayNode out, Gaps gaps) {
    ArrayNode texts = NODES.arrayNode();
    ArrayNode calls = NODES.arrayNode();
    for (int j = 0; j < blocks.size(); j++) {
      JsonNode block = blocks.get(j);
      String p = path + "[" + j + "]";
      String type = type(block, p, ASSISTANT_TYPES, "assistant");
      switch (type) {
        case "text" -> texts.add(Parts.text(string(block, p, "text", false)));
        case "tool_use" -> {
          ObjectNode call = calls.addObject();
          call.put("id", string(block, p, "id", true));
          call.put("type", "function");
          ObjectNode function = call.putObject("function");
          function.put("name", string(block, p, "name", true));
          // Jackson writes compact JSON, which is what OpenAI itself sends as arguments.
          function.put("arguments", Fields.object(block, p, "input").toString());
        }
        // Earlier reasoning has no slot in an OpenAI history; checked, then dropped.
        case "thinking" -> {
          string(block, p, "thinking", false);
          Fields.optionalString(block, p, "signature");
        }
        case "redacted_thinking" -> string(block, p, "data", false);
        default -> gaps.note(p + ".type", "A '" + type + "' content block");
      }
    }
    ObjectNode message = out.addObject().put("role", "assistant");
    if (texts.isEmpty()) {
      // OpenAI wants content or tool_calls; a turn of only thinking still needs a content.
      if (calls.isEmpty()) {
        message.put("content", "");
      } else {
        message.putNull("content");
      }
    } else {
      message.set("content", Parts.collapse(texts));
    }
    if (!calls.isEmpty()) {
      message.set("tool_calls", calls);
    }
  }

  /**
   * The block's {@code type}, checked: an object with a known type allowed in this role (known
   * Anthropic-only types pass, as gaps); {@code cache_control} checked on the way.
   */
  private static String type(JsonNode block, String p, Set<String> allowed, String where) {
    if (!block.isObject()) {
      throw Fields.wrong(p, "an object");
    }
    String type = string(block, p, "type", true);
    if (!allowed.contains(type) && !ANTHROPIC_ONLY.contains(type)) {
      boolean known = USER_TYPES.contains(type) || ASSISTANT_TYPES.contains(type);
      throw GatewayException.invalid(
          p + ".type",
          known
              ? "'" + p + ".type': '" + type + "' blocks are not allowed in " + where + " content."
              : "Invalid value for '"
                  + p
                  + ".type': '"
                  + type
                  + "'. Supported values are: "
                  + String.join(", ", allowed.stream().sorted().toList())
                  + ".");
    }
    Fields.cacheControl(block, p);
    return type;
  }
}
