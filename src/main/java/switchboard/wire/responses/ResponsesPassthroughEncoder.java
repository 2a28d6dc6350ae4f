package switchboard.wire.responses;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import switchboard.wire.StreamEncoder;

/**
 * The client's side of a Responses stream relayed untranslated from a Responses upstream: the relay
 * forwards the upstream's events itself (its terminal {@code response.completed} included), so
 * {@link #chunk} and {@link #end()} write nothing; a break writes {@code response.failed} for the
 * upstream's response, numbered after the last event it relayed (read from the {@link
 * ResponsesStreamDecoder} tapping the same stream).
 */
public final class ResponsesPassthroughEncoder implements StreamEncoder {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ResponsesStreamDecoder tap;
  private boolean finished;

  private final java.util.function.Consumer<ObjectNode> onCompleted;

  public ResponsesPassthroughEncoder(ResponsesStreamDecoder tap) {
    this(tap, response -> {});
  }

  /** An encoder that hands the upstream's final response of a clean end to {@code onCompleted}. */
  public ResponsesPassthroughEncoder(
      ResponsesStreamDecoder tap, java.util.function.Consumer<ObjectNode> onCompleted) {
    this.tap = tap;
    this.onCompleted = onCompleted;
  }

  @Override
  public Buffer chunk(ObjectNode chunk) {
    return Buffer.buffer();
  }

  @Override
  public Buffer end() {
    if (!finished && tap.completed() != null) {
      finished = true;
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
