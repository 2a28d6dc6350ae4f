package switchboard.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import switchboard.pipeline.Dialect;
import switchboard.pipeline.GatewayException;
import switchboard.provider.Failure;
import switchboard.provider.ProviderConfig;
import switchboard.provider.UpstreamError;
import switchboard.provider.UpstreamRequest;

class BedrockProviderTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final String TOKEN = "FwoGZXIvYXdzEXAMPLETOKEN";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final String CLAUDE = "anthropic.claude-3-5-sonnet-20240620-v1:0";

  private static BedrockProvider provider(String baseUrl, Map<String, String> settings) {
    return new BedrockProvider(
        new ProviderConfig(
            "bedrock", "bedrock", SECRET, baseUrl, null, List.of(), Map.of(), settings),
        CLOCK);
  }

  private static BedrockProvider provider() {
    return provider(
        null,
        Map.of("region", "us-east-1", "access_key_id", "AKIDEXAMPLE", "session_token", TOKEN));
  }

  private static ObjectNode chat() throws Exception {
    return (ObjectNode)
        JSON.readTree("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true}");
  }

  @Test
  void identity() {
    BedrockProvider p = provider();
    assertThat(p.id()).isEqualTo("bedrock");
    assertThat(p.vendor()).isEqualTo("bedrock");
    assertThat(p.dialect()).isEqualTo(Dialect.BEDROCK);
  }

  @Test
  void settingsAreRequiredByName() {
    assertThatThrownBy(() -> provider(null, Map.of("access_key_id", "AKID")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("region");
    assertThatThrownBy(() -> provider(null, Map.of("region", "us-east-1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("access_key_id");
    assertThatThrownBy(
            () ->
                new BedrockProvider(
                    new ProviderConfig(
                        "b",
                        "bedrock",
                        "",
                        null,
                        null,
                        List.of(),
                        Map.of(),
                        Map.of("region", "us-east-1", "access_key_id", "AKID")),
                    CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("secret");
  }

  @Test
  void chatIsASignedConverseCall() throws Exception {
    UpstreamRequest request = provider().chat(chat(), CLAUDE, false);
    assertThat(request.uri())
        .isEqualTo(
            "https://bedrock-runtime.us-east-1.amazonaws.com/model/"
                + "anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse");
    assertThat(JSON.readTree(request.body().getBytes()).toString())
        .isEqualTo("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}]}");
    Map<String, String> h = request.headers();
    assertThat(h)
        .containsEntry("content-type", "application/json")
        .containsEntry("accept", "application/json")
        .containsEntry("x-amz-date", "20260101T000000Z")
        .containsEntry("x-amz-security-token", TOKEN)
        .doesNotContainKey("host");
    assertThat(h.get("authorization"))
        .startsWith(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/"
                + "us-east-1/bedrock/aws4_request, SignedHeaders=accept;content-type;host;x-amz-date;"
                + "x-amz-security-token, Signature=");
    // the same signature as signing the request by hand
    Map<String, String> plain = new LinkedHashMap<>();
    plain.put("content-type", "application/json");
    plain.put("accept", "application/json");
    assertThat(h.get("authorization"))
        .isEqualTo(
            SigV4.sign(
                    "POST",
                    URI.create(request.uri()),
                    plain,
                    request.body().getBytes(),
                    CLOCK.instant(),
                    new Credentials("AKIDEXAMPLE", SECRET, TOKEN),
                    "us-east-1",
                    "bedrock")
                .get("authorization"));
    assertThat(h.values()).noneMatch(v -> v.contains(SECRET));
  }

  @Test
  void streamsGoToConverseStream() throws Exception {
    UpstreamRequest request = provider().chat(chat(), "us.meta.llama3-2-90b-instruct-v1:0", true);
    assertThat(request.uri())
        .endsWith("/model/us.meta.llama3-2-90b-instruct-v1%3A0/converse-stream");
    assertThat(request.headers()).containsEntry("accept", "application/vnd.amazon.eventstream");
  }

  @Test
  void arnsAreEncodedWhole() throws Exception {
    String arn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-pro-v1:0";
    assertThat(provider().chat(chat(), arn, false).uri())
        .endsWith(
            "/model/arn%3Aaws%3Abedrock%3A"
                + "us-east-1%3A123456789012%3Ainference-profile%2Fus.amazon.nova-pro-v1%3A0/converse");
  }

  @Test
  void aBaseUrlOverrideIsSignedWithItsHostAndPort() throws Exception {
    BedrockProvider p =
        provider(
            "http://127.0.0.1:9999/sim/bedrock/",
            Map.of("region", "eu-west-1", "access_key_id", "AKID"));
    UpstreamRequest request = p.chat(chat(), "amazon.nova-lite-v1:0", false);
    assertThat(request.uri())
        .isEqualTo("http://127.0.0.1:9999/sim/bedrock/model/amazon.nova-lite-v1%3A0/converse");
    assertThat(request.headers()).doesNotContainKey("x-amz-security-token");
    assertThat(request.headers().get("authorization"))
        .contains("/eu-west-1/bedrock/aws4_request")
        .contains("SignedHeaders=accept;content-type;host;x-amz-date,");
    assertThat(SigV4.host(URI.create(request.uri()))).isEqualTo("127.0.0.1:9999");
  }

  @Test
  void untranslatableRequestsFailBeforeAnyCall() throws Exception {
    ObjectNode body = chat();
    body.put("n", 3);
    assertThatThrownBy(() -> provider().chat(body, CLAUDE, false))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.param()).isEqualTo("n"));
    assertThatThrownBy(() -> provider().embeddings(body, "amazon.titan-embed-text-v2:0"))
        .isInstanceOfSatisfying(
            GatewayException.class, e -> assertThat(e.param()).isEqualTo("model"));
  }

  private static UpstreamError classify(int status, String headerType, String body) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (headerType != null) {
      headers.add("x-amzn-ErrorType", headerType);
    }
    return provider().classify(status, headers, Buffer.buffer(body));
  }

  /**
   * Bodies and headers as Bedrock sends them (wire-formats §7): type in x-amzn-ErrorType or __type.
   */
  @Test
  void classifiesBedrockErrors() {
    String coral = ":http://internal.amazon.com/coral/com.amazon.bedrock/";
    assertThat(
            classify(
                    429,
                    "ThrottlingException" + coral,
                    "{\"message\":\"Too many requests, please wait before trying again.\"}")
                .failure())
        .isEqualTo(Failure.RATE_LIMITED);
    assertThat(
            classify(503, "ServiceUnavailableException" + coral, "{\"message\":\"busy\"}")
                .failure())
        .isEqualTo(Failure.OVERLOADED);
    assertThat(
            classify(429, "ModelNotReadyException" + coral, "{\"message\":\"warming\"}").failure())
        .isEqualTo(Failure.OVERLOADED);
    assertThat(classify(500, "InternalServerException" + coral, "{\"message\":\"oops\"}").failure())
        .isEqualTo(Failure.SERVER_ERROR);
    assertThat(classify(408, "ModelTimeoutException" + coral, "{\"message\":\"slow\"}").failure())
        .isEqualTo(Failure.TIMEOUT);
    assertThat(
            classify(
                    403,
                    "AccessDeniedException" + coral,
                    "{\"message\":\"You don't have access to the model with the specified model ID.\"}")
                .failure())
        .isEqualTo(Failure.KEY_REJECTED);
    assertThat(
            classify(
                403,
                null,
                "{\"__type\":\"com.amazon.coral.service#UnrecognizedClientException\","
                    + "\"Message\":\"The security token included in the request is invalid.\"}"))
        .satisfies(
            e -> {
              assertThat(e.failure()).isEqualTo(Failure.KEY_REJECTED);
              assertThat(e.type()).isEqualTo("UnrecognizedClientException");
              assertThat(e.message())
                  .isEqualTo("The security token included in the request is invalid.");
            });
    assertThat(classify(403, "ExpiredTokenException", "{\"message\":\"expired\"}").failure())
        .isEqualTo(Failure.KEY_REJECTED);
    assertThat(
            classify(
                    403,
                    "InvalidSignatureException",
                    "{\"message\":\"The request signature we "
                        + "calculated does not match the signature you provided.\"}")
                .failure())
        .isEqualTo(Failure.KEY_REJECTED);
    assertThat(
            classify(
                    400,
                    "ValidationException" + coral,
                    "{\"message\":\"Input is too long for requested model.\"}")
                .failure())
        .isEqualTo(Failure.CONTEXT_LENGTH);
    assertThat(
            classify(
                    400,
                    "ValidationException",
                    "{\"message\":\"The model returned the following "
                        + "errors: prompt is too long: 210000 tokens > 200000 maximum\"}")
                .failure())
        .isEqualTo(Failure.CONTEXT_LENGTH);
    assertThat(
            classify(
                    400,
                    "ValidationException" + coral,
                    "{\"message\":\"This model doesn't support "
                        + "the toolConfig.toolChoice.any field. Remove toolConfig.toolChoice.any and try again.\"}")
                .failure())
        .isEqualTo(Failure.BAD_REQUEST);
    assertThat(
            classify(404, "ResourceNotFoundException", "{\"message\":\"Model not found\"}")
                .failure())
        .isEqualTo(Failure.BAD_REQUEST);
    assertThat(classify(502, null, "<html>Bad Gateway</html>").failure())
        .isEqualTo(Failure.SERVER_ERROR);
  }

  @Test
  void secretsNeverReachMessages() {
    UpstreamError e =
        classify(
            403,
            "InvalidSignatureException",
            "{\"message\":\"bad signature for " + SECRET + " and " + TOKEN + "\"}");
    assertThat(e.message()).doesNotContain(SECRET).doesNotContain(TOKEN).contains("***");
  }

  @Test
  void classifiesStreamExceptions() throws Exception {
    BedrockProvider p = provider();
    assertThat(
            p.classifyInBand(
                JSON.readTree("{\"type\":\"throttlingException\",\"message\":\"slow\"}")))
        .satisfies(
            e -> {
              assertThat(e.failure()).isEqualTo(Failure.RATE_LIMITED);
              assertThat(e.status()).isEqualTo(200);
              assertThat(e.message()).isEqualTo("slow");
            });
    assertThat(
            p.classifyInBand(
                    JSON.readTree("{\"type\":\"modelStreamErrorException\",\"message\":\"x\"}"))
                .failure())
        .isEqualTo(Failure.SERVER_ERROR);
    assertThat(
            p.classifyInBand(
                    JSON.readTree("{\"type\":\"internalServerException\",\"message\":\"x\"}"))
                .failure())
        .isEqualTo(Failure.SERVER_ERROR);
    assertThat(
            p.classifyInBand(
                    JSON.readTree("{\"type\":\"serviceUnavailableException\",\"message\":\"x\"}"))
                .failure())
        .isEqualTo(Failure.OVERLOADED);
    assertThat(
            p.classifyInBand(JSON.readTree("{\"type\":\"validationException\",\"message\":\"x\"}"))
                .failure())
        .isEqualTo(Failure.BAD_REQUEST);
  }
}
