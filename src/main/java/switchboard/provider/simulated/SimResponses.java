package switchboard.provider.simulated;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;
import switchboard.wire.openai.CanonicalChunks;
import switchboard.wire.responses.ResponseShell;
import switchboard.wire.responses.ResponsesStreamEncoder;
import switchboard.wire.responses.ResponsesWriter;

/**
 * The simulated OpenAI provider's Responses API ({@code /sim/v1/responses}): the same {@link
 * SimAnswer} as its Chat Completions, written as a Responses object or streamed as Responses events
 * (paced like {@link SimStream}), so the gateway's Responses passthrough runs against a real
 * upstream in demo mode and in tests.
 */
final class SimResponses {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private SimResponses() {}

  /** The complete Responses object for {@code answer}. */
  static ObjectNode complete(SimAnswer answer, ResponseShell shell) {
    return ResponsesWriter.fromCanonical(answer.completion(), shell);
  }

  /** Streams {@code answer} as Responses events, one event group per token. */
  static void stream(
      Vertx vertx,
      HttpServerResponse response,
      SimAnswer answer,
      ResponseShell shell,
      double tokensPerSecond,
      Scenario scenario) {
    response
        .setChunked(true)
        .putHeader("content-type", "text/event-stream; charset=utf-8")
        .putHeader("cache-control", "no-cache");
    if (scenario == Scenario.ERROR_EVENT) {
      response.end(
          "event: error\ndata: {\"type\":\"error\",\"sequence_number\":0,\"code\":\"server_error\","
              + "\"message\":\"The simulated model failed before answering.\",\"param\":null}\n\n");
      return;
    }
    ResponsesStreamEncoder encoder = new ResponsesStreamEncoder(shell);
    List<Buffer> frames = new ArrayList<>();
    for (ObjectNode chunk : chunks(answer)) {
      frames.add(encoder.chunk(chunk));
    }
    frames.add(encoder.end());
    send(vertx, response, frames, 0, tokensPerSecond, scenario);
  }

  private static void send(
      Vertx vertx,
      HttpServerResponse response,
      List<Buffer> frames,
      int from,
      double tokensPerSecond,
      Scenario scenario) {
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
        vertx.setTimer(delay, id -> send(vertx, response, frames, next, tokensPerSecond, scenario));
        return;
      }
    }
  }

  /** The answer as canonical chunks: role, tokens (or one tool call), finish, usage. */
  static List<ObjectNode> chunks(SimAnswer answer) {
    List<ObjectNode> out = new ArrayList<>();
    out.add(chunk(answer, NODES.objectNode().put("role", "assistant").put("content", ""), null));
    if (answer.toolName() != null) {
      ObjectNode first = NODES.objectNode();
      ObjectNode call = first.putArray("tool_calls").addObject();
      call.put("index", 0);
      call.put("id", "call_" + answer.id().substring(answer.id().length() - 8));
      call.put("type", "function");
      call.putObject("function")
          .put("name", answer.toolName())
          .put("arguments", answer.toolArguments());
      out.add(chunk(answer, first, null));
      out.add(chunk(answer, NODES.objectNode(), "tool_calls"));
    } else {
      for (String piece : answer.pieces()) {
        out.add(chunk(answer, NODES.objectNode().put("content", piece), null));
      }
      out.add(chunk(answer, NODES.objectNode(), "stop"));
    }
    ObjectNode usage = CanonicalChunks.head(answer.id(), 1767225600L, answer.model());
    usage.putArray("choices");
    usage.set("usage", answer.usage());
    out.add(usage);
    return out;
  }

  private static ObjectNode chunk(SimAnswer answer, ObjectNode delta, String finish) {
    return CanonicalChunks.chunk(answer.id(), 1767225600L, answer.model(), delta, finish);
  }
}
