package switchboard.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Optional: a provider whose upstream has an embeddings API. */
public interface EmbeddingsUpstream extends Provider {

  /** Prepares an embeddings request; may change {@code body} in place. */
  UpstreamRequest embeddings(ObjectNode body, String model);

  /** Whether the upstream returns {@code encoding_format: base64} itself. */
  default boolean nativeBase64Embeddings() {
    return false;
  }
}
