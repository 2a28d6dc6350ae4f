package switchboard.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Optional: a provider of the canonical dialect whose answers deviate from it (Azure's filter
 * chunks, finish reasons of other names…); the gateway lets it absorb them. Without it, answers are
 * forwarded as they come, without building a JSON tree.
 */
public interface VendorQuirks extends Provider {

  /** Whether complete chat answers may need {@link #normalizeResponse}. */
  boolean rewritesResponses();

  /** Absorbs vendor quirks in a complete chat response. Returns true when it changed the node. */
  boolean normalizeResponse(ObjectNode response);

  /** Absorbs vendor quirks in one stream chunk. */
  ChunkAction normalizeChunk(ObjectNode chunk);

  /** What to do with a stream chunk after vendor normalisation. */
  enum ChunkAction {
    KEEP,
    CHANGED,
    DROP
  }

  /** Whether {@code provider} may rewrite complete answers. */
  static boolean rewrites(Provider provider) {
    return provider instanceof VendorQuirks q && q.rewritesResponses();
  }
}
