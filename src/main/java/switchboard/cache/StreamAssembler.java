package switchboard.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the complete answer ({@code chat.completion}) of a streamed one from its canonical chunks
 * ({@code chat.completion.chunk}), so that a streamed answer can be stored and later served to
 * streaming and non-streaming requests alike. Texts are concatenated, tool calls joined by their
 * index, the last finish reason and usage kept. One per stream; event loop only.
 */
final class StreamAssembler {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Map<Integer, Choice> choices = new TreeMap<>();
  private String id;
  private String model;
  private long created;
  private JsonNode usage;
  private String systemFingerprint;

  private static final class Choice {
    final StringBuilder content = new StringBuilder();
    final StringBuilder reasoning = new StringBuilder();
    final Map<Integer, ObjectNode> toolCalls = new TreeMap<>();
    final Map<Integer, StringBuilder> arguments = new TreeMap<>();
    String finishReason;
    JsonNode refusal;
  }

  void add(ObjectNode chunk) {
    id = chunk.hasNonNull("id") ? chunk.get("id").asText() : id;
    model = chunk.hasNonNull("model") ? chunk.get("model").asText() : model;
    created = chunk.path("created").asLong(created);
    if (chunk.hasNonNull("system_fingerprint")) {
      systemFingerprint = chunk.get("system_fingerprint").asText();
    }
    if (chunk.path("usage").isObject()) {
      usage = chunk.get("usage");
    }
    for (JsonNode c : chunk.path("choices")) {
      Choice choice = choices.computeIfAbsent(c.path("index").asInt(0), i -> new Choice());
      JsonNode delta = c.path("delta");
      if (delta.path("content").isTextual()) {
        choice.content.append(delta.get("content").asText());
      }
      if (delta.path("reasoning_content").isTextual()) {
        choice.reasoning.append(delta.get("reasoning_content").asText());
      }
      if (delta.hasNonNull("refusal")) {
        choice.refusal = delta.get("refusal");
      }
      for (JsonNode call : delta.path("tool_calls")) {
        int index = call.path("index").asInt(0);
        ObjectNode joined =
            choice.toolCalls.computeIfAbsent(
                index, i -> NODES.objectNode().put("type", "function"));
        if (call.hasNonNull("id")) {
          joined.put("id", call.get("id").asText());
        }
        JsonNode function = call.path("function");
        if (function.hasNonNull("name")) {
          joined.put("name", function.get("name").asText());
        }
        if (function.path("arguments").isTextual()) {
          choice
              .arguments
              .computeIfAbsent(index, i -> new StringBuilder())
              .append(function.get("arguments").asText());
        }
      }
      if (c.hasNonNull("finish_reason")) {
        choice.finishReason = c.get("finish_reason").asText();
      }
    }
  }

  /** The finish reason of the first choice, or null while the stream has not given one. */
  String finishReason() {
    Choice first = choices.get(0);
    return first == null ? null : first.finishReason;
  }

  /** The complete answer the chunks add up to. */
  ObjectNode answer() {
    ObjectNode out = NODES.objectNode();
    out.put("id", id == null ? "chatcmpl-cached" : id);
    out.put("object", "chat.completion");
    out.put("created", created);
    out.put("model", model == null ? "" : model);
    ArrayNode list = out.putArray("choices");
    choices.forEach(
        (index, c) -> {
          ObjectNode choice = list.addObject();
          choice.put("index", index);
          ObjectNode message = choice.putObject("message");
          message.put("role", "assistant");
          if (c.content.length() > 0 || c.toolCalls.isEmpty()) {
            message.put("content", c.content.toString());
          } else {
            message.putNull("content");
          }
          if (c.reasoning.length() > 0) {
            message.put("reasoning_content", c.reasoning.toString());
          }
          if (c.refusal != null) {
            message.set("refusal", c.refusal);
          }
          if (!c.toolCalls.isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            c.toolCalls.forEach(
                (i, call) -> {
                  ObjectNode tc = calls.addObject();
                  tc.put("id", call.path("id").asText(""));
                  tc.put("type", "function");
                  ObjectNode function = tc.putObject("function");
                  function.put("name", call.path("name").asText(""));
                  StringBuilder args = c.arguments.get(i);
                  function.put("arguments", args == null ? "" : args.toString());
                });
          }
          choice.put("finish_reason", c.finishReason);
        });
    if (systemFingerprint != null) {
      out.put("system_fingerprint", systemFingerprint);
    }
    if (usage != null) {
      out.set("usage", usage.deepCopy());
    }
    return out;
  }
}
