package switchboard.provider.compatible;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static switchboard.provider.compatible.ProviderFixtures.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import switchboard.provider.Failure;
import switchboard.provider.ProviderConfig;
import switchboard.provider.UpstreamError;
import switchboard.provider.UpstreamRequest;

class OpenAiCompatibleProviderTest {

  // ---------------------------------------------------------------- failure classification

  @ParameterizedTest(name = "{0} {1}/{2}/{3} -> {4}")
  @CsvSource(
      nullValues = "null",
      value = {
        "400, null, null, Invalid value for 'temperature', BAD_REQUEST",
        "404, invalid_request_error, model_not_found, The model `x` does not exist, BAD_REQUEST",
        "422, null, null, unprocessable, BAD_REQUEST",
        "400, invalid_request_error, context_length_exceeded, too long, CONTEXT_LENGTH",
        "400, invalid_request_error, invalid_request_error, This model's maximum context length is 131072 tokens, CONTEXT_LENGTH",
        "400, BadRequestError, 400, too large for model with 32768 Maximum Context Length, CONTEXT_LENGTH",
        "400, null, content_filter, The response was filtered, CONTENT_FILTERED",
        "400, invalid_request_error, content_policy_violation, refused, CONTENT_FILTERED",
        "401, invalid_request_error, invalid_api_key, Incorrect API key provided, KEY_REJECTED",
        "403, null, 403, Access denied, KEY_REJECTED",
        "402, null, 402, Insufficient Balance, QUOTA_EXHAUSTED",
        "429, insufficient_quota, insufficient_quota, You exceeded your current quota, QUOTA_EXHAUSTED",
        "429, tokens, rate_limit_exceeded, Rate limit reached for gpt-4o, RATE_LIMITED",
        "408, null, null, Request timeout, TIMEOUT",
        "409, null, null, conflict, SERVER_ERROR",
        "500, server_error, null, The server had an error, SERVER_ERROR",
        "502, null, null, Bad Gateway, SERVER_ERROR",
        "503, server_error, null, Slow Down, SERVER_ERROR",
        "504, null, null, Gateway Timeout, SERVER_ERROR",
        "529, overloaded_error, null, Overloaded, OVERLOADED",
      })
  void failureOfMapsStatusAndBody(
      int status, String type, String code, String message, Failure expected) {
    assertThat(OpenAiCompatibleProvider.failureOf(status, parsed(message, type, code)))
        .isEqualTo(expected);
  }

  @Test
  void failureOfToleratesAnEmptyBody() {
    ErrorBodies.Parsed none = new ErrorBodies.Parsed(null, null, null, null);

    assertThat(OpenAiCompatibleProvider.failureOf(400, none)).isEqualTo(Failure.BAD_REQUEST);
    assertThat(OpenAiCompatibleProvider.failureOf(503, none)).isEqualTo(Failure.SERVER_ERROR);
  }

  @Test
  void classifyRateLimitCarriesRetryAfterAndTheBodyFields() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("retry-after", "2");
    Buffer body =
        Buffer.buffer(
            "{\"error\":{\"message\":\"Rate limit reached for gpt-4o. Please try"
                + " again in 644ms.\",\"type\":\"tokens\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}");

    UpstreamError error = provider("openai").classify(429, headers, body);

    assertThat(error.failure()).isEqualTo(Failure.RATE_LIMITED);
    assertThat(error.status()).isEqualTo(429);
    assertThat(error.retryAfter()).isEqualTo(Duration.ofSeconds(2));
    assertThat(error.type()).isEqualTo("tokens");
    assertThat(error.code()).isEqualTo("rate_limit_exceeded");
    assertThat(error.message()).startsWith("Rate limit reached");
  }

  @Test
  void classifyReadsRetryAfterMilliseconds() {
    MultiMap headers =
        MultiMap.caseInsensitiveMultiMap().add("retry-after-ms", "644").add("retry-after", "1");

    UpstreamError error = provider("groq").classify(429, headers, Buffer.buffer("{}"));

    assertThat(error.retryAfter()).isEqualTo(Duration.ofMillis(644));
  }

  @Test
  void classifyReadsRetryAfterAsAnHttpDate() {
    MultiMap headers =
        MultiMap.caseInsensitiveMultiMap().add("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT");

    UpstreamError error =
        provider("openrouter")
            .classify(
                503,
                headers,
                Buffer.buffer("{\"error\":{\"code\":503,\"message\":\"No provider available\"}}"));

    assertThat(error.failure()).isEqualTo(Failure.SERVER_ERROR);
    assertThat(error.retryAfter()).isEqualTo(Duration.ZERO);
    assertThat(error.code()).isEqualTo("503");
  }

  @Test
  void classifyMasksTheProviderKeyInTheMessage() {
    Buffer body =
        Buffer.buffer(
            "{\"error\":{\"message\":\"Incorrect API key provided: "
                + KEY
                + ". You can find your API key at https://platform.openai.com.\",\"type\":"
                + "\"invalid_request_error\",\"code\":\"invalid_api_key\"}}");

    UpstreamError error =
        provider("openai").classify(401, MultiMap.caseInsensitiveMultiMap(), body);

    assertThat(error.failure()).isEqualTo(Failure.KEY_REJECTED);
    assertThat(error.message())
        .doesNotContain(KEY)
        .doesNotContain("0123456789abcdef")
        .contains("Incorrect API key provided");
  }

  @Test
  void classifyWithoutBodySaysWhatStatusCame() {
    UpstreamError error = provider("openai").classify(502, null, Buffer.buffer());

    assertThat(error.failure()).isEqualTo(Failure.SERVER_ERROR);
    assertThat(error.message()).isEqualTo("upstream answered 502");
    assertThat(error.retryAfter()).isNull();
  }

  @Test
  void classifyMistralFlatBody() {
    Buffer body =
        Buffer.buffer(
            "{\"object\":\"error\",\"message\":\"Prompt contains 40000 tokens,"
                + " too large for model with 32768 maximum context length\",\"type\":"
                + "\"invalid_request_error\",\"param\":null,\"code\":null}");

    UpstreamError error =
        provider("mistral").classify(400, MultiMap.caseInsensitiveMultiMap(), body);

    assertThat(error.failure()).isEqualTo(Failure.CONTEXT_LENGTH);
    assertThat(error.type()).isEqualTo("invalid_request_error");
  }

  @Test
  void classifyInBandKeepsStatus200AndUsesANumericCode() {
    UpstreamError rateLimited =
        provider("openrouter")
            .classifyInBand(json("{\"code\":429,\"message\":\"Rate limited upstream\"}"));
    UpstreamError generic =
        provider("openai")
            .classifyInBand(json("{\"message\":\"boom\",\"type\":\"server_error\",\"code\":null}"));

    assertThat(rateLimited.failure()).isEqualTo(Failure.RATE_LIMITED);
    assertThat(rateLimited.status()).isEqualTo(200);
    assertThat(generic.failure()).isEqualTo(Failure.SERVER_ERROR);
    assertThat(generic.status()).isEqualTo(200);
    assertThat(generic.message()).isEqualTo("boom");
  }

  // ---------------------------------------------------------------- chat request preparation

  static Stream<Vendor> vendors() {
    return Vendors.ALL.stream();
  }

  private static final String RICH_BODY =
      """
      {"model":"openai/gpt-4o","stream":true,"stream_options":{"include_obfuscation":false},
       "messages":[{"role":"developer","content":"be brief"},
                   {"role":"user","name":"ann","content":"hi"}],
       "seed":7,"logprobs":true,"top_logprobs":2,"logit_bias":{"1":1},"store":true,
       "metadata":{"k":"v"},"user":"u","service_tier":"auto","temperature":0.5}
      """;

  @ParameterizedTest(name = "{0}")
  @MethodSource("vendors")
  void chatRequestFollowsTheVendorRow(Vendor vendor) {
    OpenAiCompatibleProvider provider = provider(vendor.id());

    UpstreamRequest request = provider.chat(json(RICH_BODY), "served-model", true);
    ObjectNode body = sent(request);

    assertThat(request.method()).isEqualTo(HttpMethod.POST);
    assertThat(body.get("model").asText()).isEqualTo("served-model");
    if (vendor.droppedParams().contains("stream_options")) {
      // Mistral refuses unknown fields and puts usage on its last chunk unasked.
      assertThat(body.has("stream_options")).isFalse();
    } else {
      assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
      assertThat(body.path("stream_options").path("include_obfuscation").isBoolean()).isTrue();
    }
    assertThat(body.path("temperature").asDouble()).isEqualTo(0.5);
    assertThat(body.path("messages").get(0).path("role").asText())
        .isEqualTo(vendor.acceptsDeveloperRole() ? "developer" : "system");
    for (String dropped : vendor.droppedParams()) {
      assertThat(body.has(dropped)).as("%s drops %s", vendor.id(), dropped).isFalse();
    }
    vendor
        .renamedParams()
        .forEach(
            (ours, theirs) -> {
              assertThat(body.has(ours)).isFalse();
              assertThat(body.get(theirs)).isEqualTo(json(RICH_BODY).get(ours));
            });
    if (vendor.auth() == Vendor.Auth.AZURE_API_KEY) {
      assertThat(request.headers())
          .containsEntry("api-key", KEY)
          .doesNotContainKey("authorization");
    } else {
      assertThat(request.headers())
          .containsEntry("authorization", "Bearer " + KEY)
          .doesNotContainKey("api-key");
      String base =
          vendor.defaultBaseUrl() != null
              ? vendor.defaultBaseUrl()
              : "https://" + vendor.id() + ".example.test/v1";
      assertThat(request.uri()).isEqualTo(base + "/chat/completions");
    }
    assertThat(request.headers()).containsEntry("content-type", "application/json");
  }

  @Test
  void openAiKeepsEverythingItAccepts() {
    ObjectNode body = sent(provider("openai").chat(json(RICH_BODY), "gpt-4o", true));

    ObjectNode expected = json(RICH_BODY);
    expected.put("model", "gpt-4o");
    ((ObjectNode) expected.get("stream_options")).put("include_usage", true);
    assertThat(body).isEqualTo(expected);
  }

  @Test
  void nonStreamingRequestGetsNoStreamOptions() {
    ObjectNode body =
        sent(
            provider("openai")
                .chat(json("{\"model\":\"openai/gpt-4o\",\"messages\":[]}"), "gpt-4o", false));

    assertThat(body.has("stream_options")).isFalse();
  }

  @Test
  void streamOptionsThatIsNotAnObjectIsReplaced() {
    ObjectNode body =
        sent(
            provider("openai")
                .chat(
                    json("{\"model\":\"x\",\"messages\":[],\"stream_options\":null}"),
                    "gpt-4o",
                    true));

    assertThat(body.get("stream_options")).isEqualTo(json("{\"include_usage\":true}"));
  }

  @Test
  void clientsIncludeUsageFalseIsOverriddenUpstream() {
    ObjectNode body =
        sent(
            provider("deepseek")
                .chat(
                    json(
                        "{\"model\":\"x\",\"messages\":[],\"stream_options\":{\"include_usage\":false}}"),
                    "deepseek-v4",
                    true));

    assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
  }

  @Test
  void mistralRenamesSeedAndMapsRequiredToolChoiceToAny() {
    ObjectNode body =
        sent(
            provider("mistral")
                .chat(
                    json(
                        "{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"seed\":42,"
                            + "\"tool_choice\":\"required\",\"tools\":[{\"type\":\"function\",\"function\":"
                            + "{\"name\":\"f\"}}]}"),
                    "mistral-large-latest",
                    false));

    assertThat(body.has("seed")).isFalse();
    assertThat(body.get("random_seed").asInt()).isEqualTo(42);
    assertThat(body.get("tool_choice").asText()).isEqualTo("any");
    assertThat(body.get("tools")).hasSize(1);
  }

  @Test
  void mistralToolIdsBecomeNineAlphanumericsConsistently() {
    ObjectNode body =
        sent(
            provider("mistral")
                .chat(
                    json(
                        """
        {"model":"x","messages":[
          {"role":"user","content":"weather and time?"},
          {"role":"assistant","content":null,"tool_calls":[
             {"id":"call_0fypS1hVXabc","type":"function","function":{"name":"w","arguments":"{}"}},
             {"id":"toolu_01A09q90qw90lq917835lq9","type":"function","function":{"name":"t","arguments":"{}"}},
             {"id":"Ab3dE6gH9","type":"function","function":{"name":"u","arguments":"{}"}}]},
          {"role":"tool","tool_call_id":"toolu_01A09q90qw90lq917835lq9","content":"12:00"},
          {"role":"tool","tool_call_id":"call_0fypS1hVXabc","content":"sunny"},
          {"role":"tool","tool_call_id":"Ab3dE6gH9","content":"ok"}]}
        """),
                    "mistral-large-latest",
                    false));

    JsonNode calls = body.path("messages").get(1).path("tool_calls");
    List<String> ids = new ArrayList<>();
    calls.forEach(c -> ids.add(c.path("id").asText()));
    assertThat(ids).allMatch(id -> id.matches("[a-zA-Z0-9]{9}")).doesNotHaveDuplicates();
    assertThat(ids.get(2)).isEqualTo("Ab3dE6gH9");
    assertThat(ids.get(0)).isNotEqualTo("call_0fyp");
    assertThat(body.path("messages").get(2).path("tool_call_id").asText()).isEqualTo(ids.get(1));
    assertThat(body.path("messages").get(3).path("tool_call_id").asText()).isEqualTo(ids.get(0));
    assertThat(body.path("messages").get(4).path("tool_call_id").asText()).isEqualTo(ids.get(2));
  }

  @Test
  void mistralIdIsStableAcrossRequests() {
    assertThat(RequestQuirks.mistralId("call_abc"))
        .isEqualTo(RequestQuirks.mistralId("call_abc"))
        .matches("[a-zA-Z0-9]{9}");
    assertThat(RequestQuirks.mistralId("call_abc"))
        .isNotEqualTo(RequestQuirks.mistralId("call_abd"));
  }

  @Test
  void otherVendorsKeepToolIdsAndRequiredToolChoice() {
    ObjectNode body =
        sent(
            provider("openai")
                .chat(
                    json(
                        "{\"model\":\"x\",\"tool_choice\":\"required\",\"messages\":[{\"role\":\"tool\","
                            + "\"tool_call_id\":\"call_0fypS1hVXabc\",\"content\":\"x\"}]}"),
                    "gpt-4o",
                    false));

    assertThat(body.get("tool_choice").asText()).isEqualTo("required");
    assertThat(body.path("messages").get(0).path("tool_call_id").asText())
        .isEqualTo("call_0fypS1hVXabc");
  }

  @Test
  void groqDropsMessageNamesAndLogprobs() {
    ObjectNode body =
        sent(
            provider("groq")
                .chat(
                    json(
                        "{\"model\":\"x\",\"logprobs\":true,\"top_logprobs\":3,\"logit_bias\":{\"5\":1},"
                            + "\"messages\":[{\"role\":\"system\",\"name\":\"sys\",\"content\":\"s\"},"
                            + "{\"role\":\"user\",\"name\":\"ann\",\"content\":\"hi\"}]}"),
                    "llama-3.3-70b",
                    false));

    assertThat(body.has("logprobs")).isFalse();
    assertThat(body.has("top_logprobs")).isFalse();
    assertThat(body.has("logit_bias")).isFalse();
    for (JsonNode message : body.get("messages")) {
      assertThat(message.has("name")).isFalse();
      assertThat(message.has("content")).isTrue();
    }
  }

  @Test
  void openAiKeepsMessageNames() {
    ObjectNode body =
        sent(
            provider("openai")
                .chat(
                    json(
                        "{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"name\":\"ann\",\"content\":\"hi\"}]}"),
                    "gpt-4o",
                    false));

    assertThat(body.path("messages").get(0).path("name").asText()).isEqualTo("ann");
  }

  @Test
  void togetherDropsToolsWhenToolChoiceIsNone() {
    String request =
        "{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
            + "\"tool_choice\":\"%s\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}";

    ObjectNode none = sent(provider("together").chat(json(request.formatted("none")), "m", false));
    ObjectNode auto = sent(provider("together").chat(json(request.formatted("auto")), "m", false));
    ObjectNode openAi = sent(provider("openai").chat(json(request.formatted("none")), "m", false));

    assertThat(none.has("tools")).isFalse();
    assertThat(none.has("tool_choice")).isFalse();
    assertThat(auto.get("tools")).hasSize(1);
    assertThat(auto.get("tool_choice").asText()).isEqualTo("auto");
    assertThat(openAi.get("tools")).hasSize(1);
  }

  @Test
  void azureUsesTheDeploymentUrlAndApiKeyHeader() {
    OpenAiCompatibleProvider azure =
        provider("azure", "azkey123456", "https://res.openai.azure.com/", null, Map.of());

    UpstreamRequest chat =
        azure.chat(json("{\"model\":\"x\",\"messages\":[]}"), "gpt4o-prod", true);
    UpstreamRequest embed = azure.embeddings(json("{\"model\":\"x\",\"input\":\"a\"}"), "emb-prod");

    assertThat(chat.uri())
        .isEqualTo(
            "https://res.openai.azure.com/openai/deployments/gpt4o-prod/chat/completions"
                + "?api-version=2024-10-21");
    assertThat(embed.uri())
        .isEqualTo(
            "https://res.openai.azure.com/openai/deployments/emb-prod/embeddings?api-version=2024-10-21");
    assertThat(chat.headers())
        .containsEntry("api-key", "azkey123456")
        .doesNotContainKey("authorization");
  }

  @Test
  void azureHonoursTheConfiguredApiVersionAndTheV1Surface() {
    OpenAiCompatibleProvider dated =
        provider("azure", "k", "https://res.openai.azure.com", "2025-04-01-preview", Map.of());
    OpenAiCompatibleProvider v1 =
        provider("azure", "k", "https://res.openai.azure.com", "v1", Map.of());

    assertThat(dated.chat(json("{}"), "dep", false).uri())
        .isEqualTo(
            "https://res.openai.azure.com/openai/deployments/dep/chat/completions"
                + "?api-version=2025-04-01-preview");
    assertThat(v1.chat(json("{}"), "gpt-4o", false).uri())
        .isEqualTo("https://res.openai.azure.com/openai/v1/chat/completions");
  }

  @Test
  void configuredBaseUrlAndExtraHeadersAreUsed() {
    OpenAiCompatibleProvider openRouter =
        provider(
            "openrouter",
            "sk-or-v1-abc",
            "https://proxy.example.test/api/v1/",
            null,
            Map.of("HTTP-Referer", "https://app.example", "X-Title", "App"));

    UpstreamRequest request = openRouter.chat(json("{}"), "anthropic/claude-sonnet-4", false);

    assertThat(request.uri()).isEqualTo("https://proxy.example.test/api/v1/chat/completions");
    assertThat(request.headers())
        .containsEntry("HTTP-Referer", "https://app.example")
        .containsEntry("X-Title", "App")
        .containsEntry("authorization", "Bearer sk-or-v1-abc");
    assertThat(sent(request).get("model").asText()).isEqualTo("anthropic/claude-sonnet-4");
  }

  @Test
  void emptyKeySendsNoAuthorization() {
    UpstreamRequest request =
        provider("custom", "", "http://localhost:11434/v1", null, Map.of())
            .chat(json("{}"), "llama3", false);

    assertThat(request.headers()).doesNotContainKeys("authorization", "api-key");
    assertThat(request.uri()).isEqualTo("http://localhost:11434/v1/chat/completions");
  }

  @Test
  void vendorWithoutDefaultUrlNeedsOne() {
    Vendor azure = Vendors.find("azure").orElseThrow();

    assertThatThrownBy(
            () ->
                new OpenAiCompatibleProvider(
                    new ProviderConfig("az", "azure", "k", null, null, null, null), azure))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("az");
  }

  @Test
  void embeddingsPatchTheModelOnly() {
    UpstreamRequest request =
        provider("openai")
            .embeddings(
                json(
                    "{\"model\":\"openai/text-embedding-3-small\",\"input\":[\"a\"],\"dimensions\":8}"),
                "text-embedding-3-small");

    assertThat(request.uri()).isEqualTo("https://api.openai.com/v1/embeddings");
    assertThat(sent(request))
        .isEqualTo(
            json("{\"model\":\"text-embedding-3-small\",\"input\":[\"a\"],\"dimensions\":8}"));
  }
}
