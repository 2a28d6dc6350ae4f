package switchboard.provider.bedrock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import switchboard.pipeline.Dialect;
import switchboard.pipeline.GatewayException;
import switchboard.provider.EmbeddingsUpstream;
import switchboard.provider.NeedsInlineImages;
import switchboard.provider.PromptCaching;
import switchboard.provider.ProviderConfig;
import switchboard.provider.TranslatingProvider;
import switchboard.provider.UpstreamError;
import switchboard.provider.UpstreamRequest;
import switchboard.provider.compatible.RetryAfter;
import switchboard.wire.StreamDecoder;
import switchboard.wire.bedrock.CachePoints;
import switchboard.wire.bedrock.ConverseRequests;
import switchboard.wire.bedrock.ConverseResponses;
import switchboard.wire.bedrock.ConverseStreamDecoder;

/**
 * AWS Bedrock through the Converse API: canonical requests become Converse bodies, signed with
 * SigV4 (service {@code bedrock}) for {@code POST /model/<id>/converse} or {@code
 * /converse-stream}; answers and binary event streams come back canonical.
 *
 * <p>Settings: {@code region} (required), {@code access_key_id} (required), {@code session_token}
 * (optional); the secret access key is the config's {@code apiKey}. A {@code baseUrl} overrides
 * {@code https://bedrock-runtime.<region>.amazonaws.com} (the signed host follows it).
 */
public final class BedrockProvider
    implements TranslatingProvider, PromptCaching, EmbeddingsUpstream, NeedsInlineImages {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SERVICE = "bedrock";

  /** The model reported when the caller does not say which (Bedrock's answers never name it). */
  static final String UNNAMED_MODEL = "bedrock";

  private final ProviderConfig config;
  private final Clock clock;
  private final String region;
  private final String baseUrl;
  private final String residency;
  private final Credentials credentials;
  private final AtomicLong streams = new AtomicLong();

  public BedrockProvider(ProviderConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.region = required(config, "region");
    String accessKey = required(config, "access_key_id");
    if (config.apiKey().isEmpty()) {
      throw new IllegalArgumentException(
          "provider "
              + config.id()
              + " (bedrock) needs the secret access key (AWS_SECRET_ACCESS_KEY or api_key)");
    }
    String token = config.setting("session_token");
    this.credentials =
        new Credentials(
            accessKey, config.apiKey(), token == null || token.isBlank() ? null : token);
    this.baseUrl = config.baseUrlOr("https://bedrock-runtime." + region + ".amazonaws.com");
    this.residency = switchboard.model.DeploymentRegion.of(config.setting("region"), baseUrl);
  }

  private static String required(ProviderConfig config, String name) {
    String value = config.setting(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          "provider " + config.id() + " (bedrock) needs the setting '" + name + "'");
    }
    return value.trim();
  }

  @Override
  public String region(String model) {
    return switchboard.model.DeploymentRegion.forModel("bedrock", residency, model);
  }

  @Override
  public String id() {
    return config.id();
  }

  @Override
  public String vendor() {
    return "bedrock";
  }

  @Override
  public Dialect dialect() {
    return Dialect.BEDROCK;
  }

  /** Converse takes image bytes only, never a URL (png, jpeg, gif, webp: the default types). */
  @Override
  public boolean fetchesImageUrl(String url) {
    return false;
  }

  @Override
  public List<String> declaredModels() {
    return config.models();
  }

  @Override
  public UpstreamRequest chat(ObjectNode body, String model, boolean stream) {
    return converse(ConverseRequests.fromCanonical(body, model), model, stream);
  }

  /** {@link #chat} with {@code cachePoint} blocks on the stable prefix (Claude models only). */
  @Override
  public UpstreamRequest cachedChat(ObjectNode body, String model, boolean stream) {
    ObjectNode converse = ConverseRequests.fromCanonical(body, model);
    CachePoints.mark(converse, model);
    return converse(converse, model, stream);
  }

  private UpstreamRequest converse(ObjectNode converse, String model, boolean stream) {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(converse);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
    String url =
        baseUrl + "/model/" + SigV4.encode(model) + (stream ? "/converse-stream" : "/converse");
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", "application/json");
    headers.put("accept", stream ? "application/vnd.amazon.eventstream" : "application/json");
    headers.putAll(config.headers());
    Map<String, String> signed =
        SigV4.sign(
            "POST", URI.create(url), headers, bytes, clock.instant(), credentials, region, SERVICE);
    return new UpstreamRequest(HttpMethod.POST, url, Map.copyOf(signed), Buffer.buffer(bytes));
  }

  /** Bedrock embeddings (Titan, Cohere) use InvokeModel, not Converse: not offered. */
  @Override
  public UpstreamRequest embeddings(ObjectNode body, String model) {
    throw GatewayException.invalid(
        "model",
        "Embeddings are not supported for Bedrock models through this gateway; use a chat model.");
  }

  @Override
  public UpstreamError classify(int status, MultiMap headers, Buffer body) {
    BedrockErrors.Parsed parsed = BedrockErrors.parse(headers, body);
    String message =
        redact(parsed.message() == null ? "Bedrock answered " + status : parsed.message());
    return new UpstreamError(
        BedrockErrors.failure(status, parsed.type(), parsed.message()),
        status,
        message,
        parsed.type(),
        null,
        null,
        RetryAfter.parse(headers));
  }

  /**
   * Reads a stream exception as {@link ConverseStreamDecoder} reports it: {@code {type, message}}.
   */
  @Override
  public UpstreamError classifyInBand(JsonNode error) {
    String type = error.path("type").asText(null);
    String message = error.path("message").asText(null);
    return new UpstreamError(
        BedrockErrors.failure(BedrockErrors.statusOf(type), type, message),
        200,
        redact(message == null ? "Bedrock stream failed" : message),
        type,
        null,
        null,
        null);
  }

  @Override
  public ObjectNode readResponse(ObjectNode upstream, String model) {
    return ConverseResponses.toCanonical(upstream, model, clock.instant().getEpochSecond());
  }

  @Override
  public StreamDecoder streamDecoder(String model) {
    String id =
        "chatcmpl-bedrock-" + Long.toHexString(clock.millis()) + "-" + streams.incrementAndGet();
    return new ConverseStreamDecoder(id, model, clock.instant().getEpochSecond());
  }

  /** The secret and the session token never reach a message. */
  private String redact(String message) {
    String out = message;
    if (credentials.secretAccessKey().length() >= 4) {
      out = out.replace(credentials.secretAccessKey(), "***");
    }
    if (credentials.sessionToken() != null && credentials.sessionToken().length() >= 4) {
      out = out.replace(credentials.sessionToken(), "***");
    }
    return out;
  }
}
