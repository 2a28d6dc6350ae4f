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
 * placeholder's length).
 */
final class Restoring implements AnswerHook {

  private final Placeholders placeholders;
  private final Map<Integer, StreamRestorer> streams = new HashMap<>(2);

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
      StreamRestorer restorer =
          streams.computeIfAbsent(c.path("index").asInt(0), i -> new StreamRestorer(placeholders));
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
    }
    return chunk;
  }
}
