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
 *
 * <p>This holds what every provider has; what only some have is an interface of its own, checked
 * with {@code instanceof}: {@link Passthrough}, {@link ResponsesUpstream}, {@link
 * EmbeddingsUpstream}, {@link NeedsInlineImages}, {@link VendorQuirks}, {@link PromptCaching},
 * {@link ModelLister}, and {@link TranslatingProvider} for upstreams of another dialect.
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

  /** Classifies a non-2xx answer, normalising the vendor's error body. */
  UpstreamError classify(int status, MultiMap headers, Buffer body);

  /** Classifies an error object received inside a 200 stream or body. */
  UpstreamError classifyInBand(JsonNode error);

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
}
