package switchboard.wire.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import switchboard.wire.StreamEncoder;

/**
 * The client's side of a Responses stream relayed untranslated from a Responses upstream: the relay
 * forwards the upstream's events itself (its terminal {@code response.completed} included), so
 * {@link #chunk} and {@link #end()} write nothing; a break writes {@code response.failed} for the
 * upstream's response, numbered after the last event it relayed (read from the {@link
 * ResponsesStreamDecoder} tapping the same stream). When the request continued a response the
 * gateway stored, the events that carry the response object get the client's {@code
 * previous_response_id} back (the upstream was sent the conversation, not the id).
 */
public final class ResponsesPassthroughEncoder implements StreamEncoder {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ResponsesStreamDecoder tap;
  private final java.util.function.Consumer<ObjectNode> onCompleted;
  private final ResponseShell shell;
  private boolean finished;

  public ResponsesPassthroughEncoder(ResponsesStreamDecoder tap) {
    this(tap, response -> {}, null);
  }

  /**
   * An encoder that hands the upstream's final response of a clean end to {@code onCompleted};
   * {@code shell} (nullable) echoes the request's {@code previous_response_id}.
   */
  public ResponsesPassthroughEncoder(
      ResponsesStreamDecoder tap,
      java.util.function.Consumer<ObjectNode> onCompleted,
      ResponseShell shell) {
    this.tap = tap;
    this.onCompleted = onCompleted;
    this.shell = shell == null || shell.previousResponseId() == null ? null : shell;
  }

  @Override
  public Buffer chunk(ObjectNode chunk) {
    return Buffer.buffer();
  }

  @Override
  public Buffer relayed(Buffer raw) {
    if (shell == null) {
      return raw;
    }
    // One SSE event: its data lines joined are one JSON object; other lines kept as they are.
    StringBuilder others = new StringBuilder();
    StringBuilder data = new StringBuilder();
    for (String line : raw.toString(StandardCharsets.UTF_8).split("\n", -1)) {
      if (line.startsWith("data:")) {
        data.append(data.length() == 0 ? "" : "\n").append(line.substring(5).stripLeading());
      } else if (!line.isEmpty()) {
        others.append(line).append('\n');
      }
    }
    JsonNode event;
    try {
      event = JSON.readTree(data.toString());
    } catch (IOException e) {
      return raw; // not JSON: relayed as it came (the tap reports a malformed stream)
    }
    if (event == null || !event.path("response").isObject()) {
      return raw;
    }
    shell.echoPrevious(event.get("response"));
    return Buffer.buffer(others + "data: " + event + "\n\n");
  }

  @Override
  public Buffer end() {
    if (!finished && tap.completed() != null) {
      finished = true;
      if (shell != null) {
        shell.echoPrevious(tap.completed());
      }
      onCompleted.accept(tap.completed());
    }
    return Buffer.buffer();
  }

  @Override
  public Buffer error(String type, String message) {
    if (finished) {
      return Buffer.buffer();
    }
    finished = true;
    ObjectNode response =
        tap.response() != null ? tap.response().deepCopy() : NODES.objectNode().put("id", "");
    response.put("status", "failed");
    if (shell != null) {
      shell.echoPrevious(response);
    }
    response
        .putObject("error")
        .put("code", "rate_limited".equals(type) ? "rate_limit_exceeded" : "server_error")
        .put("message", message);
    ObjectNode data = NODES.objectNode().put("type", "response.failed");
    data.put("sequence_number", tap.lastSequence() + 1);
    data.set("response", response);
    return Buffer.buffer("event: response.failed\ndata: " + data + "\n\n");
  }
}
