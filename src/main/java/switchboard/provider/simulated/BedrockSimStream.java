package switchboard.provider.simulated;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;
import switchboard.wire.bedrock.EventStreamFrames;

/** Streams a {@link SimAnswer} as Bedrock's binary ConverseStream events, paced at tokens/s. */
final class BedrockSimStream {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Vertx vertx;
  private final HttpServerResponse response;
  private final SimAnswer answer;
  private final double tokensPerSecond;
  private final Scenario scenario;
  private final long latencyMs;
  private final List<Buffer> frames = new ArrayList<>();

  BedrockSimStream(
      Vertx vertx,
      HttpServerResponse response,
      SimAnswer answer,
      double tokensPerSecond,
      Scenario scenario,
      long latencyMs) {
    this.vertx = vertx;
    this.response = response;
    this.answer = answer;
    this.tokensPerSecond = tokensPerSecond;
    this.scenario = scenario;
    this.latencyMs = latencyMs;
  }

  /** The complete (non-streamed) Converse answer. */
  static ObjectNode converseAnswer(SimAnswer answer, long latencyMs) {
    ObjectNode root = NODES.objectNode();
    ObjectNode message = root.putObject("output").putObject("message");
    message.put("role", "assistant");
    ObjectNode block = message.putArray("content").addObject();
    if (answer.toolName() != null) {
      ObjectNode use = block.putObject("toolUse");
      use.put("toolUseId", toolUseId(answer));
      use.put("name", answer.toolName());
      use.set("input", input(answer));
    } else {
      block.put("text", answer.text());
    }
    root.put("stopReason", answer.toolName() != null ? "tool_use" : "end_turn");
    root.set("usage", usage(answer));
    root.putObject("metrics").put("latencyMs", latencyMs);
    return root;
  }

  void start() {
    response.setChunked(true).putHeader("content-type", "application/vnd.amazon.eventstream");
    frames.add(
        EventStreamFrames.encode(
            "messageStart", NODES.objectNode().put("role", "assistant").toString()));
    if (answer.toolName() != null) {
      ObjectNode start = NODES.objectNode().put("contentBlockIndex", 0);
      start
          .putObject("start")
          .putObject("toolUse")
          .put("toolUseId", toolUseId(answer))
          .put("name", answer.toolName());
      frames.add(EventStreamFrames.encode("contentBlockStart", start.toString()));
      String args = input(answer).toString();
      for (int i = 0; i < args.length(); i += 8) {
        ObjectNode delta = NODES.objectNode().put("contentBlockIndex", 0);
        delta
            .putObject("delta")
            .putObject("toolUse")
            .put("input", args.substring(i, Math.min(args.length(), i + 8)));
        frames.add(EventStreamFrames.encode("contentBlockDelta", delta.toString()));
      }
    } else {
      for (String piece : answer.pieces()) {
        ObjectNode delta = NODES.objectNode().put("contentBlockIndex", 0);
        delta.putObject("delta").put("text", piece);
        frames.add(EventStreamFrames.encode("contentBlockDelta", delta.toString()));
      }
    }
    if (scenario == Scenario.ERROR_EVENT) {
      List<Buffer> some = new ArrayList<>(frames.subList(0, Math.min(3, frames.size())));
      frames.clear();
      frames.addAll(some);
      frames.add(
          EventStreamFrames.encodeException(
              "modelStreamErrorException",
              NODES
                  .objectNode()
                  .put("message", "The simulated model failed mid-answer.")
                  .toString()));
    } else {
      frames.add(EventStreamFrames.encode("contentBlockStop", "{\"contentBlockIndex\":0}"));
      frames.add(
          EventStreamFrames.encode(
              "messageStop",
              NODES
                  .objectNode()
                  .put("stopReason", answer.toolName() != null ? "tool_use" : "end_turn")
                  .toString()));
      ObjectNode metadata = NODES.objectNode();
      metadata.set("usage", usage(answer));
      metadata.putObject("metrics").put("latencyMs", latencyMs);
      frames.add(EventStreamFrames.encode("metadata", metadata.toString()));
    }
    send(0);
  }

  private void send(int from) {
    long delay = tokensPerSecond <= 0 ? 0 : (long) (1000 / tokensPerSecond);
    for (int index = from; ; index++) {
      if (response.closed()) {
        return;
      }
      if (scenario == Scenario.BROKEN_STREAM && index == Math.min(4, frames.size() - 2)) {
        response.reset(); // cut the connection mid-stream
        return;
      }
      if (index >= frames.size()) {
        response.end();
        return;
      }
      response.write(frames.get(index));
      if (delay > 0 && index > 0) {
        int next = index + 1;
        vertx.setTimer(delay, id -> send(next));
        return;
      }
    }
  }

  private static String toolUseId(SimAnswer answer) {
    return "tooluse_" + answer.id().substring(answer.id().length() - 8);
  }

  private static JsonNode input(SimAnswer answer) {
    try {
      return JSON.readTree(answer.toolArguments());
    } catch (Exception e) {
      return NODES.objectNode();
    }
  }

  private static ObjectNode usage(SimAnswer answer) {
    ObjectNode usage = NODES.objectNode();
    usage.put("inputTokens", answer.promptTokens());
    usage.put("outputTokens", answer.completionTokens());
    usage.put("totalTokens", answer.promptTokens() + answer.completionTokens());
    usage.put("cacheReadInputTokens", 0);
    usage.put("cacheWriteInputTokens", 0);
    return usage;
  }
}
