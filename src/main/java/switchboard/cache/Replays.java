package switchboard.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A stored answer as the canonical chunks of a stream, chunked like a real one: the role, the text
 * in pieces of a few words, each tool call's name then its arguments, the finish reason, and the
 * usage chunk ({@code choices: []}) when the client asked for it. Pure.
 */
final class Replays {

  /** About a word or two, like providers' deltas. */
  static final int PIECE = 16;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Replays() {}

  static List<ObjectNode> chunks(ObjectNode answer, boolean includeUsage) {
    List<ObjectNode> out = new ArrayList<>();
    for (JsonNode choice : answer.path("choices")) {
      int index = choice.path("index").asInt(0);
      JsonNode message = choice.path("message");
      out.add(chunk(answer, index, NODES.objectNode().put("role", "assistant").put("content", "")));
      for (String piece : pieces(message.path("reasoning_content").asText(""))) {
        out.add(chunk(answer, index, NODES.objectNode().put("reasoning_content", piece)));
      }
      for (String piece : pieces(message.path("content").asText(""))) {
        out.add(chunk(answer, index, NODES.objectNode().put("content", piece)));
      }
      JsonNode calls = message.path("tool_calls");
      for (int i = 0; i < calls.size(); i++) {
        JsonNode call = calls.get(i);
        ObjectNode head = NODES.objectNode();
        ObjectNode first = head.putArray("tool_calls").addObject();
        first.put("index", i).put("id", call.path("id").asText()).put("type", "function");
        first
            .putObject("function")
            .put("name", call.path("function").path("name").asText())
            .put("arguments", "");
        out.add(chunk(answer, index, head));
        for (String piece : pieces(call.path("function").path("arguments").asText(""))) {
          ObjectNode delta = NODES.objectNode();
          delta
              .putArray("tool_calls")
              .addObject()
              .put("index", i)
              .putObject("function")
              .put("arguments", piece);
          out.add(chunk(answer, index, delta));
        }
      }
      ObjectNode end = chunk(answer, index, NODES.objectNode());
      ((ObjectNode) end.get("choices").get(0))
          .put("finish_reason", choice.path("finish_reason").asText("stop"));
      out.add(end);
    }
    if (includeUsage && answer.path("usage").isObject()) {
      ObjectNode usage = base(answer);
      usage.putArray("choices");
      usage.set("usage", answer.get("usage").deepCopy());
      out.add(usage);
    }
    return out;
  }

  private static ObjectNode chunk(ObjectNode answer, int index, ObjectNode delta) {
    ObjectNode chunk = base(answer);
    ObjectNode choice = chunk.putArray("choices").addObject();
    choice.put("index", index);
    choice.set("delta", delta);
    choice.putNull("finish_reason");
    return chunk;
  }

  private static ObjectNode base(ObjectNode answer) {
    ObjectNode chunk = NODES.objectNode();
    chunk.put("id", answer.path("id").asText());
    chunk.put("object", "chat.completion.chunk");
    chunk.put("created", answer.path("created").asLong());
    chunk.put("model", answer.path("model").asText());
    return chunk;
  }

  /** The text in pieces of about {@link #PIECE} characters, cut after a space where one is near. */
  static List<String> pieces(String text) {
    List<String> out = new ArrayList<>();
    int at = 0;
    while (at < text.length()) {
      int end = Math.min(text.length(), at + PIECE);
      int space = text.lastIndexOf(' ', end - 1);
      if (end < text.length() && space > at + PIECE / 2) {
        end = space + 1;
      }
      if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
        end++; // never split a surrogate pair
      }
      out.add(text.substring(at, end));
      at = end;
    }
    return out;
  }
}
