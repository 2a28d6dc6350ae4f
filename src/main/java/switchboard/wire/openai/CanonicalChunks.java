package switchboard.wire.openai;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds canonical stream chunks ({@code chat.completion.chunk}) for the dialect decoders. */
public final class CanonicalChunks {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private CanonicalChunks() {}

  /** A chunk's head: {@code id}, {@code object}, {@code created}, {@code model}; no choices. */
  public static ObjectNode head(String id, long created, String model) {
    ObjectNode chunk = NODES.objectNode();
    chunk.put("id", id);
    chunk.put("object", "chat.completion.chunk");
    chunk.put("created", created);
    chunk.put("model", model);
    return chunk;
  }

  /** A chunk with one choice (index 0) carrying {@code delta} and the finish reason, or null. */
  public static ObjectNode chunk(
      String id, long created, String model, ObjectNode delta, String finishReason) {
    ObjectNode chunk = head(id, created, model);
    ObjectNode choice = chunk.putArray("choices").addObject();
    choice.put("index", 0);
    choice.set("delta", delta);
    choice.putNull("logprobs");
    if (finishReason == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finishReason);
    }
    return chunk;
  }
}
