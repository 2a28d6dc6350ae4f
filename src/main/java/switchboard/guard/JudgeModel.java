package switchboard.guard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;

/**
 * The port through which the injection judge asks a model: a Chat Completions request run through
 * the gateway's own request path (so {@code guard} needs no routing or HTTP). Implemented by the
 * wiring ({@code switchboard.SelfCalls}).
 */
public interface JudgeModel {

  /**
   * Asks {@code body} (a Chat Completions request, not streamed) on behalf of request {@code
   * requestId} and answers the model's text. Fails with a {@link
   * java.util.concurrent.TimeoutException} when no answer came within {@code timeoutMs} (the call
   * is then cancelled), and with any other exception when the call failed. Completes on the
   * caller's event loop.
   */
  Future<String> ask(String requestId, ObjectNode body, long timeoutMs);
}
