package switchboard.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Continuation of a broken text-only stream (off by default; a policy's {@code continue_streams}).
 * When a stream breaks after content reached the client, the next healthy target of the plan is
 * asked to continue the partial answer: it gets the conversation plus the partial answer as an
 * assistant turn and an instruction to go on from there. What it sends is spliced into the same
 * client stream ({@link SplicedStreamEncoder}), with any repeated overlap removed, so the client
 * sees one answer. Only plain text qualifies: a stream that carried tool calls or reasoning ends
 * with its error event as usual, since a half tool call cannot be resumed faithfully.
 */
final class ContinuationPrompt {

  static final String INSTRUCTION =
      "Your previous answer was cut off. Continue it exactly where"
          + " it stopped: do not repeat any of it, do not comment, output only the rest.";

  private ContinuationPrompt() {}

  /** The request that asks for the rest of {@code partial}: the original plus two turns. */
  static ObjectNode body(ObjectNode original, String partial) {
    ObjectNode body = original.deepCopy();
    ArrayNode messages = body.withArray("messages");
    messages.addObject().put("role", "assistant").put("content", partial);
    messages.addObject().put("role", "user").put("content", INSTRUCTION);
    body.remove("n");
    return body;
  }

  /**
   * The length of the longest prefix of {@code next} that {@code partial} already ends with: the
   * overlap a continuing model repeated.
   */
  static int overlap(String partial, String next) {
    int max = Math.min(partial.length(), next.length());
    for (int k = max; k > 0; k--) {
      if (partial.regionMatches(partial.length() - k, next, 0, k)) {
        return k;
      }
    }
    return 0;
  }

  /** Whether a chunk carries anything but plain text (tool calls, reasoning, a refusal). */
  static boolean notPlainText(JsonNode chunk) {
    for (JsonNode choice : chunk.path("choices")) {
      JsonNode delta = choice.path("delta");
      if (delta.has("tool_calls")
          || delta.has("function_call")
          || delta.has("refusal") && !delta.get("refusal").isNull()
          || delta.has("reasoning_content") && !delta.get("reasoning_content").isNull()
          || delta.has("reasoning") && !delta.get("reasoning").isNull()) {
        return true;
      }
    }
    return false;
  }
}
