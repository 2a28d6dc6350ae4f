package switchboard.provider.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import switchboard.pipeline.Dialect;
import switchboard.pipeline.GatewayException;
import switchboard.provider.Failure;
import switchboard.provider.ProviderConfig;
import switchboard.provider.UpstreamError;
import switchboard.provider.UpstreamRequest;

class GeminiProviderTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String KEY = "AIzaSyA-test0123456789abcdefghijklmnopq";

  static GeminiProvider provider(String baseUrl) {
    return new GeminiProvider(
        new ProviderConfig("google", "google", KEY, baseUrl, null, List.of(), Map.of()),
        Clock.fixed(Instant.ofEpochSecond(1767225600L), ZoneOffset.UTC));
  }

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void chatGoesToGenerateContentWithTheKeyInAHeader() throws Exception {
    GeminiProvider p = provider(null);
    assertThat(p.dialect()).isEqualTo(Dialect.GEMINI);
    assertThat(p.vendor()).isEqualTo("google");
    UpstreamRequest plain =
        p.chat(
            json("{'model':'x','messages':[{'role':'user','content':'hi'}]}"),
            "gemini-2.5-flash",
            false);
    assertThat(plain.method()).isEqualTo(HttpMethod.POST);
    assertThat(plain.uri())
        .isEqualTo(
            "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent");
    assertThat(plain.headers())
        .containsEntry("x-goog-api-key", KEY)
        .containsEntry("content-type", "application/json");
    assertThat(JSON.readTree(plain.body().getBytes()))
        .isEqualTo(json("{'contents':[{'role':'user','parts':[{'text':'hi'}]}]}"));

    UpstreamRequest stream =
        provider("http://127.0.0.1:9003/")
            .chat(
                json("{'messages':[{'role':'user','content':'hi'}]}"),
                "models/gemini-2.5-pro",
                true);
    assertThat(stream.uri())
        .isEqualTo(
            "http://127.0.0.1:9003/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse");
    assertThat(stream.uri()).doesNotContain(KEY);
  }

  @Test
  void badModelIdsAndStreamedCandidatesAreRefused() {
    GeminiProvider p = provider(null);
    assertThatThrownBy(
            () -> p.chat(json("{'messages':[{'role':'user','content':'hi'}]}"), "../x?y", false))
        .isInstanceOfSatisfying(
            GatewayException.class, e -> assertThat(e.param()).isEqualTo("model"));
    assertThatThrownBy(
            () -> p.chat(json("{'n':2,'messages':[{'role':'user','content':'hi'}]}"), "g", true))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.param()).isEqualTo("n"));
  }

  @Test
  void readResponseStampsTheClock() {
    ObjectNode out =
        provider(null)
            .readResponse(
                json(
                    "{'candidates':[{'content':{'parts':[{'text':'hi'}]},'finishReason':'STOP'}],'modelVersion':'gemini-2.5-flash'}"),
                "sim-model");
    assertThat(out.get("created").asLong()).isEqualTo(1767225600L);
    assertThat(out.at("/choices/0/message/content").asText()).isEqualTo("hi");
  }

  static UpstreamError classify(int status, String body) {
    return provider(null).classify(status, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(body));
  }

  @Test
  void invalidKeyIsKeyRejectedAndTheKeyIsRedacted() {
    UpstreamError e =
        classify(
            400,
            """
        {"error": {"code": 400, "message": "API key not valid. Please pass a valid API key. (AIzaSyA-test0123456789abcdefghijklmnopq)",
          "status": "INVALID_ARGUMENT",
          "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID",
                       "domain": "googleapis.com", "metadata": {"service": "generativelanguage.googleapis.com"}}]}}
        """);
    assertThat(e.failure()).isEqualTo(Failure.KEY_REJECTED);
    assertThat(e.code()).isEqualTo("API_KEY_INVALID");
    assertThat(e.type()).isEqualTo("INVALID_ARGUMENT");
    assertThat(e.message())
        .doesNotContain(KEY)
        .doesNotContain("AIzaSyA-test")
        .contains("API key not valid");
    assertThat(
            classify(
                    403,
                    "{\"error\":{\"code\":403,\"message\":\"Method doesn't allow unregistered callers\","
                        + "\"status\":\"PERMISSION_DENIED\"}}")
                .failure())
        .isEqualTo(Failure.KEY_REJECTED);
  }

  @Test
  void rateLimitReadsRetryInfoThenTheHeader() {
    UpstreamError e =
        classify(
            429,
            """
        {"error":{"code":429,"message":"You exceeded your current quota, please check your plan and billing details. Please retry in 8.27s.",
          "status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[]},
          {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"8.27s"}]}}
        """);
    assertThat(e.failure()).isEqualTo(Failure.RATE_LIMITED);
    assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(8270));
    UpstreamError header =
        provider(null)
            .classify(
                429,
                MultiMap.caseInsensitiveMultiMap().add("retry-after", "37"),
                Buffer.buffer(
                    "{\"error\":{\"code\":429,\"message\":\"slow down\",\"status\":\"RESOURCE_EXHAUSTED\"}}"));
    assertThat(header.retryAfter()).isEqualTo(Duration.ofSeconds(37));
  }

  @Test
  void statusesMapToFailures() {
    assertThat(
            classify(
                    503,
                    "{\"error\":{\"code\":503,\"message\":\"The model is overloaded. Please try again later.\",\"status\":\"UNAVAILABLE\"}}")
                .failure())
        .isEqualTo(Failure.OVERLOADED);
    assertThat(
            classify(
                    500,
                    "{\"error\":{\"code\":500,\"message\":\"An internal error has occurred.\",\"status\":\"INTERNAL\"}}")
                .failure())
        .isEqualTo(Failure.SERVER_ERROR);
    assertThat(
            classify(
                    504,
                    "{\"error\":{\"code\":504,\"message\":\"Deadline expired\",\"status\":\"DEADLINE_EXCEEDED\"}}")
                .failure())
        .isEqualTo(Failure.TIMEOUT);
    assertThat(
            classify(
                    400,
                    "{\"error\":{\"code\":400,\"message\":\"The input token count (1200000) exceeds the maximum number of tokens allowed (1048575).\",\"status\":\"INVALID_ARGUMENT\"}}")
                .failure())
        .isEqualTo(Failure.CONTEXT_LENGTH);
    assertThat(
            classify(
                    400,
                    "{\"error\":{\"code\":400,\"message\":\"Invalid JSON payload received. Unknown name \\\"foo\\\"\",\"status\":\"INVALID_ARGUMENT\"}}")
                .failure())
        .isEqualTo(Failure.BAD_REQUEST);
    assertThat(
            classify(
                    404,
                    "{\"error\":{\"code\":404,\"message\":\"models/nope is not found\",\"status\":\"NOT_FOUND\"}}")
                .failure())
        .isEqualTo(Failure.BAD_REQUEST);
    assertThat(
            classify(
                    400,
                    "[{\"error\":{\"code\":400,\"message\":\"User location is not supported for the API use.\",\"status\":\"FAILED_PRECONDITION\"}}]")
                .failure())
        .isEqualTo(Failure.KEY_REJECTED);
    assertThat(classify(502, "<html>Bad Gateway</html>").failure()).isEqualTo(Failure.SERVER_ERROR);
  }

  @Test
  void inBandErrorsAreClassifiedWithStatus200() {
    UpstreamError e =
        provider(null)
            .classifyInBand(
                json("{'code':503,'message':'The model is overloaded.','status':'UNAVAILABLE'}"));
    assertThat(e.failure()).isEqualTo(Failure.OVERLOADED);
    assertThat(e.status()).isEqualTo(200);
  }

  @Test
  void modelListKeepsChatModelsWithoutThePrefix() {
    GeminiProvider p = provider(null);
    assertThat(p.listModels().uri())
        .isEqualTo("https://generativelanguage.googleapis.com/v1beta/models?pageSize=1000");
    assertThat(p.listModels().method()).isEqualTo(HttpMethod.GET);
    assertThat(
            p.readModels(
                Buffer.buffer(
                    """
        {"models":[{"name":"models/gemini-2.5-flash","supportedGenerationMethods":["generateContent","countTokens"]},
          {"name":"models/text-embedding-004","supportedGenerationMethods":["embedContent"]}],"nextPageToken":"x"}
        """)))
        .containsExactly("gemini-2.5-flash");
  }

  @Test
  void embeddingsGoThroughBatchEmbedContentsAndComeBackAsAList() throws Exception {
    UpstreamRequest r =
        provider(null)
            .embeddings(
                json("{'model':'x','input':['a','b'],'dimensions':3}"), "text-embedding-004");
    assertThat(r.uri())
        .isEqualTo(
            "https://generativelanguage.googleapis.com/v1beta/models/text-embedding-004:batchEmbedContents");
    assertThat(JSON.readTree(r.body().getBytes()))
        .isEqualTo(
            json(
                """
        {'requests':[{'model':'models/text-embedding-004','content':{'parts':[{'text':'a'}]},'outputDimensionality':3},
          {'model':'models/text-embedding-004','content':{'parts':[{'text':'b'}]},'outputDimensionality':3}]}
        """));
    ObjectNode list =
        GeminiProvider.embeddingsToCanonical(
            json("{'embeddings':[{'values':[0.5,1.0]},{'values':[2.0]}]}"), "text-embedding-004");
    assertThat(list.get("object").asText()).isEqualTo("list");
    assertThat(list.at("/data/1/index").asInt()).isEqualTo(1);
    assertThat(list.at("/data/0/embedding/1").asDouble()).isEqualTo(1.0);
    assertThatThrownBy(
            () -> provider(null).embeddings(json("{'input':[[1,2]]}"), "text-embedding-004"))
        .isInstanceOfSatisfying(
            GatewayException.class, e -> assertThat(e.param()).isEqualTo("input"));
  }

  @Test
  void aLongPrefixGetsTheCachedContentsRequests() throws Exception {
    GeminiProvider p = provider("http://127.0.0.1:9");
    String manual = "word ".repeat(2000);
    switchboard.provider.ContextCaching.Prefix prefix =
        p.chatPrefix(
            json(
                "{'model':'x','messages':[{'role':'system','content':'"
                    + manual
                    + "'},{'role':'user','content':'hi'}]}"),
            "gemini-2.5-flash",
            true);
    UpstreamRequest create = prefix.create(java.time.Duration.ofHours(1));
    assertThat(create.uri()).isEqualTo("http://127.0.0.1:9/v1beta/cachedContents");
    assertThat(create.headers()).containsEntry("x-goog-api-key", KEY);
    JsonNode body = JSON.readTree(create.body().getBytes());
    assertThat(body.path("ttl").asText()).isEqualTo("3600s");
    assertThat(body.path("systemInstruction").toString()).contains("word word");
    UpstreamRequest using = prefix.using("cachedContents/abc");
    assertThat(using.uri()).endsWith("/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    JsonNode sent = JSON.readTree(using.body().getBytes());
    assertThat(sent.path("cachedContent").asText()).isEqualTo("cachedContents/abc");
    assertThat(sent.has("systemInstruction")).isFalse();
    assertThat(JSON.readTree(prefix.whole().body().getBytes()).has("systemInstruction")).isTrue();
    assertThat(p.delete("cachedContents/abc").uri())
        .isEqualTo("http://127.0.0.1:9/v1beta/cachedContents/abc");
    assertThat(p.delete("cachedContents/abc").method()).isEqualTo(HttpMethod.DELETE);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.delete("../models/x"))
        .isInstanceOf(IllegalArgumentException.class);
    // a short prompt has no prefix worth a cache
    assertThat(
            p.chatPrefix(
                json("{'model':'x','messages':[{'role':'user','content':'hi'}]}"),
                "gemini-2.5-flash",
                false))
        .isNull();
  }

  @Test
  void creationAnswersAndGoneCachesAreRead() {
    GeminiProvider p = provider(null);
    var created =
        p.readCreated(
            io.vertx.core.buffer.Buffer.buffer(
                "{\"name\":\"cachedContents/abc-1\",\"expireTime\":\"2026-12-01T01:00:00.5Z\"}"));
    assertThat(created.name()).isEqualTo("cachedContents/abc-1");
    assertThat(created.expires()).isEqualTo(Instant.parse("2026-12-01T01:00:00.5Z"));
    assertThat(p.readCreated(io.vertx.core.buffer.Buffer.buffer("{\"name\":\"x/../y\"}"))).isNull();
    String gone =
        "{\"error\":{\"code\":403,\"message\":\"CachedContent not found (or permission"
            + " denied)\",\"status\":\"PERMISSION_DENIED\"}}";
    assertThat(p.cacheGone(403, io.vertx.core.buffer.Buffer.buffer(gone))).isTrue();
    assertThat(p.cacheGone(404, io.vertx.core.buffer.Buffer.buffer(gone))).isTrue();
    String denied =
        "{\"error\":{\"code\":403,\"message\":\"Permission denied\",\"status\":\"PERMISSION_DENIED\"}}";
    assertThat(p.cacheGone(403, io.vertx.core.buffer.Buffer.buffer(denied))).isFalse();
    assertThat(p.cacheGone(400, io.vertx.core.buffer.Buffer.buffer(gone))).isFalse();
  }
}
