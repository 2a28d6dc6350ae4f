package switchboard.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import switchboard.wire.StreamDecoder;

/**
 * A provider whose upstream speaks another dialect than the canonical OpenAI shape (Anthropic,
 * Gemini, Bedrock). {@link #chat} translates the canonical request into the upstream's dialect and
 * may throw {@link switchboard.pipeline.GatewayException} (invalid request, naming the field) for
 * what the upstream cannot honour, before any call; the two methods here translate the answers
 * back.
 */
public interface TranslatingProvider extends Provider {

  /**
   * A complete answer in the upstream's dialect, as a canonical {@code chat.completion} object
   * (with a canonical {@code usage}, see {@link StreamDecoder.Out#chunk}).
   *
   * @throws IllegalArgumentException when the answer is not the dialect's shape
   */
  ObjectNode readResponse(ObjectNode upstream);

  /** A new decoder for one streamed answer. */
  StreamDecoder streamDecoder();
}
