package switchboard.wire.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.util.HashMap;
import java.util.Map;
import switchboard.wire.StreamDecoder;
import switchboard.wire.openai.CanonicalChunks;
import switchboard.wire.sse.SseEvent;
import switchboard.wire.sse.SseFrames;
import switchboard.wire.sse.SseParser;

/**
 * Reads a Responses event stream (an OpenAI upstream's {@code /v1/responses}) as canonical chunks:
 * the tap of the passthrough, which relays the events themselves.
 *
 * <p>{@code response.created} gives the first chunk (role, id, model); {@code output_text}, {@code
 * refusal}, {@code reasoning_text} and {@code reasoning_summary_text} deltas become {@code
 * content}, {@code refusal} and {@code reasoning_content}; a {@code function_call} item becomes a
 * tool call (its {@code index} its ordinal among the calls, opened with {@code call_id} and name),
 * fed by its {@code function_call_arguments.delta}s. The terminal {@code response.completed} or
 * {@code response.incomplete} gives the finish reason ({@code tool_calls} when the output has a
 * function call, {@code length} for {@code max_output_tokens}, {@code content_filter}, else {@code
 * stop}) and the usage chunk, then {@link Out#done}. {@code response.failed} and {@code error} are
 * reported as errors. Every event is reported as a frame, the terminal one included (unlike other
 * dialects' terminal frames, it carries the whole response, so it is relayed as it came).
 */
public final class ResponsesStreamDecoder implements StreamDecoder {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final SseParser parser = new SseParser();
  private final Map<String, Integer> callsByItem = new HashMap<>();
  private final Map<Integer, Integer> callsByOutput = new HashMap<>();
  private String id = "";
  private String model = "";
  private long created;
  private long lastSequence = -1;
  private ObjectNode response;
  private ObjectNode completed;

  @Override
  public void feed(Buffer bytes, Out out) {
    parser.feed(bytes, event -> event(event, out));
  }

  @Override
  public boolean end(Out out) {
    return !parser.end();
  }

  /** The last {@code sequence_number} seen, or -1. */
  public long lastSequence() {
    return lastSequence;
  }

  /** The upstream's final response ({@code response.completed} or {@code .incomplete}), or null. */
  public ObjectNode completed() {
    return completed;
  }

  /** The upstream's response as last reported (created, in progress…), or null. */
  public ObjectNode response() {
    return response;
  }

  private void event(SseEvent event, Out out) {
    JsonNode data;
    try {
      data = JSON.readTree(event.data());
    } catch (Exception e) {
      out.malformed("a Responses stream event whose data is not JSON");
      return;
    }
    if (data == null || !data.isObject()) {
      out.malformed("a Responses stream event whose data is not a JSON object");
      return;
    }
    if (data.path("sequence_number").canConvertToLong()) {
      lastSequence = Math.max(lastSequence, data.path("sequence_number").asLong());
    }
    String type = data.path("type").asText(event.event() == null ? "" : event.event());
    switch (type) {
      case "response.created", "response.in_progress" -> {
        boolean first = response == null;
        read(data.path("response"));
        if (first) {
          out.chunk(chunk(NODES.objectNode().put("role", "assistant").put("content", ""), null));
        }
      }
      case "response.output_text.delta" -> text(out, "content", data);
      case "response.refusal.delta" -> text(out, "refusal", data);
      case "response.reasoning_text.delta", "response.reasoning_summary_text.delta" ->
          text(out, "reasoning_content", data);
      case "response.output_item.added" -> itemAdded(data, out);
      case "response.function_call_arguments.delta" -> arguments(data, out);
      case "response.completed", "response.incomplete" -> {
        read(data.path("response"));
        completed = response;
        out.chunk(chunk(NODES.objectNode(), finishReason(data.path("response"))));
        ObjectNode usage = CanonicalChunks.head(id, created, model);
        usage.putArray("choices");
        usage.set("usage", ResponsesUsage.toCanonical(data.path("response").get("usage")));
        out.chunk(usage);
        out.frame(SseFrames.of(event));
        out.done();
        return;
      }
      case "response.failed" -> {
        JsonNode error = data.path("response").path("error");
        out.error(
            error.isObject()
                ? error
                : NODES.objectNode().put("message", "the upstream response failed"));
        return;
      }
      case "error" -> {
        out.error(data);
        return;
      }
      default -> {
        // content_part, .done events, annotations, built-in tool progress: no canonical slot
      }
    }
    out.frame(SseFrames.of(event));
  }

  private void read(JsonNode r) {
    if (r.isObject()) {
      response = (ObjectNode) r;
      id = r.path("id").asText(id);
      model = r.path("model").asText(model);
      created = r.path("created_at").asLong(created);
    }
  }

  private void text(Out out, String field, JsonNode data) {
    String delta = data.path("delta").asText("");
    if (!delta.isEmpty()) {
      out.chunk(chunk(NODES.objectNode().put(field, delta), null));
    }
  }

  private void itemAdded(JsonNode data, Out out) {
    JsonNode item = data.path("item");
    if (!item.path("type").asText().equals("function_call")) {
      return;
    }
    int index = callsByItem.size();
    callsByItem.put(item.path("id").asText(""), index);
    callsByOutput.put(data.path("output_index").asInt(-1), index);
    ObjectNode delta = NODES.objectNode();
    ObjectNode call = delta.putArray("tool_calls").addObject();
    call.put("index", index);
    call.put("id", item.path("call_id").asText(""));
    call.put("type", "function");
    call.putObject("function")
        .put("name", item.path("name").asText(""))
        .put("arguments", item.path("arguments").asText(""));
    out.chunk(chunk(delta, null));
  }

  private void arguments(JsonNode data, Out out) {
    Integer index = callsByItem.get(data.path("item_id").asText(""));
    if (index == null) {
      index = callsByOutput.get(data.path("output_index").asInt(-1));
    }
    String partial = data.path("delta").asText("");
    if (index == null || partial.isEmpty()) {
      return;
    }
    ObjectNode delta = NODES.objectNode();
    delta
        .putArray("tool_calls")
        .addObject()
        .put("index", index)
        .putObject("function")
        .put("arguments", partial);
    out.chunk(chunk(delta, null));
  }

  /** The canonical finish reason of a finished Responses object. */
  static String finishReason(JsonNode response) {
    if (response.path("status").asText().equals("incomplete")) {
      return response.path("incomplete_details").path("reason").asText().equals("content_filter")
          ? "content_filter"
          : "length";
    }
    for (JsonNode item : response.path("output")) {
      if (item.path("type").asText().equals("function_call")) {
        return "tool_calls";
      }
    }
    return "stop";
  }

  private ObjectNode chunk(ObjectNode delta, String finishReason) {
    return CanonicalChunks.chunk(id, created, model, delta, finishReason);
  }
}
