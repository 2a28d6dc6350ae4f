package switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import switchboard.fake.FakeOpenAi;
import switchboard.fake.Reply;

/** Chat completions through the official SDK and raw HTTP against an OpenAI fake. */
class ChatCompletionsIT {

  static final String SNAPSHOT = "gpt-4o-mini-2024-07-18";
  static final String WEATHER_ARGS = "{\"city\":\"Paris\",\"unit\":\"celsius\"}";

  @TempDir static Path data;
  static FakeOpenAi openai;
  static FakeOpenAi deepseek;
  static GatewayFixture gw;

  @BeforeAll
  static void start() {
    openai = FakeOpenAi.start();
    deepseek = FakeOpenAi.start();
    gw =
        GatewayFixture.start(
            data,
            Map.of(
                "OPENAI_API_KEY",
                "sk-fake-openai-provider-key",
                "OPENAI_BASE_URL",
                openai.baseUrl(),
                "DEEPSEEK_API_KEY",
                "sk-fake-deepseek-provider-key",
                "DEEPSEEK_BASE_URL",
                deepseek.baseUrl()));
  }

  @AfterAll
  static void stop() {
    gw.close();
    openai.close();
    deepseek.close();
  }

  @BeforeEach
  void resetFakes() {
    openai.reset();
    deepseek.reset();
  }

  private static ChatCompletionCreateParams.Builder hello(String model) {
    return ChatCompletionCreateParams.builder().model(model).addUserMessage("Say hello");
  }

  @Test
  void nonStreamingAnswerHeadersAndCostFromTheCatalog() throws Exception {
    openai.then(Reply.text("Hello there!").model(SNAPSHOT).usage(1000, 500, 200));

    try (HttpResponseFor<ChatCompletion> raw =
        gw.sdk.chat().completions().withRawResponse().create(hello("openai/gpt-4o-mini").build())) {
      ChatCompletion completion = raw.parse();

      assertThat(completion.choices().get(0).message().content()).contains("Hello there!");
      assertThat(completion.model()).isEqualTo(SNAPSHOT);
      assertThat(completion.usage().get().promptTokens()).isEqualTo(1000);
      assertThat(completion.usage().get().completionTokens()).isEqualTo(500);
      assertThat(raw.headers().values("x-request-id")).singleElement().asString().isNotBlank();
      assertThat(raw.headers().values("x-switchboard-provider")).containsExactly("openai");
      assertThat(raw.headers().values("x-switchboard-model")).containsExactly("openai/gpt-4o-mini");
      assertThat(raw.headers().values("x-switchboard-attempts")).containsExactly("1");
      assertThat(raw.headers().values("x-switchboard-cache").get(0)).isIn("hit", "miss", "bypass");

      // 800 uncached input + 200 cached input + 500 output tokens at the catalog's prices
      JsonNode price = catalogEntry("openai/gpt-4o-mini");
      BigDecimal perMillion = BigDecimal.valueOf(1_000_000);
      BigDecimal expected =
          BigDecimal.valueOf(800)
              .multiply(price.get("input").decimalValue())
              .add(BigDecimal.valueOf(200).multiply(price.get("cached_input").decimalValue()))
              .add(BigDecimal.valueOf(500).multiply(price.get("output").decimalValue()))
              .divide(perMillion);
      String cost = raw.headers().values("x-switchboard-cost-usd").get(0);
      assertThat(new BigDecimal(cost)).isEqualByComparingTo(expected);
    }
  }

  @Test
  void upstreamBodyHasBareModelAndNoGatewayExtensions() {
    String body =
        """
        {"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"hi"}],
         "temperature":0.5,"models":["openai/gpt-4o"],
         "switchboard":{"tags":["a"],"user_id":"u1"},"requesty":{"trace_id":"t1"}}""";
    HttpResponse<String> res = gw.post("/v1/chat/completions", body);
    assertThat(res.statusCode()).isEqualTo(200);

    FakeOpenAi.Received up = openai.single();
    assertThat(up.path()).isEqualTo("/v1/chat/completions");
    assertThat(up.headers().get("authorization")).isEqualTo("Bearer sk-fake-openai-provider-key");
    JsonNode sent = up.json();
    assertThat(sent.get("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(sent.has("models")).isFalse();
    assertThat(sent.has("switchboard")).isFalse();
    assertThat(sent.has("requesty")).isFalse();
    assertThat(sent.get("temperature").asDouble()).isEqualTo(0.5);
    assertThat(up.body()).doesNotContain(GatewayFixture.MASTER_KEY);
  }

  @Test
  void streamingThroughTheSdk() {
    openai.then(Reply.text("Streaming works fine.").model(SNAPSHOT));
    StringBuilder text = new StringBuilder();
    List<String> models = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream =
        gw.sdk.chat().completions().createStreaming(hello("openai/gpt-4o-mini").build())) {
      stream.stream()
          .forEach(
              chunk -> {
                models.add(chunk.model());
                chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
              });
    }
    assertThat(text.toString()).isEqualTo("Streaming works fine.");
    assertThat(models).isNotEmpty().allMatch(SNAPSHOT::equals);
    JsonNode sent = openai.single().json();
    assertThat(sent.get("stream").asBoolean()).isTrue();
    assertThat(sent.path("stream_options").path("include_usage").asBoolean()).isTrue();
  }

  @Test
  void streamWithoutIncludeUsageHidesTheUsageChunk() {
    openai.then(Reply.text("No usage for you.").usage(12, 4, 0));
    HttpResponse<String> res =
        gw.post(
            "/v1/chat/completions",
            """
        {"model":"openai/gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"hi"}]}""");

    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.headers().firstValue("content-type"))
        .get()
        .asString()
        .startsWith("text/event-stream");
    assertThat(res.headers().firstValue("x-switchboard-provider")).contains("openai");
    assertThat(res.headers().firstValue("x-switchboard-attempts")).contains("1");
    List<String> events = Sse.data(res.body());
    assertThat(events).last().isEqualTo("[DONE]");
    for (String event : events.subList(0, events.size() - 1)) {
      JsonNode chunk = GatewayFixture.json(event);
      assertThat(chunk.get("choices").size())
          .as("a usage-only chunk leaked: %s", event)
          .isPositive();
      assertThat(chunk.path("usage").isNull() || chunk.path("usage").isMissingNode()).isTrue();
    }
    // the gateway still asked for usage upstream, to account for it
    assertThat(openai.single().json().path("stream_options").path("include_usage").asBoolean())
        .isTrue();
    assertThat(
            gw.record(res.headers().firstValue("x-request-id").orElseThrow()).get("output_tokens"))
        .isEqualTo(4);
  }

  @Test
  void streamWithIncludeUsageShowsIt() {
    openai.then(Reply.text("Usage please.").usage(12, 4, 0));
    ChatCompletionCreateParams params =
        hello("openai/gpt-4o-mini")
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
            .build();
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream =
        gw.sdk.chat().completions().createStreaming(params)) {
      stream.stream().forEach(chunks::add);
    }
    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertThat(last.choices()).isEmpty();
    assertThat(last.usage())
        .hasValueSatisfying(
            u -> {
              assertThat(u.promptTokens()).isEqualTo(12);
              assertThat(u.completionTokens()).isEqualTo(4);
              assertThat(u.totalTokens()).isEqualTo(16);
            });
  }

  @Test
  void toolCallsPassThroughNonStreaming() {
    openai.then(Reply.ok().toolCall("call_A1", "get_weather", WEATHER_ARGS));
    ChatCompletion completion =
        gw.sdk
            .chat()
            .completions()
            .create(hello("openai/gpt-4o-mini").addTool(weatherTool()).build());

    assertThat(completion.choices().get(0).finishReason())
        .isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    ChatCompletionMessageFunctionToolCall call =
        completion.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
    assertThat(call.id()).isEqualTo("call_A1");
    assertThat(call.function().name()).isEqualTo("get_weather");
    assertThat(call.function().arguments()).isEqualTo(WEATHER_ARGS);
    assertThat(openai.single().json().path("tools").get(0).path("function").path("name").asText())
        .isEqualTo("get_weather");
  }

  @Test
  void toolCallsPassThroughStreaming() {
    openai.then(
        Reply.ok()
            .toolCall("call_A1", "get_weather", WEATHER_ARGS)
            .toolCall("call_B2", "get_time", "{\"tz\":\"CET\"}"));
    ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
    try (StreamResponse<ChatCompletionChunk> stream =
        gw.sdk
            .chat()
            .completions()
            .createStreaming(hello("openai/gpt-4o-mini").addTool(weatherTool()).build())) {
      stream.stream().forEach(accumulator::accumulate);
    }
    ChatCompletion completion = accumulator.chatCompletion();
    List<ChatCompletionMessageFunctionToolCall> calls =
        completion.choices().get(0).message().toolCalls().orElseThrow().stream()
            .map(c -> c.asFunction())
            .toList();
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0).id()).isEqualTo("call_A1");
    assertThat(calls.get(0).function().name()).isEqualTo("get_weather");
    assertThat(calls.get(0).function().arguments()).isEqualTo(WEATHER_ARGS);
    assertThat(calls.get(1).id()).isEqualTo("call_B2");
    assertThat(calls.get(1).function().arguments()).isEqualTo("{\"tz\":\"CET\"}");
    assertThat(completion.choices().get(0).finishReason())
        .isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
  }

  @Test
  void developerMessageBecomesSystemForDeepSeekButNotForOpenAi() {
    ChatCompletionCreateParams.Builder params =
        ChatCompletionCreateParams.builder()
            .addDeveloperMessage("Answer briefly.")
            .addUserMessage("hi");
    gw.sdk.chat().completions().create(params.model("deepseek/deepseek-chat").build());
    gw.sdk.chat().completions().create(params.model("openai/gpt-4o-mini").build());

    JsonNode toDeepSeek = deepseek.single().json();
    assertThat(toDeepSeek.get("model").asText()).isEqualTo("deepseek-chat");
    assertThat(toDeepSeek.get("messages").get(0).get("role").asText()).isEqualTo("system");
    assertThat(toDeepSeek.get("messages").get(0).get("content").asText())
        .isEqualTo("Answer briefly.");
    assertThat(openai.single().json().get("messages").get(0).get("role").asText())
        .isEqualTo("developer");
  }

  private static ChatCompletionFunctionTool weatherTool() {
    return ChatCompletionFunctionTool.builder()
        .function(
            FunctionDefinition.builder()
                .name("get_weather")
                .description("Weather in a city")
                .build())
        .build();
  }

  static JsonNode catalogEntry(String id) throws Exception {
    try (InputStream in = ChatCompletionsIT.class.getResourceAsStream("/catalog/models.yaml")) {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
      for (JsonNode entry : root.get("models")) {
        if (entry.get("id").asText().equals(id)) {
          return entry;
        }
      }
    }
    throw new AssertionError(id + " is not in the catalog");
  }
}
