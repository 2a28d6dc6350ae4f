package switchboard.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import switchboard.pipeline.Dialect;
import switchboard.pipeline.GatewayException;
import switchboard.provider.Failure;
import switchboard.provider.ProviderConfig;
import switchboard.provider.UpstreamError;
import switchboard.provider.UpstreamRequest;
import switchboard.wire.anthropic.upstream.AnthropicStreamDecoder;

/** Requests, passthrough, model list and error classification of the Anthropic provider. */
class AnthropicProviderTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String KEY = "sk-ant-api03-secretsecret0123456789";

  static AnthropicProvider provider(String baseUrl) {
    return new AnthropicProvider(
        new ProviderConfig(
            "anthropic",
            "anthropic",
            KEY,
            baseUrl,
            null,
            List.of(),
            Map.of("anthropic-beta", "prompt-caching-2024-07-31")),
        model -> 64000);
  }

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static JsonNode sent(UpstreamRequest request) {
    try {
      return JSON.readTree(request.body().getBytes());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void chatIsTranslatedAndSentToMessagesWithTheKeyAndVersion() {
    AnthropicProvider p = provider(null);
    assertThat(p.id()).isEqualTo("anthropic");
    assertThat(p.vendor()).isEqualTo("anthropic");
    assertThat(p.dialect()).isEqualTo(Dialect.ANTHROPIC);
    UpstreamRequest r =
        p.chat(
            json(
                "{'model':'anthropic/claude-x','messages':[{'role':'user',"
                    + "'content':'hi'}],'stream':true,'stream_options':{'include_usage':true}}"),
            "claude-sonnet-4-5",
            true);
    assertThat(r.method()).isEqualTo(HttpMethod.POST);
    assertThat(r.uri()).isEqualTo("https://api.anthropic.com/v1/messages");
    assertThat(r.headers())
        .containsEntry("x-api-key", KEY)
        .containsEntry("anthropic-version", "2023-06-01")
        .containsEntry("content-type", "application/json")
        .containsEntry("anthropic-beta", "prompt-caching-2024-07-31")
        .doesNotContainKey("authorization");
    assertThat(sent(r))
        .isEqualTo(
            json(
                "{'model':'claude-sonnet-4-5','max_tokens':64000,"
                    + "'messages':[{'role':'user','content':[{'type':'text','text':'hi'}]}],'stream':true}"));
  }

  @Test
  void theBaseUrlCanBeOverridden() {
    assertThat(
            provider("http://127.0.0.1:9/sim/anthropic/")
                .chat(json("{'messages':[{'role':" + "'user','content':'hi'}]}"), "m", false)
                .uri())
        .isEqualTo("http://127.0.0.1:9/sim/anthropic/v1/messages");
  }

  @Test
  void translationErrorsReachTheCallerAsA400() {
    assertThatThrownBy(
            () ->
                provider(null)
                    .chat(
                        json("{'n':3,'messages':[{'role':'user'," + "'content':'hi'}]}"),
                        "m",
                        false))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.param()).isEqualTo("n"));
  }

  @Test
  void passthroughKeepsEveryFieldAndSetsModelAndStream() {
    ObjectNode body =
        json(
            "{'model':'alias','max_tokens':5,'system':[{'type':'text','text':'S',"
                + "'cache_control':{'type':'ephemeral','ttl':'1h'}}],'messages':[{'role':'user','content':"
                + "'hi'}],'thinking':{'type':'adaptive'},'container':'c1','stream':true}");
    UpstreamRequest r = provider(null).passthrough(body.deepCopy(), "claude-opus-4-1", false);
    ObjectNode expected = body.deepCopy().put("model", "claude-opus-4-1");
    expected.remove("stream");
    assertThat(sent(r)).isEqualTo(expected);
    assertThat(
            sent(provider(null).passthrough(body.deepCopy(), "m", true)).get("stream").asBoolean())
        .isTrue();
  }

  @Test
  void hasNoEmbeddingsCapability() {
    // Anthropic has no embeddings API: the gateway answers 400 naming the model (EmbeddingsIT).
    assertThat(provider(null)).isNotInstanceOf(switchboard.provider.EmbeddingsUpstream.class);
  }

  @Test
  void modelsAreListedWithTheSameAuth() {
    AnthropicProvider p = provider(null);
    UpstreamRequest r = p.listModels();
    assertThat(r.method()).isEqualTo(HttpMethod.GET);
    assertThat(r.uri()).isEqualTo("https://api.anthropic.com/v1/models?limit=1000");
    assertThat(r.headers())
        .containsEntry("x-api-key", KEY)
        .containsEntry("anthropic-version", "2023-06-01");
    assertThat(
            p.readModels(
                Buffer.buffer(
                    "{\"data\":[{\"type\":\"model\",\"id\":"
                        + "\"claude-sonnet-4-5-20250929\",\"display_name\":\"Claude Sonnet 4.5\",\"created_at\":"
                        + "\"2025-09-29T00:00:00Z\"},{\"type\":\"model\",\"id\":\"claude-haiku-4-5\"}],"
                        + "\"has_more\":false}")))
        .containsExactly("claude-sonnet-4-5-20250929", "claude-haiku-4-5");
    assertThatThrownBy(() -> p.readModels(Buffer.buffer("<html>")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void answersAreReadThroughTheAnthropicCodec() {
    AnthropicProvider p = provider(null);
    ObjectNode out =
        p.readResponse(
            json(
                "{'id':'msg_1','type':'message','role':'assistant',"
                    + "'model':'m','content':[{'type':'text','text':'Hi'}],'stop_reason':'end_turn',"
                    + "'usage':{'input_tokens':3,'output_tokens':1}}"),
            "sim-model");
    assertThat(out.at("/choices/0/message/content").asText()).isEqualTo("Hi");
    assertThat(p.usage(out.get("usage")).input()).isEqualTo(3);
    assertThat(p.streamDecoder("sim-model"))
        .isInstanceOf(AnthropicStreamDecoder.class)
        .isNotSameAs(p.streamDecoder("sim-model"));
  }

  private static UpstreamError classify(int status, String body, String... headers) {
    MultiMap h = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < headers.length; i += 2) {
      h.add(headers[i], headers[i + 1]);
    }
    return provider(null).classify(status, h, Buffer.buffer(body));
  }

  private static String envelope(String type, String message) {
    return "{\"type\":\"error\",\"error\":{\"type\":\""
        + type
        + "\",\"message\":\""
        + message
        + "\"},\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7Fy\"}";
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "400|invalid_request_error|messages.1.content.0: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_01|BAD_REQUEST",
        "400|invalid_request_error|prompt is too long: 215312 tokens > 200000 maximum|CONTEXT_LENGTH",
        "400|invalid_request_error|A maximum of 4 blocks with cache_control may be provided. Found 5.|BAD_REQUEST",
        "400|invalid_request_error|Your credit balance is too low to access the Anthropic API.|QUOTA_EXHAUSTED",
        "401|authentication_error|invalid x-api-key|KEY_REJECTED",
        "402|billing_error|Your account has a billing problem.|QUOTA_EXHAUSTED",
        "403|permission_error|Your API key does not have permission to use the specified resource.|KEY_REJECTED",
        "404|not_found_error|model: claude-nonexistent|BAD_REQUEST",
        "413|request_too_large|Request exceeds the maximum allowed number of bytes.|BAD_REQUEST",
        "429|rate_limit_error|This request would exceed the rate limit for your organization.|RATE_LIMITED",
        "500|api_error|Internal server error|SERVER_ERROR",
        "504|timeout_error|Request timed out|TIMEOUT",
        "529|overloaded_error|Overloaded|OVERLOADED"
      })
  void classifiesAnthropicErrorBodies(int status, String type, String message, Failure failure) {
    UpstreamError e = classify(status, envelope(type, message.replace("`", "\\u0060")));
    assertThat(e.failure()).isEqualTo(failure);
    assertThat(e.status()).isEqualTo(status);
    assertThat(e.type()).isEqualTo(type);
    assertThat(e.message()).isEqualTo(message);
  }

  @Test
  void statusDecidesWhenTheBodyIsNotAnEnvelope() {
    assertThat(classify(529, "").failure()).isEqualTo(Failure.OVERLOADED);
    assertThat(classify(502, "<html><body>Bad gateway</body></html>").failure())
        .isEqualTo(Failure.SERVER_ERROR);
    assertThat(classify(502, "<html><body>Bad gateway</body></html>").message())
        .contains("Bad gateway");
    assertThat(classify(504, "upstream timed out").failure()).isEqualTo(Failure.TIMEOUT);
    assertThat(classify(401, "{}").failure()).isEqualTo(Failure.KEY_REJECTED);
    assertThat(classify(418, "{}").failure()).isEqualTo(Failure.BAD_REQUEST);
    assertThat(classify(503, "").message()).isEqualTo("Anthropic answered 503");
  }

  @Test
  void rateLimitsCarryRetryAfter() {
    UpstreamError e =
        classify(
            429,
            envelope("rate_limit_error", "slow down"),
            "retry-after",
            "7",
            "anthropic-ratelimit-requests-reset",
            "2025-08-21T12:40:59Z");
    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    assertThat(classify(429, envelope("rate_limit_error", "x")).retryAfter()).isNull();
    assertThat(
            classify(400, envelope("invalid_request_error", "x"), "retry-after", "7").retryAfter())
        .isNull();
  }

  @Test
  void theKeyNeverAppearsInMessages() {
    UpstreamError e = classify(401, envelope("authentication_error", "invalid x-api-key " + KEY));
    assertThat(e.message()).doesNotContain(KEY).doesNotContain("secretsecret");
    UpstreamError other =
        classify(401, envelope("authentication_error", "key sk-ant-api03-anotherkey999 revoked"));
    assertThat(other.message()).doesNotContain("anotherkey999");
  }

  @Test
  void streamErrorEventsAreClassifiedInBand() {
    AnthropicProvider p = provider(null);
    UpstreamError overloaded =
        p.classifyInBand(json("{'type':'overloaded_error','message':'Overloaded'}"));
    assertThat(overloaded.failure()).isEqualTo(Failure.OVERLOADED);
    assertThat(overloaded.status()).isEqualTo(200);
    assertThat(overloaded.message()).isEqualTo("Overloaded");
    assertThat(
            p.classifyInBand(json("{'type':'error','error':{'type':'api_error','message':'boom'}}"))
                .failure())
        .isEqualTo(Failure.SERVER_ERROR);
    assertThat(p.classifyInBand(json("{'type':'rate_limit_error','message':'x'}")).failure())
        .isEqualTo(Failure.RATE_LIMITED);
    assertThat(p.classifyInBand(json("{'type':'mystery','message':'x'}")).failure())
        .isEqualTo(Failure.SERVER_ERROR);
  }
}
