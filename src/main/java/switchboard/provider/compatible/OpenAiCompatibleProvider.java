package switchboard.provider.compatible;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import switchboard.model.DeploymentRegion;
import switchboard.model.Usage;
import switchboard.provider.EmbeddingsUpstream;
import switchboard.provider.Failure;
import switchboard.provider.PromptCaching;
import switchboard.provider.ProviderConfig;
import switchboard.provider.ResponsesUpstream;
import switchboard.provider.UpstreamError;
import switchboard.provider.UpstreamRequest;
import switchboard.provider.VendorQuirks;
import switchboard.wire.openai.PromptCacheKey;
import switchboard.wire.openai.UsageReader;

/**
 * Every vendor that speaks OpenAI Chat Completions: a {@link Vendor} row plus the quirks its flags
 * name. Passthrough first: the client's body goes upstream with only what must change changed.
 */
public final class OpenAiCompatibleProvider
    implements PromptCaching, ResponsesUpstream, EmbeddingsUpstream, VendorQuirks {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ProviderConfig config;
  private final Vendor vendor;
  private final String baseUrl;
  private final String residency;
  private final Map<String, String> headers;

  public OpenAiCompatibleProvider(ProviderConfig config, Vendor vendor) {
    this.config = config;
    this.vendor = vendor;
    // A regional endpoint preset (OpenAI's EU endpoint for region eu) stands in for the default.
    String preset = DeploymentRegion.presetBaseUrl(vendor.id(), config.setting("region"));
    this.baseUrl = config.baseUrlOr(preset != null ? preset : vendor.defaultBaseUrl());
    this.residency = DeploymentRegion.of(config.setting("region"), baseUrl);
    if (baseUrl == null) {
      throw new IllegalArgumentException("provider " + config.id() + " needs a base_url");
    }
    Map<String, String> h = new LinkedHashMap<>();
    h.put("content-type", "application/json");
    if (!config.apiKey().isEmpty()) {
      if (vendor.auth() == Vendor.Auth.AZURE_API_KEY) {
        h.put("api-key", config.apiKey());
      } else {
        h.put("authorization", "Bearer " + config.apiKey());
      }
    }
    h.putAll(config.headers());
    this.headers = Map.copyOf(h);
  }

  @Override
  public String region(String model) {
    return residency;
  }

  @Override
  public String id() {
    return config.id();
  }

  @Override
  public String vendor() {
    return vendor.id();
  }

  @Override
  public List<String> declaredModels() {
    return config.models();
  }

  @Override
  public boolean nativeBase64Embeddings() {
    return vendor.nativeBase64Embeddings();
  }

  @Override
  public UpstreamRequest chat(ObjectNode body, String model, boolean stream) {
    body.put("model", model);
    if (stream) {
      // Always ask for usage so the gateway can account; the client sees it only if it asked.
      ObjectNode options =
          body.has("stream_options") && body.get("stream_options").isObject()
              ? (ObjectNode) body.get("stream_options")
              : body.putObject("stream_options");
      options.put("include_usage", true);
    }
    RequestQuirks.apply(body, vendor);
    return new UpstreamRequest(
        HttpMethod.POST, url("chat/completions", model), headers, bytes(body));
  }

  /** {@link #chat} with a {@code prompt_cache_key} from the prefix, where the vendor takes one. */
  @Override
  public UpstreamRequest cachedChat(ObjectNode body, String model, boolean stream) {
    if (vendor.flags().contains(Vendor.Quirk.PROMPT_CACHE_KEY)) {
      PromptCacheKey.mark(body);
    }
    return chat(body, model, stream);
  }

  /** {@link #responses} with a {@code prompt_cache_key}, likewise. */
  @Override
  public UpstreamRequest cachedResponses(ObjectNode body, String model, boolean stream) {
    if (vendor.flags().contains(Vendor.Quirk.PROMPT_CACHE_KEY)) {
      PromptCacheKey.markResponses(body);
    }
    return responses(body, model, stream);
  }

  @Override
  public boolean servesResponses() {
    return vendor.flags().contains(Vendor.Quirk.RESPONSES_API);
  }

  /** The client's Responses body with only the model set: no vendor quirk applies to it. */
  @Override
  public UpstreamRequest responses(ObjectNode body, String model, boolean stream) {
    if (!servesResponses()) {
      throw new UnsupportedOperationException(id() + " has no Responses endpoint");
    }
    body.put("model", model);
    return new UpstreamRequest(HttpMethod.POST, url("responses", model), headers, bytes(body));
  }

  @Override
  public UpstreamRequest embeddings(ObjectNode body, String model) {
    body.put("model", model);
    return new UpstreamRequest(HttpMethod.POST, url("embeddings", model), headers, bytes(body));
  }

  @Override
  public UpstreamError classify(int status, MultiMap responseHeaders, Buffer body) {
    ErrorBodies.Parsed parsed = ErrorBodies.parse(body);
    return classified(status, parsed, RetryAfter.parse(responseHeaders));
  }

  @Override
  public UpstreamError classifyInBand(JsonNode error) {
    ErrorBodies.Parsed parsed = ErrorBodies.parse(error);
    int status = error.path("code").isInt() ? error.path("code").asInt() : 0;
    UpstreamError classified = classified(status >= 400 ? status : 500, parsed, null);
    return new UpstreamError(
        classified.failure(),
        200,
        classified.message(),
        classified.type(),
        classified.code(),
        classified.param(),
        null);
  }

  private UpstreamError classified(
      int status, ErrorBodies.Parsed p, java.time.Duration retryAfter) {
    String message =
        ErrorBodies.redact(
            p.message() == null ? "upstream answered " + status : p.message(), config.apiKey());
    return new UpstreamError(
        failureOf(status, p), status, message, p.type(), p.code(), p.param(), retryAfter);
  }

  static Failure failureOf(int status, ErrorBodies.Parsed p) {
    String code = p.code() == null ? "" : p.code();
    String type = p.type() == null ? "" : p.type();
    String message = p.message() == null ? "" : p.message().toLowerCase(java.util.Locale.ROOT);
    boolean clientStatus = status >= 400 && status < 500 && status != 429;
    if (code.equals("context_length_exceeded")
        || clientStatus
            && (message.contains("maximum context length")
                || message.contains("context length")
                || message.contains("context window"))) {
      return Failure.CONTEXT_LENGTH;
    }
    if (code.equals("content_filter") || code.equals("content_policy_violation")) {
      return Failure.CONTENT_FILTERED;
    }
    if (code.equals("insufficient_quota") || type.equals("insufficient_quota")) {
      return Failure.QUOTA_EXHAUSTED;
    }
    return switch (status) {
      case 401, 403 -> Failure.KEY_REJECTED;
      case 402 -> Failure.QUOTA_EXHAUSTED;
      case 408 -> Failure.TIMEOUT;
      case 409 -> Failure.SERVER_ERROR;
      case 429 -> Failure.RATE_LIMITED;
      case 529 -> Failure.OVERLOADED;
      default -> status >= 500 ? Failure.SERVER_ERROR : Failure.BAD_REQUEST;
    };
  }

  @Override
  public boolean rewritesResponses() {
    return !vendor.finishReasons().isEmpty() || vendor.flags().contains(Vendor.Quirk.MISTRAL_TOOLS);
  }

  @Override
  public boolean normalizeResponse(ObjectNode response) {
    boolean changed = false;
    for (JsonNode choice : response.path("choices")) {
      if (choice instanceof ObjectNode c) {
        changed |= ResponseQuirks.flattenContent(c.get("message"));
        changed |= ResponseQuirks.mapFinishReason(c, vendor.finishReasons());
      }
    }
    return changed;
  }

  @Override
  public VendorQuirks.ChunkAction normalizeChunk(ObjectNode chunk) {
    return ResponseQuirks.chunk(chunk, vendor.finishReasons());
  }

  @Override
  public Usage usage(JsonNode usage) {
    Usage read = UsageReader.read(usage);
    if (vendor.flags().contains(Vendor.Quirk.REASONING_OUTSIDE_COMPLETION)) {
      return new Usage(
          read.input(),
          read.cacheRead(),
          read.cacheWrite(),
          read.output() + read.reasoning(),
          read.reasoning());
    }
    return read;
  }

  private String url(String operation, String model) {
    if (vendor.flags().contains(Vendor.Quirk.AZURE_DEPLOYMENTS)) {
      String version = config.apiVersion() == null ? "2024-10-21" : config.apiVersion();
      if (version.equals("v1")) {
        return baseUrl + "/openai/v1/" + operation;
      }
      return baseUrl + "/openai/deployments/" + model + "/" + operation + "?api-version=" + version;
    }
    return baseUrl + "/" + operation;
  }

  private static Buffer bytes(ObjectNode body) {
    try {
      return Buffer.buffer(JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }
}
