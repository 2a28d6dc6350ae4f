package switchboard.provider.simulated;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SimAnswer} in Anthropic's shapes: the answer to an Anthropic request (read through an
 * OpenAI-shaped view of it, so both simulators answer alike), as a {@code message} and as the
 * stream's event sequence (wire-formats §3.5, §3.6). Honours {@code max_tokens}.
 */
final class AnthropicSimAnswer {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One SSE event: its name (equal to the JSON {@code type}) and its JSON data. */
  record Event(String name, ObjectNode data) {
    String sse() {
      return "event: " + name + "\ndata: " + data + "\n\n";
    }
  }

  private final SimAnswer answer;
  private final List<String> pieces;
  private final String stopReason;
  private final long outputTokens;

  AnthropicSimAnswer(JsonNode request, String model) {
    this.answer = SimAnswer.of(openAiView(request), model);
    long max = Math.max(1, request.path("max_tokens").asLong(Long.MAX_VALUE));
    if (answer.toolName() != null) {
      pieces = List.of();
      stopReason = "tool_use";
      outputTokens = answer.completionTokens();
    } else if (answer.pieces().size() > max) {
      pieces = answer.pieces().subList(0, (int) max);
      stopReason = "max_tokens";
      outputTokens = max;
    } else {
      pieces = answer.pieces();
      stopReason = "end_turn";
      outputTokens = answer.completionTokens();
    }
  }

  SimAnswer base() {
    return answer;
  }

  /** The complete {@code message}. */
  ObjectNode message() {
    ObjectNode message = envelope(stopReason);
    ArrayNode content = message.putArray("content");
    if (answer.toolName() != null) {
      content
          .addObject()
          .put("type", "tool_use")
          .put("id", toolId())
          .put("name", answer.toolName())
          .set("input", input());
    } else {
      content.addObject().put("type", "text").put("text", String.join("", pieces));
    }
    message.set("usage", usage(outputTokens));
    return message;
  }

  /** The whole stream: message_start, a ping, one content block, message_delta, message_stop. */
  List<Event> events() {
    List<Event> events = new ArrayList<>();
    ObjectNode start = envelope(null);
    start.putArray("content");
    start.set("usage", usage(1));
    Event messageStart = event("message_start");
    messageStart.data().set("message", start);
    events.add(messageStart);
    ObjectNode block = NODES.objectNode();
    if (answer.toolName() != null) {
      block
          .put("type", "tool_use")
          .put("id", toolId())
          .put("name", answer.toolName())
          .putObject("input");
    } else {
      block.put("type", "text").put("text", "");
    }
    Event blockStart = event("content_block_start", 0);
    blockStart.data().set("content_block", block);
    events.add(blockStart);
    events.add(new Event("ping", NODES.objectNode().put("type", "ping")));
    if (answer.toolName() != null) {
      String args = answer.toolArguments();
      events.add(delta("input_json_delta", "partial_json", ""));
      for (int i = 0; i < args.length(); i += 8) {
        events.add(
            delta(
                "input_json_delta",
                "partial_json",
                args.substring(i, Math.min(args.length(), i + 8))));
      }
    } else {
      for (String piece : pieces) {
        events.add(delta("text_delta", "text", piece));
      }
    }
    events.add(event("content_block_stop", 0));
    Event messageDelta = event("message_delta");
    messageDelta.data().putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
    messageDelta.data().putObject("usage").put("output_tokens", outputTokens);
    events.add(messageDelta);
    events.add(event("message_stop"));
    return events;
  }

  private Event delta(String type, String field, String value) {
    Event e = event("content_block_delta", 0);
    e.data().putObject("delta").put("type", type).put(field, value);
    return e;
  }

  private static Event event(String name) {
    return new Event(name, NODES.objectNode().put("type", name));
  }

  private static Event event(String name, int index) {
    Event e = event(name);
    e.data().put("index", index);
    return e;
  }

  private ObjectNode envelope(String stop) {
    ObjectNode message = NODES.objectNode();
    message.put("id", "msg_" + answer.id().substring("chatcmpl-".length()));
    message.put("type", "message");
    message.put("role", "assistant");
    message.put("model", answer.model());
    if (stop == null) {
      message.putNull("stop_reason");
    } else {
      message.put("stop_reason", stop);
    }
    message.putNull("stop_sequence");
    return message;
  }

  private ObjectNode usage(long output) {
    ObjectNode usage = NODES.objectNode();
    usage.put("input_tokens", answer.promptTokens());
    usage.put("cache_creation_input_tokens", 0);
    usage.put("cache_read_input_tokens", 0);
    usage.put("output_tokens", output);
    return usage;
  }

  private String toolId() {
    return "toolu_" + answer.id().substring(answer.id().length() - 8);
  }

  private JsonNode input() {
    try {
      return JSON.readTree(answer.toolArguments());
    } catch (Exception e) {
      throw new IllegalStateException("the simulated tool arguments are JSON", e);
    }
  }

  /**
   * The request as SimAnswer reads OpenAI ones: the system prompt and turns as text messages, tool
   * results as {@code tool} messages, tools by name, {@code tool_choice: none}.
   */
  static ObjectNode openAiView(JsonNode request) {
    ObjectNode view = NODES.objectNode();
    ArrayNode messages = view.putArray("messages");
    JsonNode system = request.get("system");
    if (system != null && !system.isNull()) {
      messages.addObject().put("role", "system").set("content", system);
    }
    for (JsonNode turn : request.path("messages")) {
      String role = turn.path("role").asText("user");
      JsonNode content = turn.get("content");
      if (content == null || !content.isArray()) {
        messages.addObject().put("role", role).set("content", content);
        continue;
      }
      ArrayNode rest = NODES.arrayNode();
      for (JsonNode block : content) {
        if ("tool_result".equals(block.path("type").asText())) {
          messages.addObject().put("role", "tool").set("content", block.get("content"));
        } else if ("text".equals(block.path("type").asText())) {
          rest.add(block);
        }
      }
      if (!rest.isEmpty()) {
        messages.addObject().put("role", role).set("content", rest);
      }
    }
    ArrayNode tools = NODES.arrayNode();
    for (JsonNode tool : request.path("tools")) {
      if (tool.path("name").isTextual() && !tool.has("type")) {
        tools
            .addObject()
            .put("type", "function")
            .putObject("function")
            .put("name", tool.get("name").asText());
      }
    }
    if (!tools.isEmpty()) {
      view.set("tools", tools);
    }
    if ("none".equals(request.path("tool_choice").path("type").asText())) {
      view.put("tool_choice", "none");
    }
    return view;
  }
}
