package switchboard.wire.anthropic.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import switchboard.model.Usage;
import switchboard.wire.openai.UsageReader;

/**
 * Canonical answer facts in Anthropic terms, shared by {@link MessagesWriter} and {@link
 * MessagesStreamEncoder} so a streamed answer accumulates to exactly the non-streamed one.
 */
final class Outbound {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Outbound() {}

  /**
   * The message id: the canonical id when it is already Anthropic-like ({@code msg_…}), else {@code
   * msg_} + the canonical id (the SDKs do not check the prefix; keeping the original makes it
   * traceable in the upstream's logs).
   */
  static String messageId(JsonNode id) {
    String text = id != null && id.isTextual() ? id.asText() : "";
    if (text.startsWith("msg_")) {
      return text;
    }
    return "msg_" + (text.isEmpty() ? "switchboard" : text);
  }

  static String model(JsonNode model) {
    return model != null && model.isTextual() ? model.asText() : "";
  }

  /**
   * {@code stop}→{@code end_turn}, {@code length}→{@code max_tokens}, {@code tool_calls} and {@code
   * function_call}→{@code tool_use}, {@code content_filter}→{@code refusal}; anything else or none
   * → {@code end_turn} (OpenAI never says which stop sequence matched).
   */
  static String stopReason(String finish) {
    if (finish == null) {
      return "end_turn";
    }
    return switch (finish) {
      case "length" -> "max_tokens";
      case "tool_calls", "function_call" -> "tool_use";
      case "content_filter" -> "refusal";
      default -> "end_turn";
    };
  }

  /**
   * Canonical usage as Anthropic's: {@code input_tokens} counts only the uncached prompt tokens
   * ({@code prompt_tokens - cached - cache_write}, never below 0), the cache fields alongside.
   */
  static ObjectNode usage(JsonNode canonical) {
    Usage u = UsageReader.read(canonical);
    ObjectNode usage = NODES.objectNode();
    usage.put("input_tokens", Math.max(0, u.input() - u.cacheRead() - u.cacheWrite()));
    usage.put("cache_creation_input_tokens", u.cacheWrite());
    usage.put("cache_read_input_tokens", u.cacheRead());
    usage.put("output_tokens", u.output());
    return usage;
  }

  /** A non-empty string field of a delta or message, else null. */
  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
  }

  /**
   * The reasoning text of a message or delta: {@code reasoning_content}, or OpenRouter's {@code
   * reasoning}.
   */
  static String reasoning(JsonNode node) {
    String reasoning = text(node, "reasoning_content");
    return reasoning != null ? reasoning : text(node, "reasoning");
  }
}
