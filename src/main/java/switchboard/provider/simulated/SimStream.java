package switchboard.provider.simulated;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;

/** Streams a {@link SimAnswer} in OpenAI's exact chunk framing, paced at tokens per second. */
final class SimStream {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Vertx vertx;
  private final HttpServerResponse response;
  private final SimAnswer answer;
  private final double tokensPerSecond;
  private final boolean includeUsage;
  private final Scenario scenario;
  private final List<String> frames = new ArrayList<>();

  SimStream(
      Vertx vertx,
      HttpServerResponse response,
      SimAnswer answer,
      double tokensPerSecond,
      boolean includeUsage,
      Scenario scenario) {
    this.vertx = vertx;
    this.response = response;
    this.answer = answer;
    this.tokensPerSecond = tokensPerSecond;
    this.includeUsage = includeUsage;
    this.scenario = scenario;
  }

  void start() {
    response
        .setChunked(true)
        .putHeader("content-type", "text/event-stream; charset=utf-8")
        .putHeader("cache-control", "no-cache");
    if (scenario == Scenario.ERROR_EVENT) {
      response.write(
          "data: {\"error\":{\"message\":\"The simulated model failed before answering.\","
              + "\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n");
      response.end();
      return;
    }
    ObjectNode role = NODES.objectNode().put("role", "assistant").put("content", "");
    frames.add(chunk(role, null));
    if (answer.toolName() != null) {
      ObjectNode first = NODES.objectNode();
      ObjectNode call = first.putArray("tool_calls").addObject();
      call.put("index", 0);
      call.put("id", "call_" + answer.id().substring(answer.id().length() - 8));
      call.put("type", "function");
      call.putObject("function").put("name", answer.toolName()).put("arguments", "");
      frames.add(chunk(first, null));
      String args = answer.toolArguments();
      for (int i = 0; i < args.length(); i += 8) {
        ObjectNode delta = NODES.objectNode();
        delta
            .putArray("tool_calls")
            .addObject()
            .put("index", 0)
            .putObject("function")
            .put("arguments", args.substring(i, Math.min(args.length(), i + 8)));
        frames.add(chunk(delta, null));
      }
      frames.add(chunk(NODES.objectNode(), "tool_calls"));
    } else {
      for (String piece : answer.pieces()) {
        frames.add(chunk(NODES.objectNode().put("content", piece), null));
      }
      frames.add(chunk(NODES.objectNode(), "stop"));
    }
    if (includeUsage) {
      ObjectNode usage = base();
      usage.putArray("choices");
      usage.set("usage", answer.usage());
      frames.add(usage.toString());
    }
    frames.add("[DONE]");
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
      response.write("data: " + frames.get(index) + "\n\n");
      if (delay > 0 && index > 0) {
        int next = index + 1;
        vertx.setTimer(delay, id -> send(next));
        return;
      }
    }
  }

  private String chunk(ObjectNode delta, String finishReason) {
    ObjectNode chunk = base();
    ObjectNode choice = chunk.putArray("choices").addObject();
    choice.put("index", 0);
    choice.set("delta", delta);
    choice.putNull("logprobs");
    if (finishReason == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finishReason);
    }
    if (includeUsage) {
      chunk.putNull("usage");
    }
    return chunk.toString();
  }

  private ObjectNode base() {
    ObjectNode chunk = NODES.objectNode();
    chunk.put("id", answer.id());
    chunk.put("object", "chat.completion.chunk");
    chunk.put("created", 1767225600L);
    chunk.put("model", answer.model());
    chunk.put("system_fingerprint", "fp_switchboard_sim");
    return chunk;
  }
}
