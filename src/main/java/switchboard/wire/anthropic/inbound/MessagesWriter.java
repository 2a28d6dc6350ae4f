package switchboard.wire.anthropic.inbound;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes a canonical (OpenAI {@code chat.completion}) answer as an Anthropic {@code message}
 * (wire-formats §4.4), for {@code /v1/messages} requests served by a non-Anthropic model.
 */
public final class MessagesWriter {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private MessagesWriter() {}

  /**
   * The Anthropic message for {@code choices[0]} of {@code chatCompletion}: {@code
   * reasoning_content} as a first {@code thinking} block (empty {@code signature}: there is none to
   * give, and the block must not be sent back to Anthropic as verified thinking), the text (or
   * {@code refusal}) as one {@code text} block (omitted when empty), each tool call as a {@code
   * tool_use} block. Keys in the order the API writes them.
   */
  public static ObjectNode fromCanonical(ObjectNode chatCompletion) {
    JsonNode choice = chatCompletion.path("choices").path(0);
    JsonNode message = choice.path("message");
    ObjectNode out = NODES.objectNode();
    out.put("id", Outbound.messageId(chatCompletion.get("id")));
    out.put("type", "message");
    out.put("role", "assistant");
    out.put("model", Outbound.model(chatCompletion.get("model")));
    ArrayNode content = out.putArray("content");
    String reasoning = Outbound.reasoning(message);
    if (reasoning != null) {
      content.addObject().put("type", "thinking").put("thinking", reasoning).put("signature", "");
    }
    String text = text(message.get("content"));
    if (text.isEmpty()) {
      text = message.path("refusal").asText("");
    }
    if (!text.isEmpty()) {
      content.addObject().put("type", "text").put("text", text);
    }
    for (JsonNode call : message.path("tool_calls")) {
      JsonNode function = call.path("function");
      // A missing id gets the same stand-in the stream encoder gives: toolu_<block index>.
      String id =
          call.path("id").isTextual() ? call.path("id").asText() : "toolu_" + content.size();
      ObjectNode block = content.addObject().put("type", "tool_use");
      block.put("id", id);
      block.put("name", function.path("name").asText(""));
      block.set("input", input(function.path("arguments").asText("")));
    }
    JsonNode finish = choice.get("finish_reason");
    out.put(
        "stop_reason",
        Outbound.stopReason(finish != null && finish.isTextual() ? finish.asText() : null));
    out.putNull("stop_sequence");
    out.set("usage", Outbound.usage(chatCompletion.get("usage")));
    return out;
  }

  /**
   * A tool call's arguments as the {@code tool_use} input: the parsed object; {@code {}} when
   * blank; otherwise (invalid JSON, or JSON that is not an object) the raw string itself, so the
   * client sees exactly what the model produced instead of a silently emptied call.
   */
  static JsonNode input(String arguments) {
    if (arguments.isBlank()) {
      return NODES.objectNode();
    }
    try {
      JsonNode parsed = JSON.readTree(arguments);
      if (parsed != null && parsed.isObject()) {
        return parsed;
      }
    } catch (Exception e) {
      // Not JSON: fall through to the raw string.
    }
    return NODES.textNode(arguments);
  }

  /** Message content as one string: a string as is, text parts concatenated. */
  private static String text(JsonNode content) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode part : content) {
      if (part.path("type").asText().equals("text")) {
        text.append(part.path("text").asText(""));
      }
    }
    return text.toString();
  }
}
