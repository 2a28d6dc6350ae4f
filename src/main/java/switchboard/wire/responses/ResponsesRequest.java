package switchboard.wire.responses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import switchboard.pipeline.GatewayException;
import switchboard.wire.openai.InboundRequest;

/**
 * A validated inbound {@code POST /v1/responses} request, in both shapes.
 *
 * @param canonical the request translated to the canonical chat body, with the routing facts
 *     ({@code model}, fallbacks, gateway options, {@code stream}); used for models without a
 *     Responses endpoint
 * @param nativeBody the client's Responses body minus the gateway extensions (and, when it
 *     continues a stored response, with that conversation spliced into {@code input} and {@code
 *     previous_response_id} removed); forwarded to Responses upstreams with only {@code model}
 *     patched
 * @param echo the client's body minus the extensions, as it came: the request parameters a
 *     Responses object repeats ({@code instructions}, {@code tools}, {@code previous_response_id}…)
 * @param untranslatable null when {@code canonical} carries the whole request; otherwise the 400
 *     for a model without a Responses endpoint (it names the built-in tool or item it cannot run)
 * @param previousResponseId the stored response this one continues, or null
 * @param store whether the answer is to be stored (Responses' default: true)
 */
public record ResponsesRequest(
    InboundRequest canonical,
    ObjectNode nativeBody,
    ObjectNode echo,
    GatewayException untranslatable,
    String previousResponseId,
    boolean store) {

  /** Whether the request can be served by a model without a Responses endpoint. */
  public boolean translatable() {
    return untranslatable == null;
  }
}
