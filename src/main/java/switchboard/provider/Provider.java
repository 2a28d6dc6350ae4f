package switchboard.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import switchboard.model.Usage;
import switchboard.pipeline.Dialect;
import switchboard.wire.openai.UsageReader;

/**
 * An upstream API: where to send, how to authenticate, what its answers and errors mean. A codec,
 * not a client: no I/O, no timers, no pools (the core owns those). Thread-safe and stateless.
 */
public interface Provider {

  /** The provider id apps use in {@code provider/model}. */
  String id();

  /**
   * The vendor row this provider was built from ({@code openai}, {@code mistral}, {@code custom}…).
   */
  String vendor();

  /**
   * The dialect the upstream speaks. Providers of any other dialect than {@link Dialect#OPENAI}
   * implement {@link TranslatingProvider}.
   */
  default Dialect dialect() {
    return Dialect.OPENAI;
  }

  /**
   * Prepares a chat completion request from an OpenAI-format body that has already been validated
   * and stripped of gateway extensions. May change {@code body} in place.
   */
  UpstreamRequest chat(ObjectNode body, String model, boolean stream);

  /**
   * Prepares a chat request whose body is already in this provider's own dialect (the client spoke
   * it too): every field is kept, only {@code model} is set and what the gateway must add (auth,
   * version headers, usage in streams) is added. May change {@code body} in place.
   *
   * @throws UnsupportedOperationException when the provider has no such passthrough
   */
  default UpstreamRequest passthrough(ObjectNode body, String model, boolean stream) {
    throw new UnsupportedOperationException(id() + " has no passthrough for " + dialect());
  }

  /**
   * Whether the upstream also serves OpenAI's Responses API ({@code /v1/responses}): a Responses
   * request then goes to it untranslated ({@link #responses}).
   */
  default boolean servesResponses() {
    return false;
  }

  /**
   * Prepares a Responses API request from the client's Responses body (gateway extensions removed):
   * only {@code model} is set. May change {@code body} in place.
   *
   * @throws UnsupportedOperationException when {@link #servesResponses} is false
   */
  default UpstreamRequest responses(ObjectNode body, String model, boolean stream) {
    throw new UnsupportedOperationException(id() + " has no Responses endpoint");
  }

  /**
   * Whether the upstream fetches this {@code http(s)} image URL itself. When false the gateway
   * downloads the image first and sends it inline, as a {@code data:} URL in the canonical body
   * (issue 17); the codec never sees the remote URL.
   */
  default boolean fetchesImageUrl(String url) {
    return true;
  }

  /** The image media types the upstream takes inline; a fetched image of another type is a 400. */
  default java.util.Set<String> inlineImageTypes() {
    return java.util.Set.of("image/png", "image/jpeg", "image/gif", "image/webp");
  }

  /** Prepares an embeddings request; may change {@code body} in place. */
  UpstreamRequest embeddings(ObjectNode body, String model);

  /** Whether the upstream returns {@code encoding_format: base64} itself. */
  default boolean nativeBase64Embeddings() {
    return false;
  }

  /** Classifies a non-2xx answer, normalising the vendor's error body. */
  UpstreamError classify(int status, MultiMap headers, Buffer body);

  /** Classifies an error object received inside a 200 stream or body. */
  UpstreamError classifyInBand(JsonNode error);

  /**
   * Whether complete chat answers may need {@link #normalizeResponse}; when false the gateway
   * forwards them without building a JSON tree.
   */
  default boolean rewritesResponses() {
    return false;
  }

  /** Absorbs vendor quirks in a complete chat response. Returns true when it changed the node. */
  default boolean normalizeResponse(ObjectNode response) {
    return false;
  }

  /** Absorbs vendor quirks in one stream chunk. */
  default ChunkAction normalizeChunk(ObjectNode chunk) {
    return ChunkAction.KEEP;
  }

  /** Reads a canonical (OpenAI-shaped) usage object (may be null) into normalised counts. */
  default Usage usage(JsonNode usage) {
    return UsageReader.read(usage);
  }

  /**
   * The data-residency region serving {@code model} here ({@code eu}, {@code us}, …; see {@link
   * DeploymentRegion}), or null when unknown: an unknown region never meets a requirement.
   */
  default String region(String model) {
    return null;
  }

  /** Models this provider declares itself (custom deployments); the catalog lists the rest. */
  default List<String> declaredModels() {
    return List.of();
  }

  /** What to do with a stream chunk after vendor normalisation. */
  enum ChunkAction {
    KEEP,
    CHANGED,
    DROP
  }
}
