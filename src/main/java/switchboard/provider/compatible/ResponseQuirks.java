package switchboard.provider.compatible;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import switchboard.provider.VendorQuirks.ChunkAction;

/**
 * Makes vendor answers look like OpenAI's: string content, OpenAI finish reasons, no filter-only
 * chunks (Azure), no chunks without a delta.
 */
final class ResponseQuirks {

  private ResponseQuirks() {}

  /** Mistral's reasoning models send content as an array of parts; OpenAI clients want a string. */
  static boolean flattenContent(JsonNode message) {
    if (!(message instanceof ObjectNode m) || !m.path("content").isArray()) {
      return false;
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode part : m.get("content")) {
      if ("text".equals(part.path("type").asText()) || part.isTextual()) {
        text.append(part.isTextual() ? part.asText() : part.path("text").asText());
      }
    }
    m.put("content", text.toString());
    return true;
  }

  static boolean mapFinishReason(ObjectNode choice, Map<String, String> map) {
    JsonNode reason = choice.get("finish_reason");
    if (reason == null || !reason.isTextual() || !map.containsKey(reason.asText())) {
      return false;
    }
    choice.put("finish_reason", map.get(reason.asText()));
    return true;
  }

  static ChunkAction chunk(ObjectNode chunk, Map<String, String> finishReasons) {
    if (chunk.has("error")) {
      return ChunkAction.KEEP;
    }
    boolean changed = false;
    JsonNode choices = chunk.get("choices");
    if (choices instanceof ArrayNode array) {
      for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
        JsonNode choice = it.next();
        boolean hasDelta = choice.has("delta") && choice.get("delta").isObject();
        boolean hasFinish = choice.hasNonNull("finish_reason");
        if (!hasDelta && !hasFinish) {
          it.remove(); // Azure's content_filter_results-only entries
          changed = true;
          continue;
        }
        if (choice instanceof ObjectNode c) {
          changed |= flattenContent(c.get("delta"));
          changed |= mapFinishReason(c, finishReasons);
        }
      }
      if (array.isEmpty() && !hasUsage(chunk)) {
        return ChunkAction.DROP; // Azure's prompt_filter_results chunk, keep-alive-like chunks
      }
    } else if (!hasUsage(chunk)) {
      return ChunkAction.DROP;
    }
    return changed ? ChunkAction.CHANGED : ChunkAction.KEEP;
  }

  private static boolean hasUsage(ObjectNode chunk) {
    return chunk.hasNonNull("usage") || chunk.path("x_groq").hasNonNull("usage");
  }
}
