package switchboard.wire.responses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import switchboard.pipeline.Exchange;

/**
 * What writing one {@code /v1/responses} answer needs besides the answer: the shell of the response
 * (id, time, repeated parameters) and who is told the finished Responses object (to store it),
 * whichever way it was produced (translated or relayed, complete or streamed).
 *
 * @param onCompleted called once with a complete (or incomplete) response; never for a failed one
 */
public record ResponsesContext(ResponseShell shell, Consumer<ObjectNode> onCompleted) {

  /** Where a {@code /v1/responses} exchange keeps its context (absent on the other APIs). */
  public static final Exchange.Slot<ResponsesContext> SLOT = new Exchange.Slot<>("responses");

  /** The encoder of a stream translated from canonical chunks. */
  public ResponsesStreamEncoder translatingEncoder() {
    return new ResponsesStreamEncoder(shell, onCompleted);
  }

  /** The encoder of a stream relayed from a Responses upstream that {@code tap} decodes. */
  public ResponsesPassthroughEncoder passthroughEncoder(ResponsesStreamDecoder tap) {
    return new ResponsesPassthroughEncoder(tap, onCompleted, shell);
  }
}
