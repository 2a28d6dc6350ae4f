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
   * @param model the model asked for, reported when the answer names none (Bedrock's never do)
   * @throws IllegalArgumentException when the answer is not the dialect's shape
   */
  ObjectNode readResponse(ObjectNode upstream, String model);

  /** A new decoder for one streamed answer; {@code model} as for {@link #readResponse}. */
  StreamDecoder streamDecoder(String model);

  /**
   * An embeddings answer in the upstream's dialect, as OpenAI's embeddings list (floats).
   *
   * @throws IllegalArgumentException when the answer is not the dialect's shape
   */
  default ObjectNode readEmbeddings(ObjectNode upstream, String model) {
    throw new IllegalArgumentException(id() + " has no embeddings");
  }
}
