package switchboard.provider.google;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import switchboard.pipeline.Dialect;
import switchboard.pipeline.GatewayException;
import switchboard.provider.ContextCaching;
import switchboard.provider.EmbeddingsUpstream;
import switchboard.provider.ModelLister;
import switchboard.provider.NeedsInlineImages;
import switchboard.provider.Passthrough;
import switchboard.provider.ProviderConfig;
import switchboard.provider.TranslatingProvider;
import switchboard.provider.UpstreamError;
import switchboard.provider.UpstreamRequest;
import switchboard.provider.compatible.RetryAfter;
import switchboard.wire.StreamDecoder;
import switchboard.wire.gemini.GeminiCaches;
import switchboard.wire.gemini.GeminiEmbeddings;
import switchboard.wire.gemini.GeminiRequests;
import switchboard.wire.gemini.GeminiResponses;
import switchboard.wire.gemini.GeminiStreamDecoder;

/**
 * Google's Gemini API (AI Studio, {@code generativelanguage.googleapis.com}, wire-formats §5): chat
 * through {@code :generateContent} / {@code :streamGenerateContent?alt=sse}, embeddings through
 * {@code :batchEmbedContents}, the key in {@code x-goog-api-key} (never in the URL, so it stays out
 * of logs). Vertex AI is not supported. With {@code auto_cache}, a long stable prefix goes into an
 * explicit {@code cachedContents} cache ({@link ContextCaching}, {@link GeminiCaches}).
 */
public final class GeminiProvider
    implements TranslatingProvider,
        ModelLister,
        Passthrough,
        EmbeddingsUpstream,
        NeedsInlineImages,
        ContextCaching {

  /** Where Gemini lives unless the config says otherwise (e.g. a simulator). */
  public static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Model ids go into the URL path: keep them to what Gemini's ids use. */
  private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9._\\-]{1,128}");

  private final ProviderConfig config;
  private final Clock clock;
  private final String baseUrl;
  private final String residency;
  private final Map<String, String> headers;

  public GeminiProvider(ProviderConfig config) {
    this(config, Clock.systemUTC());
  }

  /** With the clock that stamps {@code created} on translated answers. */
  public GeminiProvider(ProviderConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.baseUrl = config.baseUrlOr(DEFAULT_BASE_URL);
    this.residency = switchboard.model.DeploymentRegion.of(config.setting("region"), baseUrl);
    Map<String, String> h = new LinkedHashMap<>();
    h.put("content-type", "application/json");
    if (!config.apiKey().isEmpty()) {
      h.put("x-goog-api-key", config.apiKey());
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
    return "google";
  }

  @Override
  public Dialect dialect() {
    return Dialect.GEMINI;
  }

  /** Gemini fetches only its File API URIs and YouTube; other images go inline. */
  @Override
  public boolean fetchesImageUrl(String url) {
    return switchboard.wire.gemini.GeminiFetchable.fetchable(url);
  }

  /** The image types Gemini documents for inline data. */
  @Override
  public java.util.Set<String> inlineImageTypes() {
    return java.util.Set.of("image/png", "image/jpeg", "image/webp", "image/heic", "image/heif");
  }

  @Override
  public List<String> declaredModels() {
    return config.models();
  }

  @Override
  public UpstreamRequest chat(ObjectNode body, String model, boolean stream) {
    return passthrough(nativeBody(body, stream), model, stream);
  }

  private static ObjectNode nativeBody(ObjectNode body, boolean stream) {
    if (stream && body.path("n").asInt(1) > 1) {
      throw GatewayException.invalid(
          "n", "Gemini streams one candidate; n > 1 needs stream: false.");
    }
    return GeminiRequests.fromCanonical(body);
  }

  @Override
  public Prefix chatPrefix(ObjectNode body, String model, boolean stream) {
    return passthroughPrefix(nativeBody(body, stream), model, stream);
  }

  @Override
  public Prefix passthroughPrefix(ObjectNode body, String model, boolean stream) {
    String id = bare(model);
    GeminiCaches.Split split = GeminiCaches.split(body, id);
    if (split == null) {
      return null;
    }
    return new Prefix() {
      @Override
      public String key() {
        return split.hash();
      }

      @Override
      public UpstreamRequest create(Duration ttl) {
        return new UpstreamRequest(
            HttpMethod.POST,
            baseUrl + "/v1beta/cachedContents",
            headers,
            bytes(GeminiCaches.createBody(split, id, ttl)));
      }

      @Override
      public UpstreamRequest using(String name) {
        return passthrough(GeminiCaches.using(split, name), id, stream);
      }

      @Override
      public UpstreamRequest whole() {
        return passthrough(body, id, stream);
      }
    };
  }

  /** Cache names go into the URL path of a delete: only what Gemini's names look like. */
  private static final Pattern CACHE_NAME =
      Pattern.compile("cachedContents/[A-Za-z0-9_\\-]{1,128}");

  @Override
  public Created readCreated(Buffer body) {
    try {
      JsonNode created = JSON.readTree(body.getBytes());
      String name = created.path("name").asText("");
      if (!CACHE_NAME.matcher(name).matches()) {
        return null;
      }
      java.time.Instant expires = null;
      if (created.hasNonNull("expireTime")) {
        try {
          expires = java.time.Instant.parse(created.get("expireTime").asText());
        } catch (java.time.format.DateTimeParseException e) {
          expires = null; // the registry falls back to the TTL it asked for
        }
      }
      return new Created(name, expires);
    } catch (java.io.IOException e) {
      return null;
    }
  }

  @Override
  public UpstreamRequest delete(String name) {
    if (!CACHE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a cache name");
    }
    return new UpstreamRequest(
        HttpMethod.DELETE, baseUrl + "/v1beta/" + name, headers, Buffer.buffer());
  }

  /**
   * An expired or evicted cache answers 403 ("CachedContent not found (or permission denied)") or
   * 404; only errors that speak of the cached content count, so a bad key stays a bad key.
   */
  @Override
  public boolean cacheGone(int status, Buffer body) {
    if (status != 403 && status != 404) {
      return false;
    }
    String message = GeminiErrors.parse(body).message();
    String m = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
    return m.contains("cachedcontent") || m.contains("cached content");
  }

  /** The body is already a GenerateContentRequest: only the URL and the key are added. */
  @Override
  public UpstreamRequest passthrough(ObjectNode body, String model, boolean stream) {
    String method = stream ? ":streamGenerateContent?alt=sse" : ":generateContent";
    return new UpstreamRequest(HttpMethod.POST, modelUrl(model) + method, headers, bytes(body));
  }

  /** Through {@code :batchEmbedContents}; answers go back with {@link #embeddingsToCanonical}. */
  @Override
  public UpstreamRequest embeddings(ObjectNode body, String model) {
    ObjectNode request = GeminiEmbeddings.fromCanonical(body, bare(model));
    return new UpstreamRequest(
        HttpMethod.POST, modelUrl(model) + ":batchEmbedContents", headers, bytes(request));
  }

  /** A {@code batchEmbedContents} answer as OpenAI's embeddings list. */
  public static ObjectNode embeddingsToCanonical(ObjectNode response) {
    return GeminiEmbeddings.toCanonical(response, "");
  }

  /** As {@link #embeddingsToCanonical(ObjectNode)}, naming the model in the list. */
  public static ObjectNode embeddingsToCanonical(ObjectNode response, String model) {
    return GeminiEmbeddings.toCanonical(response, model);
  }

  @Override
  public UpstreamError classify(int status, MultiMap responseHeaders, Buffer body) {
    GeminiErrors.Parsed parsed = GeminiErrors.parse(body);
    Duration retry =
        parsed.retryDelay() != null ? parsed.retryDelay() : RetryAfter.parse(responseHeaders);
    return error(status, parsed, retry);
  }

  @Override
  public UpstreamError classifyInBand(JsonNode error) {
    GeminiErrors.Parsed parsed = GeminiErrors.parse(error);
    UpstreamError e = error(parsed.code(), parsed, parsed.retryDelay());
    return new UpstreamError(
        e.failure(), 200, e.message(), e.type(), e.code(), e.param(), e.retryAfter());
  }

  private UpstreamError error(int status, GeminiErrors.Parsed p, Duration retryAfter) {
    String message =
        GeminiErrors.redact(
            p.message() == null ? "Gemini answered " + status : p.message(), config.apiKey());
    return new UpstreamError(
        GeminiErrors.failureOf(status, p),
        status,
        message,
        p.status(),
        p.reason(),
        null,
        retryAfter);
  }

  @Override
  public ObjectNode readResponse(ObjectNode upstream, String model) {
    return GeminiResponses.toCanonical(upstream, model, clock.instant().getEpochSecond());
  }

  @Override
  public StreamDecoder streamDecoder(String model) {
    return new GeminiStreamDecoder(model, clock.instant().getEpochSecond());
  }

  @Override
  public ObjectNode readEmbeddings(ObjectNode upstream, String model) {
    return GeminiEmbeddings.toCanonical(upstream, model);
  }

  @Override
  public UpstreamRequest listModels() {
    return new UpstreamRequest(
        HttpMethod.GET, baseUrl + "/v1beta/models?pageSize=1000", headers, Buffer.buffer());
  }

  /** Chat models only (those whose {@code supportedGenerationMethods} has generateContent). */
  @Override
  public List<String> readModels(Buffer body) {
    List<String> out = new ArrayList<>();
    try {
      for (JsonNode m : JSON.readTree(body.getBytes()).path("models")) {
        boolean chat = false;
        for (JsonNode method : m.path("supportedGenerationMethods")) {
          chat |= method.asText().equals("generateContent");
        }
        String name = m.path("name").asText("");
        if (chat && !name.isEmpty()) {
          out.add(name.startsWith("models/") ? name.substring("models/".length()) : name);
        }
      }
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not a Gemini model list", e);
    }
    return out;
  }

  private String modelUrl(String model) {
    return baseUrl + "/v1beta/models/" + bare(model);
  }

  /** {@code models/gemini-2.5-flash} and {@code gemini-2.5-flash} name the same model. */
  private static String bare(String model) {
    String id = model != null && model.startsWith("models/") ? model.substring(7) : model;
    if (id == null || !MODEL_ID.matcher(id).matches()) {
      throw GatewayException.invalid("model", "Not a Gemini model id: " + model);
    }
    return id;
  }

  private static Buffer bytes(ObjectNode body) {
    try {
      return Buffer.buffer(JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }
}
