package switchboard.wire.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import switchboard.wire.StreamDecoder;
import switchboard.wire.openai.CanonicalChunks;

/**
 * Reads a Bedrock {@code converse-stream} answer (binary event-stream messages, see {@link
 * EventStreamFrames}) as canonical chunks. {@code metadata} (usage) is the last event: its usage
 * chunk is followed by {@link Out#done()} instead of its frame. An {@code exception} message is
 * reported as {@link Out#error} with {@code {"type": <exception type>, "message": …}}.
 */
public final class ConverseStreamDecoder implements StreamDecoder {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String id;
  private final String model;
  private final long created;
  private final EventStreamFrames frames = new EventStreamFrames();

  /** Bedrock's contentBlockIndex of each tool-use block → the canonical tool call index. */
  private final Map<Integer, Integer> toolCalls = new HashMap<>();

  private boolean broken;
  private boolean finished;

  /**
   * @param id the canonical chunk id (Bedrock's stream carries none)
   * @param model the model name the chunks report
   * @param created the chunks' {@code created} timestamp, epoch seconds
   */
  public ConverseStreamDecoder(String id, String model, long created) {
    this.id = id;
    this.model = model;
    this.created = created;
  }

  @Override
  public void feed(Buffer bytes, Out out) {
    if (broken) {
      return;
    }
    try {
      for (EventStreamMessage message : frames.feed(bytes)) {
        read(message, out);
        if (broken) {
          return;
        }
      }
    } catch (EventStreamFrames.MalformedFrame e) {
      broken = true;
      out.malformed(e.getMessage());
    }
  }

  @Override
  public boolean end(Out out) {
    return broken || !frames.hasPartial();
  }

  private void read(EventStreamMessage message, Out out) {
    String kind = message.header(":message-type");
    JsonNode payload;
    try {
      payload =
          message.payload().length == 0 ? NODES.objectNode() : JSON.readTree(message.payload());
    } catch (IOException e) {
      broken = true;
      out.malformed("event-stream payload is not JSON");
      return;
    }
    if ("exception".equals(kind) || "error".equals(kind)) {
      String type = message.header("exception".equals(kind) ? ":exception-type" : ":error-code");
      ObjectNode error = NODES.objectNode();
      error.put("type", type == null ? "unknownException" : type);
      JsonNode text = payload.has("message") ? payload.get("message") : payload.get("Message");
      error.put(
          "message",
          text == null ? String.valueOf(message.header(":error-message")) : text.asText());
      out.error(error);
      return;
    }
    String event = String.valueOf(message.header(":event-type"));
    switch (event) {
      case "messageStart" ->
          out.chunk(
              chunk(
                  NODES
                      .objectNode()
                      .put("role", payload.path("role").asText("assistant"))
                      .put("content", ""),
                  null));
      case "contentBlockStart" -> {
        JsonNode use = payload.path("start").path("toolUse");
        if (use.isObject()) {
          int index = toolCalls.size();
          toolCalls.put(payload.path("contentBlockIndex").asInt(), index);
          ObjectNode call = NODES.objectNode().put("index", index);
          call.put("id", use.path("toolUseId").asText());
          call.put("type", "function");
          call.putObject("function").put("name", use.path("name").asText()).put("arguments", "");
          ObjectNode delta = NODES.objectNode();
          delta.putArray("tool_calls").add(call);
          out.chunk(chunk(delta, null));
        }
      }
      case "contentBlockDelta" -> delta(payload, out);
      case "messageStop" ->
          out.chunk(
              chunk(
                  NODES.objectNode(),
                  ConverseUsage.finishReason(payload.path("stopReason").asText(null))));
      case "metadata" -> {
        ObjectNode chunk = base();
        chunk.putArray("choices");
        chunk.set("usage", ConverseUsage.canonical(payload.path("usage")));
        out.chunk(chunk);
        finished = true;
        out.done();
        return;
      }
      default -> {
        // contentBlockStop and events newer than this code: no chunks, the frame only
      }
    }
    out.frame(message.raw());
  }

  private void delta(JsonNode payload, Out out) {
    JsonNode delta = payload.path("delta");
    if (delta.has("text")) {
      out.chunk(chunk(NODES.objectNode().put("content", delta.get("text").asText()), null));
    } else if (delta.has("toolUse")) {
      int block = payload.path("contentBlockIndex").asInt();
      Integer index = toolCalls.get(block);
      if (index == null) { // a delta without its start: give it a call of its own
        index = toolCalls.size();
        toolCalls.put(block, index);
      }
      ObjectNode call = NODES.objectNode().put("index", index);
      call.putObject("function").put("arguments", delta.get("toolUse").path("input").asText(""));
      ObjectNode out2 = NODES.objectNode();
      out2.putArray("tool_calls").add(call);
      out.chunk(chunk(out2, null));
    } else if (delta.path("reasoningContent").has("text")) {
      out.chunk(
          chunk(
              NODES
                  .objectNode()
                  .put("reasoning_content", delta.get("reasoningContent").get("text").asText()),
              null));
    }
    // reasoningContent.signature / redactedContent: nothing canonical, the frame only
  }

  /** Whether the terminal {@code metadata} event arrived. */
  public boolean finished() {
    return finished;
  }

  private ObjectNode chunk(ObjectNode delta, String finishReason) {
    return CanonicalChunks.chunk(id, created, model, delta, finishReason);
  }

  private ObjectNode base() {
    return CanonicalChunks.head(id, created, model);
  }
}
