package switchboard.wire.openai;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the gateway reads from one OpenAI stream chunk while relaying it (the tap).
 *
 * @param hasContent whether it carries content: text, refusal, reasoning or a tool-call fragment
 * @param finishReason the first non-null finish reason, or null
 * @param usage the usage object (OpenAI's {@code usage} or Groq's {@code x_groq.usage}), or null
 * @param usageOnly whether this is the {@code choices: []} usage chunk
 * @param model the chunk's model, or null
 */
public record ChunkFacts(
    boolean hasContent, String finishReason, JsonNode usage, boolean usageOnly, String model) {

  public static ChunkFacts of(JsonNode chunk) {
    boolean content = false;
    String finish = null;
    JsonNode choices = chunk.path("choices");
    for (JsonNode choice : choices) {
      JsonNode delta = choice.path("delta");
      content |=
          nonEmpty(delta.get("content"))
              || nonEmpty(delta.get("refusal"))
              || nonEmpty(delta.get("reasoning_content"))
              || nonEmpty(delta.get("reasoning"))
              || (delta.has("tool_calls")
                  && delta.get("tool_calls").isArray()
                  && !delta.get("tool_calls").isEmpty())
              || (delta.has("function_call") && delta.get("function_call").isObject());
      JsonNode reason = choice.get("finish_reason");
      if (finish == null && reason != null && reason.isTextual()) {
        finish = reason.asText();
      }
    }
    JsonNode usage = chunk.get("usage");
    if (usage == null || !usage.isObject()) {
      usage = chunk.path("x_groq").get("usage");
      if (usage != null && !usage.isObject()) {
        usage = null;
      }
    }
    boolean usageOnly = usage != null && choices.isArray() && choices.isEmpty();
    JsonNode model = chunk.get("model");
    return new ChunkFacts(
        content,
        finish,
        usage,
        usageOnly,
        model != null && model.isTextual() && !model.asText().isEmpty() ? model.asText() : null);
  }

  private static boolean nonEmpty(JsonNode node) {
    return node != null && node.isTextual() && !node.asText().isEmpty();
  }
}
