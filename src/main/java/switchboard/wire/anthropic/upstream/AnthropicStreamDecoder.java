package switchboard.wire.anthropic.upstream;

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
 * Reads an Anthropic Messages stream (wire-formats §3.6) as canonical chunks (§4.5).
 *
 * <p>{@code message_start} gives the first chunk (role, id, model) and the input side of the usage;
 * text and thinking deltas become {@code content} and {@code reasoning_content}; each {@code
 * tool_use} block becomes a tool call whose {@code index} is its own ordinal among the tool calls
 * (not the block index), opened with id, name and empty arguments, then fed by its {@code
 * input_json_delta}s; {@code message_delta} gives the finish reason and the cumulative output
 * usage; {@code message_stop} gives the usage chunk and then {@link Out#done}. The structured
 * output tool ({@link AnthropicRequests#JSON_TOOL}) streams as {@code content}. {@code ping},
 * {@code content_block_stop}, signature deltas and unknown events give no chunk. Every event but
 * {@code message_stop} is then reported as a frame, re-serialised in SSE framing.
 */
public final class AnthropicStreamDecoder implements StreamDecoder {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private enum Kind {
    TEXT,
    THINKING,
    TOOL,
    JSON_ANSWER,
    OTHER
  }

  private record Block(Kind kind, int toolIndex) {}

  private final SseParser parser = new SseParser();
  private final long created;
  private final Map<Integer, Block> blocks = new HashMap<>();
  private String id = "";
  private String model = "";
  private JsonNode startUsage;
  private JsonNode deltaUsage;
  private int toolCalls;
  private boolean jsonAnswer;

  /** A decoder whose chunks carry {@code created: 0} (the caller stamps the time). */
  public AnthropicStreamDecoder() {
    this(0);
  }

  /** A decoder whose chunks carry the given {@code created} timestamp (seconds). */
  public AnthropicStreamDecoder(long created) {
    this.created = created;
  }

  @Override
  public void feed(Buffer bytes, Out out) {
    parser.feed(bytes, event -> event(event, out));
  }

  @Override
  public boolean end(Out out) {
    return !parser.end();
  }

  private void event(SseEvent event, Out out) {
    JsonNode data;
    try {
      data = JSON.readTree(event.data());
    } catch (Exception e) {
      out.malformed("an Anthropic stream event whose data is not JSON");
      return;
    }
    if (data == null || !data.isObject()) {
      out.malformed("an Anthropic stream event whose data is not a JSON object");
      return;
    }
    String type = data.path("type").asText(event.event() == null ? "" : event.event());
    switch (type) {
      case "message_start" -> {
        JsonNode message = data.path("message");
        id = message.path("id").asText("");
        model = message.path("model").asText("");
        startUsage = message.get("usage");
        out.chunk(chunk(NODES.objectNode().put("role", "assistant").put("content", ""), null));
      }
      case "content_block_start" -> blockStart(data, out);
      case "content_block_delta" -> blockDelta(data, out);
      case "message_delta" -> {
        if (data.path("usage").isObject()) {
          deltaUsage = data.get("usage"); // cumulative: the last one counts
        }
        String finish =
            AnthropicResponses.finishReason(data.path("delta").path("stop_reason").asText(null));
        if ("tool_calls".equals(finish) && toolCalls == 0 && jsonAnswer) {
          finish = "stop"; // the structured answer was the only "call"
        }
        if (finish != null) {
          out.chunk(chunk(NODES.objectNode(), finish));
        }
      }
      case "message_stop" -> {
        ObjectNode usage = base();
        usage.putArray("choices");
        usage.set(
            "usage", AnthropicUsage.toCanonical(AnthropicUsage.combine(startUsage, deltaUsage)));
        out.chunk(usage);
        out.done();
        return; // the terminal frame is reported as done(), never as a frame
      }
      case "error" -> out.error(data.has("error") ? data.get("error") : data);
      default -> {
        // ping, content_block_stop and event types newer than this codec carry no content
      }
    }
    out.frame(SseFrames.of(event));
  }

  private void blockStart(JsonNode data, Out out) {
    int index = data.path("index").asInt(-1);
    JsonNode block = data.path("content_block");
    switch (block.path("type").asText()) {
      case "text" -> {
        blocks.put(index, new Block(Kind.TEXT, -1));
        String text = block.path("text").asText("");
        if (!text.isEmpty()) {
          out.chunk(chunk(NODES.objectNode().put("content", text), null));
        }
      }
      case "thinking" -> {
        blocks.put(index, new Block(Kind.THINKING, -1));
        String thinking = block.path("thinking").asText("");
        if (!thinking.isEmpty()) {
          out.chunk(chunk(NODES.objectNode().put("reasoning_content", thinking), null));
        }
      }
      case "tool_use" -> {
        if (AnthropicRequests.JSON_TOOL.equals(block.path("name").asText())) {
          blocks.put(index, new Block(Kind.JSON_ANSWER, -1));
          jsonAnswer = true;
          return;
        }
        int toolIndex = toolCalls++;
        blocks.put(index, new Block(Kind.TOOL, toolIndex));
        ObjectNode delta = NODES.objectNode();
        ObjectNode call = delta.putArray("tool_calls").addObject();
        call.put("index", toolIndex);
        call.put("id", block.path("id").asText(""));
        call.put("type", "function");
        call.putObject("function").put("name", block.path("name").asText("")).put("arguments", "");
        out.chunk(chunk(delta, null));
      }
      default -> blocks.put(index, new Block(Kind.OTHER, -1));
    }
  }

  private void blockDelta(JsonNode data, Out out) {
    Block block = blocks.getOrDefault(data.path("index").asInt(-1), new Block(Kind.OTHER, -1));
    JsonNode delta = data.path("delta");
    switch (delta.path("type").asText()) {
      case "text_delta" -> emit(out, "content", delta.path("text").asText(""));
      case "thinking_delta" -> emit(out, "reasoning_content", delta.path("thinking").asText(""));
      case "input_json_delta" -> {
        String partial = delta.path("partial_json").asText("");
        if (partial.isEmpty()) {
          return;
        }
        if (block.kind() == Kind.JSON_ANSWER) {
          emit(out, "content", partial);
        } else if (block.kind() == Kind.TOOL) {
          ObjectNode d = NODES.objectNode();
          d.putArray("tool_calls")
              .addObject()
              .put("index", block.toolIndex())
              .putObject("function")
              .put("arguments", partial);
          out.chunk(chunk(d, null));
        }
      }
      default -> {
        // signature_delta, citations_delta and newer delta types have no canonical slot
      }
    }
  }

  private void emit(Out out, String field, String text) {
    if (!text.isEmpty()) {
      out.chunk(chunk(NODES.objectNode().put(field, text), null));
    }
  }

  private ObjectNode chunk(ObjectNode delta, String finishReason) {
    return CanonicalChunks.chunk(id, created, model, delta, finishReason);
  }

  private ObjectNode base() {
    return CanonicalChunks.head(id, created, model);
  }
}
