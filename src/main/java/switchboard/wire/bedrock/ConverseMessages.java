package switchboard.wire.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import switchboard.pipeline.GatewayException;

/**
 * Canonical messages as Converse {@code system} blocks and {@code messages} turns. Converse wants
 * alternating user/assistant turns, so consecutive turns of one role are merged, and tool results
 * become {@code toolResult} blocks in a user turn.
 */
final class ConverseMessages {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ArrayNode system = NODES.arrayNode();
  private final ArrayNode turns = NODES.arrayNode();
  private boolean usesTools;

  ArrayNode system() {
    return system;
  }

  ArrayNode turns() {
    return turns;
  }

  /** Whether the history holds tool calls or results (Converse then needs a toolConfig). */
  boolean usesTools() {
    return usesTools;
  }

  void read(JsonNode messages) {
    if (!messages.isArray() || messages.isEmpty()) {
      throw GatewayException.invalid("messages", "messages must be a non-empty array.");
    }
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      String at = "messages[" + i + "]";
      String role = message.path("role").asText("");
      switch (role) {
        case "system", "developer" -> {
          for (JsonNode block : content(message.get("content"), at, false)) {
            system.add(block);
          }
        }
        case "user" -> append("user", content(message.get("content"), at, true));
        case "assistant" -> append("assistant", assistant(message, at));
        case "tool" -> append("user", toolResult(message, at));
        default -> throw GatewayException.invalid(at + ".role", "Unknown role '" + role + "'.");
      }
    }
  }

  private ArrayNode assistant(JsonNode message, String at) {
    ArrayNode blocks = NODES.arrayNode();
    JsonNode content = message.get("content");
    if (content != null && !content.isNull()) {
      blocks.addAll(content(content, at, false));
    }
    JsonNode calls = message.path("tool_calls");
    for (int j = 0; j < calls.size(); j++) {
      JsonNode call = calls.get(j);
      String where = at + ".tool_calls[" + j + "]";
      ObjectNode use = blocks.addObject().putObject("toolUse");
      use.put("toolUseId", call.path("id").asText());
      use.put("name", call.path("function").path("name").asText());
      use.set(
          "input",
          ConverseRequests.arguments(
              call.path("function").path("arguments").asText(null), where + ".function.arguments"));
      usesTools = true;
    }
    return blocks;
  }

  private ArrayNode toolResult(JsonNode message, String at) {
    if (!message.path("tool_call_id").isTextual()) {
      throw GatewayException.invalid(at + ".tool_call_id", "A tool message needs tool_call_id.");
    }
    usesTools = true;
    ArrayNode blocks = NODES.arrayNode();
    ObjectNode result = blocks.addObject().putObject("toolResult");
    result.put("toolUseId", message.get("tool_call_id").asText());
    ArrayNode content = result.putArray("content");
    for (JsonNode block : content(message.get("content"), at, false)) {
      content.add(block);
    }
    if (content.isEmpty()) {
      content.addObject().put("text", "");
    }
    result.put("status", "success");
    return blocks;
  }

  /** Text (and, where allowed, image) parts as Converse content blocks; empty text is dropped. */
  private static ArrayNode content(JsonNode content, String at, boolean images) {
    ArrayNode blocks = NODES.arrayNode();
    if (content == null || content.isNull()) {
      return blocks;
    }
    if (content.isTextual()) {
      if (!content.asText().isEmpty()) {
        blocks.addObject().put("text", content.asText());
      }
      return blocks;
    }
    if (!content.isArray()) {
      throw GatewayException.invalid(
          at + ".content", "content must be a string or an array of parts.");
    }
    for (int j = 0; j < content.size(); j++) {
      JsonNode part = content.get(j);
      String where = at + ".content[" + j + "]";
      String type = part.path("type").asText("");
      if (type.equals("text")) {
        String text = part.path("text").asText("");
        if (!text.isEmpty()) {
          blocks.addObject().put("text", text);
        }
      } else if (type.equals("image_url") && images) {
        blocks.add(image(part.path("image_url").path("url").asText(""), where + ".image_url.url"));
      } else {
        throw GatewayException.invalid(
            where + ".type",
            "Content part type '" + type + "' is not supported here by Bedrock Converse.");
      }
    }
    return blocks;
  }

  /** A data: URL as a Converse image block; Converse takes bytes only, never a URL to fetch. */
  private static ObjectNode image(String url, String param) {
    int comma = url.indexOf(',');
    if (!url.startsWith("data:image/")
        || comma < 0
        || !url.substring(0, comma).endsWith(";base64")) {
      throw GatewayException.invalid(
          param, "Bedrock takes images as bytes only: send a data:image/...;base64 URL.");
    }
    String mime = url.substring("data:image/".length(), url.indexOf(';'));
    String format =
        mime.toLowerCase(Locale.ROOT).equals("jpg") ? "jpeg" : mime.toLowerCase(Locale.ROOT);
    if (!ConverseRequests.imageFormat(format)) {
      throw GatewayException.invalid(
          param, "Bedrock takes png, jpeg, gif or webp images, not " + mime + ".");
    }
    ObjectNode block = NODES.objectNode();
    ObjectNode image = block.putObject("image");
    image.put("format", format);
    image.putObject("source").put("bytes", url.substring(comma + 1));
    return block;
  }

  /** Appends blocks as a turn of {@code role}, merged into the previous turn of the same role. */
  private void append(String role, ArrayNode blocks) {
    if (blocks.isEmpty()) {
      return;
    }
    JsonNode last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
    if (last != null && role.equals(last.path("role").asText())) {
      ((ArrayNode) last.get("content")).addAll(blocks);
      return;
    }
    ObjectNode turn = turns.addObject();
    turn.put("role", role);
    turn.set("content", blocks);
  }
}
