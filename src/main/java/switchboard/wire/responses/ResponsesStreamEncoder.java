package switchboard.wire.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.util.HashMap;
import java.util.Map;
import switchboard.wire.StreamEncoder;
import switchboard.wire.openai.ChunkFacts;

/**
 * Writes the {@code /v1/responses} stream from canonical chunks: every event is {@code event:
 * <type>\ndata: <json>\n\n}, the name equal to the JSON {@code type}, with a {@code
 * sequence_number} counting up from 0; no {@code [DONE]}.
 *
 * <p>The first chunk opens the response ({@code response.created}, {@code response.in_progress}).
 * Each output item is a run of {@code response.output_item.added}, its part's {@code
 * content_part.added}, deltas ({@code output_text}, {@code reasoning_text}, {@code refusal} or
 * {@code function_call_arguments}), their {@code .done}, {@code content_part.done} and {@code
 * output_item.done}; the open item is closed before another opens and at the finish reason. The
 * later usage chunk and the finish go into the final response of {@link #end()}: {@code
 * response.completed} (or {@code response.incomplete} for a {@code length} finish). A stream that
 * broke ends in {@code response.failed} ({@link #error}), never in {@code response.completed}. The
 * output accumulates to exactly what {@link ResponsesWriter} writes for the same answer.
 */
public final class ResponsesStreamEncoder implements StreamEncoder {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ResponseShell shell;
  private final ArrayNode output = NODES.arrayNode();
  private final Map<Integer, Tool> tools = new HashMap<>();
  private int sequence;
  private boolean started;
  private boolean finished;
  private String model;
  private String finishReason;
  private JsonNode usage;

  /** The open item: its output index, kind ({@code reasoning}, {@code text}, {@code refusal}). */
  private int openIndex = -1;

  private String openKind;
  private String openId;
  private final StringBuilder openText = new StringBuilder();
  private Tool openTool;
  private int reasonings;
  private int messages;
  private int calls;
  private int lastToolIndex = -1;

  /** One function call being streamed. */
  private static final class Tool {
    final int outputIndex;
    final String id;
    final String callId;
    final String name;
    final StringBuilder arguments = new StringBuilder();

    Tool(int outputIndex, String id, String callId, String name) {
      this.outputIndex = outputIndex;
      this.id = id;
      this.callId = callId;
      this.name = name;
    }
  }

  private final java.util.function.Consumer<ObjectNode> onCompleted;

  public ResponsesStreamEncoder(ResponseShell shell) {
    this(shell, response -> {});
  }

  /** An encoder that hands the final response of a clean end to {@code onCompleted}. */
  public ResponsesStreamEncoder(
      ResponseShell shell, java.util.function.Consumer<ObjectNode> onCompleted) {
    this.shell = shell;
    this.onCompleted = onCompleted;
  }

  @Override
  public Buffer chunk(ObjectNode chunk) {
    Buffer out = Buffer.buffer();
    if (finished) {
      return out;
    }
    if (!started) {
      start(chunk, out);
    }
    ChunkFacts facts = ChunkFacts.of(chunk);
    if (facts.usage() != null) {
      usage = facts.usage();
    }
    JsonNode choice = chunk.path("choices").path(0);
    if (!choice.isObject()) {
      return out;
    }
    JsonNode delta = choice.path("delta");
    String reasoning = Outputs.reasoningText(delta);
    if (reasoning != null) {
      delta(out, "reasoning", "response.reasoning_text.delta", reasoning);
    }
    String text = Outputs.text(delta, "content");
    if (text != null) {
      delta(out, "text", "response.output_text.delta", text);
    }
    String refusal = Outputs.text(delta, "refusal");
    if (refusal != null) {
      delta(out, "refusal", "response.refusal.delta", refusal);
    }
    for (JsonNode call : delta.path("tool_calls")) {
      toolCall(call, out);
    }
    JsonNode finish = choice.get("finish_reason");
    if (finish != null && finish.isTextual()) {
      finishReason = finish.asText();
      close(out);
    }
    return out;
  }

  @Override
  public Buffer end() {
    Buffer out = Buffer.buffer();
    if (finished) {
      return out;
    }
    if (!started) {
      start(NODES.objectNode(), out);
    }
    close(out);
    finished = true;
    ObjectNode response = shell.response("completed", model);
    response.set("output", output.deepCopy());
    Outputs.finish(response, finishReason, usage);
    String type =
        response.path("status").asText().equals("incomplete")
            ? "response.incomplete"
            : "response.completed";
    out.appendBuffer(event(type, NODES.objectNode().set("response", response)));
    onCompleted.accept(response);
    return out;
  }

  /**
   * {@code response.failed} with the output so far; its {@code error.code} is {@code
   * rate_limit_exceeded} for a rate limit, else {@code server_error}.
   */
  @Override
  public Buffer error(String type, String message) {
    Buffer out = Buffer.buffer();
    if (finished) {
      return out;
    }
    if (!started) {
      start(NODES.objectNode(), out);
    }
    finished = true;
    ObjectNode response = shell.response("failed", model);
    response.set("output", output.deepCopy());
    response
        .putObject("error")
        .put("code", "rate_limited".equals(type) ? "rate_limit_exceeded" : "server_error")
        .put("message", message);
    out.appendBuffer(event("response.failed", NODES.objectNode().set("response", response)));
    return out;
  }

  private void start(JsonNode first, Buffer out) {
    started = true;
    JsonNode m = first.get("model");
    model = m != null && m.isTextual() && !m.asText().isEmpty() ? m.asText() : null;
    ObjectNode created = shell.response("in_progress", model);
    out.appendBuffer(event("response.created", NODES.objectNode().set("response", created)));
    ObjectNode progress = shell.response("in_progress", model);
    out.appendBuffer(event("response.in_progress", NODES.objectNode().set("response", progress)));
  }

  /** A text-like delta: opens an item of {@code kind} (closing another) and writes the delta. */
  private void delta(Buffer out, String kind, String eventType, String text) {
    if (!kind.equals(openKind)) {
      close(out);
      open(kind, out);
    }
    openText.append(text);
    ObjectNode event = partEvent();
    event.put("delta", text);
    if (kind.equals("text")) {
      event.putArray("logprobs");
    }
    out.appendBuffer(event(eventType, event));
  }

  private void open(String kind, Buffer out) {
    openKind = kind;
    openIndex = output.size();
    openText.setLength(0);
    ObjectNode item;
    ObjectNode part;
    if (kind.equals("reasoning")) {
      openId = shell.itemId("rs", reasonings++);
      item = Outputs.reasoning(openId, "");
      ((ArrayNode) item.get("content")).removeAll();
      part = Outputs.reasoningPart("");
    } else {
      openId = shell.itemId("msg", messages++);
      item = Outputs.message(openId, "in_progress", null);
      part = kind.equals("text") ? Outputs.textPart("") : Outputs.refusalPart("");
    }
    output.add(item);
    ObjectNode added = NODES.objectNode().put("output_index", openIndex);
    added.set("item", item.deepCopy());
    out.appendBuffer(event("response.output_item.added", added));
    ObjectNode partAdded = partEvent();
    partAdded.set("part", part);
    out.appendBuffer(event("response.content_part.added", partAdded));
  }

  /** One tool call fragment; a new canonical index opens a {@code function_call} item. */
  private void toolCall(JsonNode call, Buffer out) {
    int index;
    if (call.path("index").canConvertToInt()) {
      index = call.path("index").asInt();
    } else {
      index = call.hasNonNull("id") || lastToolIndex < 0 ? lastToolIndex + 1 : lastToolIndex;
    }
    Tool tool = tools.get(index);
    if (tool == null) {
      close(out);
      String id = shell.itemId("fc", calls++);
      String callId = call.path("id").isTextual() ? call.path("id").asText() : "call_" + id;
      tool = new Tool(output.size(), id, callId, call.path("function").path("name").asText(""));
      tools.put(index, tool);
      lastToolIndex = Math.max(lastToolIndex, index);
      openTool = tool;
      openKind = "tool";
      ObjectNode item = Outputs.functionCall(id, "in_progress", callId, tool.name, "");
      output.add(item);
      ObjectNode added = NODES.objectNode().put("output_index", tool.outputIndex);
      added.set("item", item.deepCopy());
      out.appendBuffer(event("response.output_item.added", added));
    }
    String arguments = Outputs.text(call.path("function"), "arguments");
    if (arguments != null) {
      tool.arguments.append(arguments);
      if (tool == openTool) {
        ObjectNode event = NODES.objectNode().put("item_id", tool.id);
        event.put("output_index", tool.outputIndex).put("delta", arguments);
        out.appendBuffer(event("response.function_call_arguments.delta", event));
      } else {
        // A late fragment of a call already closed (upstreams do not interleave in practice).
        ((ObjectNode) output.get(tool.outputIndex)).put("arguments", tool.arguments.toString());
      }
    }
  }

  /** Closes the open item, if any: its {@code .done} events, with the whole text. */
  private void close(Buffer out) {
    if (openKind == null) {
      return;
    }
    if (openKind.equals("tool")) {
      Tool tool = openTool;
      String arguments = tool.arguments.toString();
      ObjectNode done = NODES.objectNode().put("item_id", tool.id);
      done.put("output_index", tool.outputIndex).put("arguments", arguments);
      out.appendBuffer(event("response.function_call_arguments.done", done));
      ObjectNode item =
          Outputs.functionCall(tool.id, "completed", tool.callId, tool.name, arguments);
      output.set(tool.outputIndex, item);
      itemDone(out, tool.outputIndex, item);
      openTool = null;
      openKind = null;
      return;
    }
    String text = openText.toString();
    ObjectNode item;
    ObjectNode part;
    ObjectNode done = partEvent();
    switch (openKind) {
      case "reasoning" -> {
        done.put("text", text);
        out.appendBuffer(event("response.reasoning_text.done", done));
        part = Outputs.reasoningPart(text);
        item = Outputs.reasoning(openId, text);
      }
      case "text" -> {
        done.put("text", text);
        done.putArray("logprobs");
        out.appendBuffer(event("response.output_text.done", done));
        part = Outputs.textPart(text);
        item = Outputs.message(openId, Outputs.status(finishReason), part);
      }
      default -> {
        done.put("refusal", text);
        out.appendBuffer(event("response.refusal.done", done));
        part = Outputs.refusalPart(text);
        item = Outputs.message(openId, Outputs.status(finishReason), part);
      }
    }
    ObjectNode partDone = partEvent();
    partDone.set("part", part.deepCopy());
    out.appendBuffer(event("response.content_part.done", partDone));
    output.set(openIndex, item);
    itemDone(out, openIndex, item);
    openKind = null;
  }

  private void itemDone(Buffer out, int index, ObjectNode item) {
    ObjectNode done = NODES.objectNode().put("output_index", index);
    done.set("item", item.deepCopy());
    out.appendBuffer(event("response.output_item.done", done));
  }

  /** The fields naming the open item's (only) part. */
  private ObjectNode partEvent() {
    ObjectNode event = NODES.objectNode().put("item_id", openId);
    event.put("output_index", openIndex).put("content_index", 0);
    return event;
  }

  /** One SSE event: {@code type} and {@code sequence_number} first, then {@code fields}. */
  private Buffer event(String type, ObjectNode fields) {
    ObjectNode data = NODES.objectNode().put("type", type).put("sequence_number", sequence++);
    data.setAll(fields);
    return Buffer.buffer("event: " + type + "\ndata: " + data + "\n\n");
  }
}
