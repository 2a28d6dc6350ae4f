package switchboard.wire.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import switchboard.pipeline.GatewayOptions;

/**
 * A validated inbound OpenAI request with the gateway's extensions taken out.
 *
 * @param body the body without {@code models}, {@code switchboard} and {@code requesty}
 * @param model the requested {@code provider/model} or {@code policy/name}
 * @param fallbacks the {@code models} extension
 * @param stream whether an SSE answer was asked for
 * @param includeUsage whether the client asked for usage in its stream
 */
public record InboundRequest(
    ObjectNode body,
    String model,
    List<String> fallbacks,
    boolean stream,
    boolean includeUsage,
    GatewayOptions options) {}
