package switchboard.wire.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Output items and answer facts in Responses terms, shared by {@link ResponsesWriter} and {@link
 * ResponsesStreamEncoder} so that a streamed answer accumulates to exactly the non-streamed one.
 */
final class Outputs {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Outputs() {}

  /** A {@code reasoning} item: the text as one {@code reasoning_text} part, no summary. */
  static ObjectNode reasoning(String id, String text) {
    ObjectNode item = NODES.objectNode().put("id", id).put("type", "reasoning");
    item.putArray("summary");
    item.putArray("content").add(reasoningPart(text));
    return item;
  }

  static ObjectNode reasoningPart(String text) {
    return NODES.objectNode().put("type", "reasoning_text").put("text", text);
  }

  /** An assistant {@code message} item with one part (or none while a stream is starting). */
  static ObjectNode message(String id, String status, ObjectNode part) {
    ObjectNode item = NODES.objectNode();
    item.put("id", id).put("type", "message").put("status", status);
    item.putArray("content").addAll(part == null ? java.util.List.of() : java.util.List.of(part));
    item.put("role", "assistant");
    return item;
  }

  static ObjectNode textPart(String text) {
    ObjectNode part = NODES.objectNode().put("type", "output_text");
    part.putArray("annotations");
    part.putArray("logprobs");
    part.put("text", text);
    return part;
  }

  static ObjectNode refusalPart(String refusal) {
    return NODES.objectNode().put("type", "refusal").put("refusal", refusal);
  }

  static ObjectNode functionCall(
      String id, String status, String callId, String name, String arguments) {
    ObjectNode item = NODES.objectNode();
    item.put("id", id).put("type", "function_call").put("status", status);
    item.put("arguments", arguments).put("call_id", callId).put("name", name);
    return item;
  }

  /**
   * The response status for a canonical finish reason: {@code length} and {@code content_filter}
   * leave it {@code incomplete}, anything else {@code completed}.
   */
  static String status(String finishReason) {
    return "length".equals(finishReason) || "content_filter".equals(finishReason)
        ? "incomplete"
        : "completed";
  }

  /** {@code incomplete_details} for a canonical finish reason, or null. */
  static ObjectNode incompleteDetails(String finishReason) {
    if ("length".equals(finishReason)) {
      return NODES.objectNode().put("reason", "max_output_tokens");
    }
    if ("content_filter".equals(finishReason)) {
      return NODES.objectNode().put("reason", "content_filter");
    }
    return null;
  }

  /** Fills the end state of {@code response}: status, incomplete details, usage. */
  static void finish(ObjectNode response, String finishReason, JsonNode canonicalUsage) {
    response.put("status", status(finishReason));
    ObjectNode details = incompleteDetails(finishReason);
    if (details != null) {
      response.set("incomplete_details", details);
    }
    response.set("usage", ResponsesUsage.fromCanonical(canonicalUsage));
  }

  /** A non-empty string field, else null. */
  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
  }

  /** The reasoning text of a message or delta: {@code reasoning_content} or {@code reasoning}. */
  static String reasoningText(JsonNode node) {
    String reasoning = text(node, "reasoning_content");
    return reasoning != null ? reasoning : text(node, "reasoning");
  }
}
