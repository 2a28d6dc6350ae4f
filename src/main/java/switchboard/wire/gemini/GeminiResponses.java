package switchboard.wire.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Gemini {@code GenerateContentResponse} → canonical {@code chat.completion} (wire-formats §5.3).
 * Text parts become {@code content}, thought parts {@code reasoning_content}, {@code functionCall}
 * parts {@code tool_calls} (ids: {@link GeminiAnswers#callId}); each candidate becomes a choice. A
 * blocked prompt (no candidates, {@code promptFeedback.blockReason}) is an answer with {@code
 * content: null} and {@code finish_reason: content_filter}, as OpenAI reports its own filter, so
 * the client sees why and no other provider is tried with the same prompt.
 */
public final class GeminiResponses {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private GeminiResponses() {}

  /** As {@link #toCanonical(ObjectNode, String, long)} with {@code created} 0. */
  public static ObjectNode toCanonical(ObjectNode response, String model) {
    return toCanonical(response, model, 0);
  }

  /**
   * The canonical completion.
   *
   * @param model the model asked for, used when the answer has no {@code modelVersion}
   * @param created the {@code created} timestamp (unix seconds; codecs read no clock)
   * @throws IllegalArgumentException when {@code response} is not a GenerateContentResponse
   */
  public static ObjectNode toCanonical(ObjectNode response, String model, long created) {
    JsonNode candidates = response.path("candidates");
    boolean blocked = response.path("promptFeedback").hasNonNull("blockReason");
    if (!(candidates.isArray() && !candidates.isEmpty()) && !blocked) {
      throw new IllegalArgumentException(
          "not a Gemini answer: no candidates and no promptFeedback");
    }
    String responseId = response.path("responseId").asText(null);
    ObjectNode root = NODES.objectNode();
    root.put("id", responseId != null ? responseId : "chatcmpl-gemini");
    root.put("object", "chat.completion");
    root.put("created", created);
    root.put("model", GeminiAnswers.model(response, model));
    ArrayNode choices = root.putArray("choices");
    if (!candidates.isArray() || candidates.isEmpty()) {
      ObjectNode choice = choices.addObject();
      choice.put("index", 0);
      choice.putObject("message").put("role", "assistant").putNull("content").putNull("refusal");
      choice.putNull("logprobs");
      choice.put("finish_reason", "content_filter");
    }
    for (int i = 0; i < candidates.size(); i++) {
      choices.add(choice(candidates.get(i), i, responseId));
    }
    ObjectNode usage = GeminiAnswers.usage(response.get("usageMetadata"));
    if (usage != null) {
      root.set("usage", usage);
    }
    return root;
  }

  private static ObjectNode choice(JsonNode candidate, int position, String responseId) {
    StringBuilder text = new StringBuilder();
    StringBuilder thoughts = new StringBuilder();
    ArrayNode calls = NODES.arrayNode();
    for (JsonNode part : candidate.path("content").path("parts")) {
      if (part.has("functionCall")) {
        calls.add(GeminiAnswers.toolCall(part, responseId, calls.size(), false));
      } else if (part.path("thought").asBoolean(false)) {
        thoughts.append(part.path("text").asText(""));
      } else {
        text.append(part.path("text").asText(""));
      }
    }
    ObjectNode choice = NODES.objectNode();
    choice.put("index", candidate.path("index").asInt(position));
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    if (text.length() > 0) {
      message.put("content", text.toString());
    } else {
      message.putNull("content");
    }
    if (thoughts.length() > 0) {
      message.put("reasoning_content", thoughts.toString());
    }
    if (!calls.isEmpty()) {
      message.set("tool_calls", calls);
    }
    message.putNull("refusal");
    choice.putNull("logprobs");
    choice.put(
        "finish_reason",
        GeminiAnswers.finishReason(candidate.path("finishReason").asText(""), !calls.isEmpty()));
    return choice;
  }
}
