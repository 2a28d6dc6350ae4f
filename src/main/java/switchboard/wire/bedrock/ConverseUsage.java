package switchboard.wire.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Bedrock's token counts and stop reasons in canonical terms; shared by answers and streams. */
final class ConverseUsage {

  private ConverseUsage() {}

  /**
   * A canonical usage object from Bedrock's {@code usage}. Bedrock's {@code inputTokens} excludes
   * cache reads and writes (wire-formats §7, as Portkey reads it), so the prompt is their sum.
   * Bedrock does not break reasoning out of {@code outputTokens}, so no reasoning count is given.
   */
  static ObjectNode canonical(JsonNode usage) {
    long input = usage.path("inputTokens").asLong(0);
    long cacheRead = usage.path("cacheReadInputTokens").asLong(0);
    long cacheWrite = usage.path("cacheWriteInputTokens").asLong(0);
    long output = usage.path("outputTokens").asLong(0);
    long prompt = input + cacheRead + cacheWrite;
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("prompt_tokens", prompt);
    out.put("completion_tokens", output);
    out.put("total_tokens", prompt + output);
    ObjectNode details = out.putObject("prompt_tokens_details");
    details.put("cached_tokens", cacheRead);
    details.put("cache_write_tokens", cacheWrite);
    return out;
  }

  /** The canonical finish reason for a Bedrock {@code stopReason}. */
  static String finishReason(String stopReason) {
    if (stopReason == null) {
      return "stop";
    }
    return switch (stopReason) {
      case "max_tokens", "model_context_window_exceeded" -> "length";
      case "tool_use" -> "tool_calls";
      case "guardrail_intervened", "content_filtered" -> "content_filter";
      default -> "stop"; // end_turn, stop_sequence, and reasons newer than this code
    };
  }
}
