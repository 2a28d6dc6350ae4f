package switchboard.provider.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import switchboard.pipeline.Dialect;
import switchboard.provider.Failure;
import switchboard.provider.ModelLister;
import switchboard.provider.Passthrough;
import switchboard.provider.PromptCaching;
import switchboard.provider.ProviderConfig;
import switchboard.provider.TranslatingProvider;
import switchboard.provider.UpstreamError;
import switchboard.provider.UpstreamRequest;
import switchboard.provider.compatible.RetryAfter;
import switchboard.wire.StreamDecoder;
import switchboard.wire.anthropic.upstream.AnthropicRequests;
import switchboard.wire.anthropic.upstream.AnthropicResponses;
import switchboard.wire.anthropic.upstream.AnthropicStreamDecoder;
import switchboard.wire.anthropic.upstream.CacheControl;

/**
 * The Anthropic Messages API as an upstream (wire-formats §3, §4): canonical requests are
 * translated by {@link AnthropicRequests}, answers by {@link AnthropicResponses} and {@link
 * AnthropicStreamDecoder}; a client that speaks Anthropic itself goes through {@link #passthrough}.
 * Speaks {@code anthropic-version: 2023-06-01} with the key in {@code x-api-key}. A codec: no I/O,
 * stateless, thread-safe.
 */
public final class AnthropicProvider
    implements TranslatingProvider, ModelLister, PromptCaching, Passthrough {

  /**
   * Where the API lives unless {@code base_url} says otherwise (SDK convention: no {@code /v1}).
   */
  public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";

  /** The API version this adapter speaks; it decides that sampling fields may be sent. */
  public static final String API_VERSION = "2023-06-01";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ProviderConfig config;
  private final java.time.Clock clock;
  private final ToLongFunction<String> defaultMaxTokens;
  private final String baseUrl;
  private final String residency;
  private final Map<String, String> headers;
  private final Map<String, String> getHeaders;

  /**
   * @param config the provider's settings; {@code baseUrl} null means {@link #DEFAULT_BASE_URL}
   * @param defaultMaxTokens a model's {@code max_tokens} when the request sets none (Anthropic
   *     requires one), e.g. the catalog's maximum output for the model
   */
  public AnthropicProvider(ProviderConfig config, ToLongFunction<String> defaultMaxTokens) {
    this(config, defaultMaxTokens, java.time.Clock.systemUTC());
  }

  /**
   * @param clock stamps {@code created} on translated answers (Anthropic's carry no time)
   */
  public AnthropicProvider(
      ProviderConfig config, ToLongFunction<String> defaultMaxTokens, java.time.Clock clock) {
    this.clock = clock;
    this.config = config;
    this.defaultMaxTokens = defaultMaxTokens;
    this.baseUrl = config.baseUrlOr(DEFAULT_BASE_URL);
    this.residency = switchboard.model.DeploymentRegion.of(config.setting("region"), baseUrl);
    Map<String, String> h = new LinkedHashMap<>();
    if (!config.apiKey().isEmpty()) {
      h.put("x-api-key", config.apiKey());
    }
    h.put("anthropic-version", API_VERSION);
    h.putAll(config.headers()); // e.g. anthropic-beta
    this.getHeaders = Map.copyOf(h);
    h.put("content-type", "application/json");
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
    return "anthropic";
  }

  @Override
  public Dialect dialect() {
    return Dialect.ANTHROPIC;
  }

  @Override
  public List<String> declaredModels() {
    return config.models();
  }

  @Override
  public UpstreamRequest chat(ObjectNode body, String model, boolean stream) {
    ObjectNode translated =
        AnthropicRequests.fromCanonical(body, model, defaultMaxTokens.applyAsLong(model), stream);
    return messages(translated);
  }

  /** {@link #chat} with {@code cache_control} breakpoints on the stable prefix. */
  @Override
  public UpstreamRequest cachedChat(ObjectNode body, String model, boolean stream) {
    ObjectNode translated =
        AnthropicRequests.fromCanonical(body, model, defaultMaxTokens.applyAsLong(model), stream);
    CacheControl.mark(translated, model);
    return messages(translated);
  }

  /** {@link #passthrough} with breakpoints added to the client's own (never more than 4). */
  @Override
  public UpstreamRequest cachedPassthrough(ObjectNode body, String model, boolean stream) {
    CacheControl.mark(body, model);
    return passthrough(body, model, stream);
  }

  /**
   * Keeps every field of an Anthropic body ({@code cache_control} included); sets model and stream.
   */
  @Override
  public UpstreamRequest passthrough(ObjectNode body, String model, boolean stream) {
    body.put("model", model);
    if (stream) {
      body.put("stream", true);
    } else {
      body.remove("stream");
    }
    return messages(body);
  }

  @Override
  public UpstreamError classify(int status, MultiMap responseHeaders, Buffer body) {
    ErrorEnvelope error = ErrorEnvelope.parse(body);
    Failure failure = error.failure(status);
    Duration retryAfter =
        failure == Failure.RATE_LIMITED || failure == Failure.OVERLOADED
            ? RetryAfter.parse(responseHeaders)
            : null;
    return new UpstreamError(
        failure, status, message(error, status), error.type(), null, null, retryAfter);
  }

  /** An {@code error} event of a stream (the event, or its inner {@code error} object). */
  @Override
  public UpstreamError classifyInBand(JsonNode error) {
    ErrorEnvelope parsed = ErrorEnvelope.of(error);
    // the docs: an overloaded_error in a stream "would normally correspond to an HTTP 529"
    Failure failure = parsed.failure(500);
    return new UpstreamError(failure, 200, message(parsed, 200), parsed.type(), null, null, null);
  }

  @Override
  public ObjectNode readResponse(ObjectNode upstream, String model) {
    return AnthropicResponses.toCanonical(upstream, clock.instant().getEpochSecond());
  }

  @Override
  public StreamDecoder streamDecoder(String model) {
    return new AnthropicStreamDecoder(clock.instant().getEpochSecond());
  }

  @Override
  public UpstreamRequest listModels() {
    return new UpstreamRequest(
        HttpMethod.GET, baseUrl + "/v1/models?limit=1000", getHeaders, Buffer.buffer());
  }

  /**
   * The ids in {@code data[].id}.
   *
   * @throws IllegalArgumentException when the body is not a model list
   */
  @Override
  public List<String> readModels(Buffer body) {
    JsonNode root;
    try {
      root = JSON.readTree(body.getBytes());
    } catch (Exception e) {
      throw new IllegalArgumentException("the Anthropic model list is not JSON");
    }
    if (root == null || !root.path("data").isArray()) {
      throw new IllegalArgumentException("the Anthropic model list has no data array");
    }
    List<String> ids = new ArrayList<>();
    for (JsonNode model : root.get("data")) {
      String id = model.path("id").asText("");
      if (!id.isEmpty()) {
        ids.add(id);
      }
    }
    return ids;
  }

  private UpstreamRequest messages(ObjectNode body) {
    try {
      return new UpstreamRequest(
          HttpMethod.POST,
          baseUrl + "/v1/messages",
          headers,
          Buffer.buffer(JSON.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }

  private String message(ErrorEnvelope error, int status) {
    String text = error.message() == null ? "Anthropic answered " + status : error.message();
    return ErrorEnvelope.redact(text, config.apiKey());
  }
}
