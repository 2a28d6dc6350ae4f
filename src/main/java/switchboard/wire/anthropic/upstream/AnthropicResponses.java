package switchboard.wire.anthropic.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Anthropic Messages answers in canonical form (wire-formats §4.2): a {@code message} becomes a
 * {@code chat.completion} with one choice. Text blocks are concatenated into {@code content},
 * {@code tool_use} blocks become {@code tool_calls} (arguments as JSON strings), {@code thinking}
 * blocks become the non-standard {@code reasoning_content} (the OpenAI SDKs ignore unknown fields).
 * A call of the structured-output tool ({@link AnthropicRequests#JSON_TOOL}) is the answer itself:
 * its input becomes {@code content} and the finish reason {@code stop}.
 */
public final class AnthropicResponses {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private AnthropicResponses() {}

  /** {@link #toCanonical(ObjectNode, long)} with {@code created} 0 (the caller stamps the time). */
  public static ObjectNode toCanonical(ObjectNode message) {
    return toCanonical(message, 0);
  }

  /**
   * The canonical {@code chat.completion} of an Anthropic {@code message}.
   *
   * @param created the {@code created} timestamp to report (seconds); this codec reads no clock
   * @throws IllegalArgumentException when {@code message} is not an Anthropic message
   */
  public static ObjectNode toCanonical(ObjectNode message, long created) {
    if (message == null
        || !"message".equals(message.path("type").asText())
        || !message.path("content").isArray()) {
      throw new IllegalArgumentException(
          "not an Anthropic message: expected type \"message\" " + "with a content array");
    }
    StringBuilder text = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    boolean hasText = false;
    String jsonAnswer = null;
    ArrayNode calls = NODES.arrayNode();
    for (JsonNode block : message.get("content")) {
      switch (block.path("type").asText()) {
        case "text" -> {
          text.append(block.path("text").asText(""));
          hasText = true;
        }
        case "thinking" -> reasoning.append(block.path("thinking").asText(""));
        case "tool_use" -> {
          String arguments =
              block.path("input").isMissingNode() ? "{}" : block.get("input").toString();
          if (AnthropicRequests.JSON_TOOL.equals(block.path("name").asText())) {
            jsonAnswer = arguments; // the structured answer itself, not a call to run
            continue;
          }
          ObjectNode call = calls.addObject();
          call.put("id", block.path("id").asText());
          call.put("type", "function");
          call.putObject("function")
              .put("name", block.path("name").asText())
              .put("arguments", arguments);
        }
        default -> {
          // redacted_thinking, server tool blocks and future block types have no canonical slot
        }
      }
    }
    ObjectNode out = NODES.objectNode();
    out.put("id", message.path("id").asText(""));
    out.put("object", "chat.completion");
    out.put("created", created);
    out.put("model", message.path("model").asText(""));
    ObjectNode choice = out.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode msg = choice.putObject("message");
    msg.put("role", "assistant");
    if (jsonAnswer != null) {
      msg.put("content", jsonAnswer); // prose around a structured answer would break its parsing
    } else if (hasText || calls.isEmpty()) {
      msg.put("content", text.toString());
    } else {
      msg.putNull("content");
    }
    if (!reasoning.isEmpty()) {
      msg.put("reasoning_content", reasoning.toString());
    }
    if (!calls.isEmpty()) {
      msg.set("tool_calls", calls);
    }
    msg.putNull("refusal");
    choice.putNull("logprobs");
    String stop = message.path("stop_reason").asText(null);
    String finish = finishReason(stop);
    if ("tool_calls".equals(finish) && calls.isEmpty() && jsonAnswer != null) {
      finish = "stop";
    }
    if (finish == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finish);
    }
    out.set("usage", AnthropicUsage.toCanonical(message.get("usage")));
    return out;
  }

  /**
   * The canonical {@code finish_reason} of an Anthropic {@code stop_reason}; null for null, and
   * {@code stop} for reasons this codec does not know yet.
   */
  public static String finishReason(String stopReason) {
    if (stopReason == null) {
      return null;
    }
    return switch (stopReason) {
      case "max_tokens", "model_context_window_exceeded" -> "length";
      case "tool_use" -> "tool_calls";
      case "refusal" -> "content_filter";
      default -> "stop"; // end_turn, stop_sequence, pause_turn, and anything newer
    };
  }
}
