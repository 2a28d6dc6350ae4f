package switchboard.wire.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Folds canonical chunks into the {@code chat.completion} they describe (one choice), for tests.
 */
public final class ChunkAccumulator {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ChunkAccumulator() {}

  public static ObjectNode accumulate(List<ObjectNode> chunks) {
    ObjectNode root = NODES.objectNode();
    StringBuilder content = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    ArrayNode calls = NODES.arrayNode();
    String finish = null;
    JsonNode usage = null;
    for (ObjectNode chunk : chunks) {
      root.put("id", chunk.path("id").asText());
      root.put("object", "chat.completion");
      root.put("created", chunk.path("created").asLong());
      root.put("model", chunk.path("model").asText());
      if (chunk.hasNonNull("usage")) {
        usage = chunk.get("usage");
      }
      for (JsonNode choice : chunk.path("choices")) {
        JsonNode delta = choice.path("delta");
        content.append(delta.path("content").asText(""));
        reasoning.append(delta.path("reasoning_content").asText(""));
        for (JsonNode fragment : delta.path("tool_calls")) {
          int index = fragment.path("index").asInt();
          while (calls.size() <= index) {
            calls.addObject();
          }
          ObjectNode call = (ObjectNode) calls.get(index);
          if (fragment.has("id")) {
            call.put("id", fragment.get("id").asText());
            call.put("type", "function");
            call.putObject("function")
                .put("name", fragment.at("/function/name").asText())
                .put("arguments", "");
          }
          ObjectNode fn = (ObjectNode) call.get("function");
          fn.put(
              "arguments",
              fn.get("arguments").asText() + fragment.at("/function/arguments").asText(""));
          if (fragment.has("extra_content")) {
            call.set("extra_content", fragment.get("extra_content"));
          }
        }
        if (choice.hasNonNull("finish_reason")) {
          finish = choice.get("finish_reason").asText();
        }
      }
    }
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    if (content.length() > 0) {
      message.put("content", content.toString());
    } else {
      message.putNull("content");
    }
    if (reasoning.length() > 0) {
      message.put("reasoning_content", reasoning.toString());
    }
    if (!calls.isEmpty()) {
      message.set("tool_calls", calls);
    }
    message.putNull("refusal");
    choice.putNull("logprobs");
    choice.put("finish_reason", finish);
    if (usage != null) {
      root.set("usage", usage);
    }
    return root;
  }
}
