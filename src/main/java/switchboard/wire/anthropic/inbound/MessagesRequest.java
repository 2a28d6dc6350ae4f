package switchboard.wire.anthropic.inbound;

import com.fasterxml.jackson.databind.node.ObjectNode;
import switchboard.pipeline.GatewayException;
import switchboard.wire.openai.InboundRequest;

/**
 * A validated inbound {@code POST /v1/messages} request, in both shapes.
 *
 * @param canonical the request translated to the canonical OpenAI chat body, with the routing facts
 *     ({@code model}, fallbacks, gateway options, {@code stream}); used for non-Anthropic targets
 * @param nativeBody the client's Anthropic body minus the gateway extensions ({@code models},
 *     {@code switchboard}, {@code requesty}), everything else kept ({@code cache_control}, newer
 *     fields); forwarded to Anthropic targets with only {@code model} patched
 * @param untranslatable null when {@code canonical} carries the whole request; otherwise the 400 to
 *     give when the chosen target is not an Anthropic model (it names the first field that only
 *     Anthropic understands, e.g. a document with a {@code url} source or a server tool)
 */
public record MessagesRequest(
    InboundRequest canonical, ObjectNode nativeBody, GatewayException untranslatable) {

  /** Whether the request can be served by a non-Anthropic model. */
  public boolean translatable() {
    return untranslatable == null;
  }

  /** The canonical request for a non-Anthropic target, or the 400 saying why there is none. */
  public InboundRequest canonicalOrThrow() {
    if (untranslatable != null) {
      throw untranslatable;
    }
    return canonical;
  }
}
