package switchboard.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import switchboard.model.Usage;

/**
 * An upstream API: where to send, how to authenticate, what its answers and errors mean. A codec,
 * not a client: no I/O, no timers, no pools (the core owns those). Thread-safe and stateless.
 */
public interface Provider {

  /** The provider id apps use in {@code provider/model}. */
  String id();

  /** The vendor row this provider was built from ({@code openai}, {@code mistral}, {@code custom}…). */
  String vendor();

  /**
   * Prepares a chat completion request from an OpenAI-format body that has already been validated
   * and stripped of gateway extensions. May change {@code body} in place.
   */
  UpstreamRequest chat(ObjectNode body, String model, boolean stream);

  /** Prepares an embeddings request; may change {@code body} in place. */
  UpstreamRequest embeddings(ObjectNode body, String model);

  /** Whether the upstream returns {@code encoding_format: base64} itself. */
  boolean nativeBase64Embeddings();

  /** Classifies a non-2xx answer, normalising the vendor's error body. */
  UpstreamError classify(int status, MultiMap headers, Buffer body);

  /** Classifies an error object received inside a 200 stream or body. */
  UpstreamError classifyInBand(JsonNode error);

  /**
   * Whether complete chat answers may need {@link #normalizeResponse}; when false the gateway
   * forwards them without building a JSON tree.
   */
  boolean rewritesResponses();

  /** Absorbs vendor quirks in a complete chat response. Returns true when it changed the node. */
  boolean normalizeResponse(ObjectNode response);

  /** Absorbs vendor quirks in one stream chunk. */
  ChunkAction normalizeChunk(ObjectNode chunk);

  /** Reads the vendor's usage object (may be null) into normalised counts. */
  Usage usage(JsonNode usage);

  /** Models this provider declares itself (custom deployments); the catalog lists the rest. */
  List<String> declaredModels();

  /** What to do with a stream chunk after vendor normalisation. */
  enum ChunkAction {
    KEEP,
    CHANGED,
    DROP
  }
}
