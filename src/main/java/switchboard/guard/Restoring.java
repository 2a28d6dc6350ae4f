package switchboard.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import switchboard.guard.pii.Placeholders;
import switchboard.guard.pii.StreamRestorer;
import switchboard.pipeline.AnswerHook;

/**
 * Gives the answer of a redacted request its values back: every placeholder the request was sent
 * with ({@code [EMAIL_1]}) becomes the value it stands for, in complete answers and in streams,
 * where a placeholder may be split across chunks anywhere (held back until it is whole, at most one
 * placeholder's length). In streams the text of each choice and the arguments of each of its tool
 * calls are restored apart, since their fragments interleave.
 */
final class Restoring implements AnswerHook {

  private final Placeholders placeholders;
  private final Map<Integer, StreamRestorer> streams = new HashMap<>(2);

  /** Per choice, the restorer of each tool call's arguments, by the call's index. */
  private final Map<Integer, Map<Integer, StreamRestorer>> calls = new HashMap<>(2);

  Restoring(Placeholders placeholders) {
    this.placeholders = placeholders;
  }

  @Override
  public ObjectNode answer(ObjectNode answer) {
    for (JsonNode choice : answer.path("choices")) {
      if (choice.path("message") instanceof ObjectNode message) {
        restore(message);
      }
    }
    return answer;
  }

  private void restore(ObjectNode message) {
    if (message.path("content").isTextual()) {
      message.put("content", placeholders.restore(message.get("content").asText()));
    }
    for (JsonNode call : message.path("tool_calls")) {
      if (call.path("function") instanceof ObjectNode f && f.path("arguments").isTextual()) {
        f.put("arguments", placeholders.restore(f.get("arguments").asText()));
      }
    }
  }

  @Override
  public ObjectNode chunk(ObjectNode chunk) {
    for (JsonNode choice : chunk.path("choices")) {
      if (!(choice instanceof ObjectNode c)) {
        continue;
      }
      int index = c.path("index").asInt(0);
      StreamRestorer restorer =
          streams.computeIfAbsent(index, i -> new StreamRestorer(placeholders));
      JsonNode delta = c.get("delta");
      boolean last = c.hasNonNull("finish_reason");
      if (delta instanceof ObjectNode d && d.path("content").isTextual()) {
        String ready = restorer.push(d.get("content").asText());
        d.put("content", last ? ready + restorer.finish() : ready);
      } else if (last) {
        String rest = restorer.finish();
        if (!rest.isEmpty()) {
          (delta instanceof ObjectNode d ? d : c.putObject("delta")).put("content", rest);
        }
      }
      toolCalls(c, index, last);
    }
    return chunk;
  }

  /**
   * Restores the argument fragments of {@code choice}'s tool calls; on its last chunk, what was
   * held back goes out as one more fragment of each call that has some.
   */
  private void toolCalls(ObjectNode choice, int index, boolean last) {
    Map<Integer, StreamRestorer> byCall = calls.computeIfAbsent(index, i -> new HashMap<>(2));
    for (JsonNode call : choice.path("delta").path("tool_calls")) {
      if (call.path("function") instanceof ObjectNode f && f.path("arguments").isTextual()) {
        StreamRestorer restorer =
            byCall.computeIfAbsent(
                call.path("index").asInt(0), i -> new StreamRestorer(placeholders));
        f.put("arguments", restorer.push(f.get("arguments").asText()));
      }
    }
    if (!last) {
      return;
    }
    for (Map.Entry<Integer, StreamRestorer> held : byCall.entrySet()) {
      String rest = held.getValue().finish();
      if (!rest.isEmpty()) {
        ObjectNode delta =
            choice.get("delta") instanceof ObjectNode d ? d : choice.putObject("delta");
        delta
            .withArray("tool_calls")
            .addObject()
            .put("index", held.getKey())
            .putObject("function")
            .put("arguments", rest);
      }
    }
    calls.remove(index);
  }
}
