package switchboard.wire.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * What the complete and the streamed answer translations share, so the two agree: finish reasons,
 * usage and tool-call ids (wire-formats §5.3).
 */
final class GeminiAnswers {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> FILTERED =
      Set.of(
          "SAFETY",
          "RECITATION",
          "BLOCKLIST",
          "PROHIBITED_CONTENT",
          "SPII",
          "IMAGE_SAFETY",
          "IMAGE_PROHIBITED_CONTENT",
          "IMAGE_RECITATION",
          "LANGUAGE");

  private GeminiAnswers() {}

  /**
   * The canonical finish reason: {@code STOP} → {@code stop}, or {@code tool_calls} when the answer
   * called functions (Gemini has no such reason); {@code MAX_TOKENS} → {@code length}; the safety
   * family (and {@code RECITATION}, {@code LANGUAGE}) → {@code content_filter}; anything else
   * (OTHER, MALFORMED_FUNCTION_CALL…) → {@code stop}.
   */
  static String finishReason(String reason, boolean calledFunctions) {
    if ("MAX_TOKENS".equals(reason)) {
      return "length";
    }
    if (FILTERED.contains(reason)) {
      return "content_filter";
    }
    return calledFunctions ? "tool_calls" : "stop";
  }

  /**
   * The id of the {@code ordinal}-th function call (0-based, counted over the whole answer).
   * Gemini's own {@code functionCall.id} when it sent one, else {@code call_<responseId>_<ordinal>}
   * ({@code call_<ordinal>} without a response id): deterministic, so a streamed and a complete
   * answer name their calls alike; unique in a conversation, because response ids are; short and
   * {@code [A-Za-z0-9_]} only, so every other provider's id rules accept it when the conversation
   * moves on (OpenAI allows 40 characters, Anthropic {@code [a-zA-Z0-9_-]}).
   */
  static String callId(JsonNode functionCall, String responseId, int ordinal) {
    String own = functionCall.path("id").asText("");
    if (!own.isEmpty()) {
      return own;
    }
    StringBuilder id = new StringBuilder("call_");
    if (responseId != null) {
      int kept = 0;
      for (int i = 0; i < responseId.length() && kept < 16; i++) {
        char c = responseId.charAt(i);
        if (c < 128 && Character.isLetterOrDigit(c)) {
          id.append(c);
          kept++;
        }
      }
      if (kept > 0) {
        id.append('_');
      }
    }
    return id.append(ordinal).toString();
  }

  /** A canonical tool call (for a message) or tool-call fragment (for a delta, with index). */
  static ObjectNode toolCall(JsonNode part, String responseId, int ordinal, boolean fragment) {
    JsonNode fc = part.path("functionCall");
    ObjectNode call = NODES.objectNode();
    if (fragment) {
      call.put("index", ordinal);
    }
    call.put("id", callId(fc, responseId, ordinal));
    call.put("type", "function");
    JsonNode args = fc.get("args");
    call.putObject("function")
        .put("name", fc.path("name").asText(""))
        .put("arguments", args == null || args.isNull() ? "{}" : args.toString());
    if (part.path("thoughtSignature").isTextual()) {
      // Google's OpenAI-compatible endpoint carries it so; GeminiContents sends it back.
      call.putObject("extra_content")
          .putObject("google")
          .put("thought_signature", part.get("thoughtSignature").asText());
    }
    return call;
  }

  /**
   * Canonical usage from {@code usageMetadata}: prompt = promptTokenCount (which already counts
   * cachedContentTokenCount) + toolUsePromptTokenCount; completion = candidatesTokenCount +
   * thoughtsTokenCount (Gemini counts thinking apart); cached = cachedContentTokenCount; Gemini
   * reports no cache writes. Null when {@code meta} is missing.
   */
  static ObjectNode usage(JsonNode meta) {
    if (meta == null || !meta.isObject()) {
      return null;
    }
    long prompt =
        meta.path("promptTokenCount").asLong(0) + meta.path("toolUsePromptTokenCount").asLong(0);
    long thoughts = meta.path("thoughtsTokenCount").asLong(0);
    long completion = meta.path("candidatesTokenCount").asLong(0) + thoughts;
    ObjectNode usage = NODES.objectNode();
    usage.put("prompt_tokens", prompt);
    usage.put("completion_tokens", completion);
    usage.put("total_tokens", prompt + completion);
    usage
        .putObject("prompt_tokens_details")
        .put("cached_tokens", meta.path("cachedContentTokenCount").asLong(0))
        .put("cache_write_tokens", 0);
    usage.putObject("completion_tokens_details").put("reasoning_tokens", thoughts);
    return usage;
  }

  /** The answer's model: {@code modelVersion} when Gemini names it, else the one asked for. */
  static String model(JsonNode response, String requested) {
    String version = response.path("modelVersion").asText("");
    return !version.isEmpty() ? version : requested == null ? "" : requested;
  }
}
