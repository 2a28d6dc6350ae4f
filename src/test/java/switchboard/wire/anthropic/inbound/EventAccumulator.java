package switchboard.wire.anthropic.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds a message from an Anthropic event stream the way the SDK accumulators do, checking the
 * grammar of §3.6 on the way: named events equal to their type, message_start first, blocks started
 * before their deltas, at least one input_json_delta per tool_use block, message_stop last.
 */
final class EventAccumulator {

  private static final ObjectMapper JSON = new ObjectMapper();

  private EventAccumulator() {}

  /** The events of an SSE text, each checked to be {@code event: X\ndata: {json with type X}}. */
  static List<ObjectNode> events(String sse) {
    assertThat(sse).endsWith("\n\n");
    List<ObjectNode> events = new ArrayList<>();
    for (String frame : sse.split("\n\n")) {
      String[] lines = frame.split("\n");
      assertThat(lines).as("frame %s", frame).hasSize(2);
      assertThat(lines[0]).startsWith("event: ");
      assertThat(lines[1]).startsWith("data: ");
      try {
        ObjectNode data = (ObjectNode) JSON.readTree(lines[1].substring(6));
        assertThat(data.path("type").asText()).isEqualTo(lines[0].substring(7));
        events.add(data);
      } catch (Exception e) {
        throw new AssertionError(frame, e);
      }
    }
    return events;
  }

  /** The accumulated message of a complete stream. */
  static ObjectNode message(String sse) {
    List<ObjectNode> events = events(sse);
    assertThat(events.get(0).path("type").asText()).isEqualTo("message_start");
    assertThat(events.get(events.size() - 1).path("type").asText()).isEqualTo("message_stop");
    ObjectNode message = events.get(0).get("message").deepCopy();
    Map<Integer, ObjectNode> blocks = new HashMap<>();
    Map<Integer, StringBuilder> json = new HashMap<>();
    Integer open = null;
    for (ObjectNode event : events.subList(1, events.size() - 1)) {
      int index = event.path("index").asInt(-1);
      switch (event.path("type").asText()) {
        case "content_block_start" -> {
          assertThat(open).as("a block is still open").isNull();
          assertThat(blocks).doesNotContainKey(index);
          blocks.put(index, event.get("content_block").deepCopy());
          open = index;
        }
        case "content_block_delta" -> {
          assertThat(blocks).containsKey(index);
          ObjectNode block = blocks.get(index);
          JsonNode delta = event.get("delta");
          switch (delta.path("type").asText()) {
            case "text_delta" ->
                block.put("text", block.path("text").asText() + delta.get("text").asText());
            case "thinking_delta" ->
                block.put(
                    "thinking", block.path("thinking").asText() + delta.get("thinking").asText());
            case "input_json_delta" ->
                json.computeIfAbsent(index, k -> new StringBuilder())
                    .append(delta.get("partial_json").asText());
            default -> throw new AssertionError("unexpected delta " + delta);
          }
        }
        case "content_block_stop" -> {
          assertThat(index).isEqualTo(open);
          ObjectNode block = blocks.get(index);
          if (block.path("type").asText().equals("tool_use")) {
            assertThat(json)
                .as("tool_use block %s without input_json_delta", index)
                .containsKey(index);
            block.set("input", MessagesWriter.input(json.get(index).toString()));
          }
          open = null;
        }
        case "message_delta" -> {
          assertThat(open).as("block open at message_delta").isNull();
          message.setAll((ObjectNode) event.get("delta"));
          ((ObjectNode) message.get("usage")).setAll((ObjectNode) event.get("usage"));
        }
        default -> throw new AssertionError("unexpected event " + event);
      }
    }
    ArrayNode content = message.putArray("content");
    blocks.keySet().stream().sorted().forEach(i -> content.add(blocks.get(i)));
    return message;
  }
}
