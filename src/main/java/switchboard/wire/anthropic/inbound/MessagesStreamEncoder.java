package switchboard.wire.anthropic.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import switchboard.wire.StreamEncoder;
import switchboard.wire.anthropic.AnthropicErrors;
import switchboard.wire.openai.ChunkFacts;

/**
 * Writes the {@code /v1/messages} stream (wire-formats §3.6, §4.5): every event is {@code event:
 * <type>\ndata: <json>\n\n}, the name equal to the JSON {@code type}, no {@code [DONE]}.
 *
 * <p>{@link #translating()} turns canonical chunks into {@code message_start}, one {@code
 * content_block_start/delta/stop} run per block (thinking from {@code reasoning_content}, text, one
 * {@code tool_use} block per tool call index), closing the open block before another opens; the
 * finish reason and the later usage chunk become one {@code message_delta} written by {@link
 * #end()}, then {@code message_stop}. {@link #passthrough()} is for a stream relayed from an
 * Anthropic upstream, whose events the relay forwards itself except {@code message_stop}.
 */
public final class MessagesStreamEncoder implements StreamEncoder {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> ANTHROPIC_TYPES =
      Set.of(
          "invalid_request_error",
          "authentication_error",
          "billing_error",
          "permission_error",
          "not_found_error",
          "request_too_large",
          "rate_limit_error",
          "api_error",
          "timeout_error",
          "overloaded_error");
  private static final Buffer STOP =
      Buffer.buffer("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");

  private final boolean translate;
  private boolean started;
  private boolean finished;
  private int nextBlock;
  private int openBlock = -1;
  private String openKind;

  /** Canonical tool call index → Anthropic content block index. */
  private final Map<Integer, Integer> toolBlocks = new HashMap<>();

  private int lastToolIndex = -1;
  private String finishReason;
  private JsonNode usage;

  private MessagesStreamEncoder(boolean translate) {
    this.translate = translate;
  }

  /** For streams translated from canonical chunks (a non-Anthropic upstream). */
  public static MessagesStreamEncoder translating() {
    return new MessagesStreamEncoder(true);
  }

  /**
   * For streams relayed untranslated from an Anthropic upstream: {@link #chunk} writes nothing,
   * {@link #end()} only {@code message_stop}, {@link #error} the error event.
   */
  public static MessagesStreamEncoder passthrough() {
    return new MessagesStreamEncoder(false);
  }

  @Override
  public Buffer chunk(ObjectNode chunk) {
    Buffer out = Buffer.buffer();
    if (!translate || finished) {
      return out;
    }
    if (!started) {
      start(chunk, out);
    }
    JsonNode chunkUsage = ChunkFacts.of(chunk).usage();
    if (chunkUsage != null) {
      usage = chunkUsage;
    }
    JsonNode choice = chunk.path("choices").path(0);
    if (!choice.isObject()) {
      return out; // usage-only chunks and Azure's empty-choices chunks
    }
    JsonNode delta = choice.path("delta");
    String reasoning = Outbound.reasoning(delta);
    if (reasoning != null) {
      open(
          "thinking",
          NODES.objectNode().put("type", "thinking").put("thinking", "").put("signature", ""),
          out);
      delta(out, NODES.objectNode().put("type", "thinking_delta").put("thinking", reasoning));
    }
    String text = Outbound.text(delta, "content");
    if (text == null) {
      text = Outbound.text(delta, "refusal");
    }
    if (text != null) {
      open("text", NODES.objectNode().put("type", "text").put("text", ""), out);
      delta(out, NODES.objectNode().put("type", "text_delta").put("text", text));
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
    if (!translate) {
      return STOP.copy();
    }
    Buffer out = Buffer.buffer();
    if (finished) {
      return out;
    }
    if (!started) {
      start(NODES.objectNode(), out);
    }
    close(out);
    finished = true;
    ObjectNode event = NODES.objectNode().put("type", "message_delta");
    event
        .putObject("delta")
        .put("stop_reason", Outbound.stopReason(finishReason))
        .putNull("stop_sequence");
    // Cumulative, input side included (as the newest API does), so it stands on its own.
    event.set("usage", Outbound.usage(usage));
    return out.appendBuffer(event("message_delta", event)).appendBuffer(STOP.copy());
  }

  /**
   * The error event, never followed by {@code message_stop}. Neutral classes are mapped: {@code
   * overloaded} → {@code overloaded_error}, {@code rate_limited} → {@code rate_limit_error}, {@code
   * timeout} → {@code timeout_error}; an Anthropic type is kept; anything else → {@code api_error}.
   */
  @Override
  public Buffer error(String type, String message) {
    finished = true;
    return AnthropicErrors.errorEvent(anthropicType(type), message);
  }

  static String anthropicType(String type) {
    if (type == null) {
      return "api_error";
    }
    if (ANTHROPIC_TYPES.contains(type)) {
      return type;
    }
    return switch (type) {
      case "overloaded" -> "overloaded_error";
      case "rate_limited" -> "rate_limit_error";
      case "timeout" -> "timeout_error";
      default -> "api_error";
    };
  }

  private void start(JsonNode first, Buffer out) {
    started = true;
    ObjectNode message = NODES.objectNode();
    message.put("id", Outbound.messageId(first.get("id")));
    message.put("type", "message");
    message.put("role", "assistant");
    message.put("model", Outbound.model(first.get("model")));
    message.putArray("content");
    message.putNull("stop_reason");
    message.putNull("stop_sequence");
    // The input side when the first chunk already knows it, else zeros; message_delta completes it.
    ObjectNode startUsage = Outbound.usage(ChunkFacts.of(first).usage());
    startUsage.put("output_tokens", 0);
    message.set("usage", startUsage);
    ObjectNode event = NODES.objectNode().put("type", "message_start");
    event.set("message", message);
    out.appendBuffer(event("message_start", event));
  }

  /**
   * One tool call fragment. A new canonical index opens a {@code tool_use} block (its id and name
   * come on that first fragment), followed at once by an empty {@code input_json_delta}: the SDK
   * accumulators require at least one per tool block. Later argument fragments go to the block of
   * their index, even if a later block has opened since (upstreams do not interleave in practice).
   */
  private void toolCall(JsonNode call, Buffer out) {
    int index;
    if (call.path("index").canConvertToInt()) {
      index = call.path("index").asInt();
    } else {
      index = call.hasNonNull("id") || lastToolIndex < 0 ? lastToolIndex + 1 : lastToolIndex;
    }
    Integer block = toolBlocks.get(index);
    if (block == null) {
      close(out);
      block = nextBlock++;
      toolBlocks.put(index, block);
      lastToolIndex = Math.max(lastToolIndex, index);
      openBlock = block;
      openKind = "tool";
      ObjectNode content = NODES.objectNode().put("type", "tool_use");
      content.put("id", call.path("id").isTextual() ? call.path("id").asText() : "toolu_" + block);
      content.put("name", call.path("function").path("name").asText(""));
      content.putObject("input");
      blockStart(out, block, content);
      blockDelta(
          out, block, NODES.objectNode().put("type", "input_json_delta").put("partial_json", ""));
    }
    String arguments = Outbound.text(call.path("function"), "arguments");
    if (arguments != null) {
      blockDelta(
          out,
          block,
          NODES.objectNode().put("type", "input_json_delta").put("partial_json", arguments));
    }
  }

  /** Makes sure a block of {@code kind} is open, closing any other open block first. */
  private void open(String kind, ObjectNode contentBlock, Buffer out) {
    if (openBlock >= 0 && kind.equals(openKind)) {
      return;
    }
    close(out);
    openBlock = nextBlock++;
    openKind = kind;
    blockStart(out, openBlock, contentBlock);
  }

  private void close(Buffer out) {
    if (openBlock < 0) {
      return;
    }
    ObjectNode event = NODES.objectNode().put("type", "content_block_stop").put("index", openBlock);
    out.appendBuffer(event("content_block_stop", event));
    openBlock = -1;
    openKind = null;
  }

  private void delta(Buffer out, ObjectNode delta) {
    blockDelta(out, openBlock, delta);
  }

  private static void blockStart(Buffer out, int index, ObjectNode contentBlock) {
    ObjectNode event = NODES.objectNode().put("type", "content_block_start").put("index", index);
    event.set("content_block", contentBlock);
    out.appendBuffer(event("content_block_start", event));
  }

  private static void blockDelta(Buffer out, int index, ObjectNode delta) {
    ObjectNode event = NODES.objectNode().put("type", "content_block_delta").put("index", index);
    event.set("delta", delta);
    out.appendBuffer(event("content_block_delta", event));
  }

  private static Buffer event(String name, ObjectNode data) {
    return Buffer.buffer("event: " + name + "\ndata: " + data + "\n\n");
  }
}
