package switchboard.provider.simulated;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/**
 * Streams an {@link AnthropicSimAnswer} as Anthropic's SSE events, paced at tokens per second like
 * {@link SimStream}; {@link Scenario#ERROR_EVENT} sends an {@code overloaded_error} event after
 * some content, {@link Scenario#BROKEN_STREAM} resets the connection mid-stream.
 */
final class AnthropicSimStream {

  /**
   * Events sent before the error event of {@link Scenario#ERROR_EVENT} (start, block, 2 deltas).
   */
  private static final int BEFORE_ERROR = 5;

  private final Vertx vertx;
  private final HttpServerResponse response;
  private final List<AnthropicSimAnswer.Event> events;
  private final double tokensPerSecond;
  private final Scenario scenario;

  AnthropicSimStream(
      Vertx vertx,
      HttpServerResponse response,
      AnthropicSimAnswer answer,
      double tokensPerSecond,
      Scenario scenario) {
    this.vertx = vertx;
    this.response = response;
    this.events = answer.events();
    this.tokensPerSecond = tokensPerSecond;
    this.scenario = scenario;
  }

  void start() {
    response
        .setChunked(true)
        .putHeader("content-type", "text/event-stream; charset=utf-8")
        .putHeader("cache-control", "no-cache");
    send(0);
  }

  private void send(int from) {
    long delay = tokensPerSecond <= 0 ? 0 : (long) (1000 / tokensPerSecond);
    for (int index = from; ; index++) {
      if (response.closed()) {
        return;
      }
      if (scenario == Scenario.ERROR_EVENT && index == Math.min(BEFORE_ERROR, events.size() - 1)) {
        ObjectNode error = JsonNodeFactory.instance.objectNode().put("type", "error");
        error.putObject("error").put("type", "overloaded_error").put("message", "Overloaded");
        response.end("event: error\ndata: " + error + "\n\n");
        return;
      }
      if (scenario == Scenario.BROKEN_STREAM && index == Math.min(4, events.size() - 2)) {
        response.reset(); // cut the connection mid-stream
        return;
      }
      if (index >= events.size()) {
        response.end();
        return;
      }
      response.write(events.get(index).sse());
      if (delay > 0 && index > 1) { // pace the content, not the opening events
        int next = index + 1;
        vertx.setTimer(delay, id -> send(next));
        return;
      }
    }
  }
}
