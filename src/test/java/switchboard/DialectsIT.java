package switchboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OpenAI Java SDK against Anthropic, Gemini and Bedrock models, each served by its simulator in
 * its own wire format over real HTTP: the gateway translates both ways, and a streamed answer
 * equals the complete answer of the same script.
 */
class DialectsIT {

  @TempDir static Path dir;
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw =
        GatewayFixture.startWithConfig(
            dir,
            Map.of(),
            """
        sim: {enabled: true, latency_ms: 1, tokens_per_second: 0}
        policies:
          across: {kind: fallback, targets: [sim-anthropic/overloaded, sim-google/rate-limited, sim-bedrock/echo]}
        """);
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static ChatCompletionCreateParams.Builder ask(String model) {
    return ChatCompletionCreateParams.builder()
        .model(model)
        .addSystemMessage("Be brief.")
        .addUserMessage("Tell me about café au lait ☕");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sim-anthropic/echo", "sim-google/echo", "sim-bedrock/echo"})
  void aStreamedAnswerEqualsTheCompleteAnswer(String model) {
    ChatCompletion complete = gw.sdk.chat().completions().create(ask(model).build());
    ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
    try (StreamResponse<ChatCompletionChunk> stream =
        gw.sdk.chat().completions().createStreaming(ask(model).build())) {
      stream.stream().forEach(acc::accumulate);
    }
    ChatCompletion streamed = acc.chatCompletion();
    String text = complete.choices().get(0).message().content().orElseThrow();
    assertThat(text).contains("café au lait ☕");
    assertThat(streamed.choices().get(0).message().content()).hasValue(text);
    assertThat(streamed.choices().get(0).finishReason())
        .isEqualTo(complete.choices().get(0).finishReason());
    assertThat(complete.model()).isEqualTo("echo");
    assertThat(complete.usage().orElseThrow().completionTokens()).isPositive();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sim-anthropic/echo", "sim-google/echo", "sim-bedrock/echo"})
  void toolCallsComeBackAsOpenAiToolCallsStreamedOrNot(String model) {
    ChatCompletionFunctionTool tool =
        ChatCompletionFunctionTool.builder()
            .function(
                FunctionDefinition.builder()
                    .name("get_weather")
                    .description("Weather in a city")
                    .parameters(
                        FunctionParameters.builder()
                            .putAdditionalProperty("type", JsonValue.from("object"))
                            .putAdditionalProperty(
                                "properties",
                                JsonValue.from(Map.of("city", Map.of("type", "string"))))
                            .build())
                    .build())
            .build();
    ChatCompletionCreateParams params = ask(model).addTool(tool).build();
    ChatCompletion complete = gw.sdk.chat().completions().create(params);
    ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
    try (StreamResponse<ChatCompletionChunk> stream =
        gw.sdk.chat().completions().createStreaming(params)) {
      stream.stream().forEach(acc::accumulate);
    }
    List<ChatCompletionMessageToolCall> calls =
        complete.choices().get(0).message().toolCalls().orElseThrow();
    List<ChatCompletionMessageToolCall> streamed =
        acc.chatCompletion().choices().get(0).message().toolCalls().orElseThrow();
    assertThat(calls).hasSize(1);
    assertThat(calls.get(0).asFunction().function().name()).isEqualTo("get_weather");
    assertThat(streamed.get(0).asFunction().function().name()).isEqualTo("get_weather");
    assertThat(gw.json(streamed.get(0).asFunction().function().arguments()))
        .isEqualTo(gw.json(calls.get(0).asFunction().function().arguments()));
    assertThat(complete.choices().get(0).finishReason().asString()).isEqualTo("tool_calls");
  }

  @Test
  void failoverCrossesDialects() {
    HttpResponse<String> raw =
        gw.post(
            "/v1/chat/completions",
            "{\"model\":\"policy/across\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    // Anthropic's 529, then Gemini's RESOURCE_EXHAUSTED, then Bedrock serves.
    assertThat(raw.headers().firstValue("x-switchboard-model")).hasValue("sim-bedrock/echo");
    assertThat(raw.headers().firstValue("x-switchboard-attempts")).hasValue("3");
    ChatCompletion c = gw.sdk.chat().completions().create(ask("policy/across").build());
    assertThat(c.choices().get(0).message().content().orElseThrow()).contains("café");
  }

  @Test
  void whatATargetCannotHonourIsA400NamingTheFieldBeforeAnyCall() {
    assertThatThrownBy(
            () ->
                gw.sdk
                    .chat()
                    .completions()
                    .create(ask("sim-anthropic/echo").temperature(1.7).build()))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("temperature");
    HttpResponse<String> r =
        gw.post(
            "/v1/chat/completions",
            """
        {"model":"sim-bedrock/echo","messages":[{"role":"user","content":[
          {"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}]}]}""");
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode error = gw.json(r.body()).path("error");
    assertThat(error.path("param").asText()).contains("image_url");
    assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
  }

  @Test
  void upstreamErrorsInEachFormatAreClassified() {
    // A bad provider key is the gateway's fault: 503, never the client's 401.
    for (String model :
        List.of("sim-anthropic/bad-key", "sim-google/bad-key", "sim-bedrock/bad-key")) {
      HttpResponse<String> r =
          gw.post(
              "/v1/chat/completions",
              "{\"model\":\""
                  + model
                  + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
      assertThat(r.statusCode()).as(model).isEqualTo(503);
      assertThat(r.body()).as(model).contains("key_rejected");
    }
    HttpResponse<String> small =
        gw.post(
            "/v1/chat/completions",
            "{\"model\":\"sim-anthropic/small-context\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + "lorem ipsum ".repeat(3000)
                + "\"}]}");
    assertThat(small.statusCode()).isEqualTo(400);
  }

  @Test
  void aStreamThatBreaksInAnotherDialectEndsWithAnErrorEvent() {
    for (String model :
        List.of(
            "sim-anthropic/broken-stream",
            "sim-google/broken-stream",
            "sim-bedrock/broken-stream")) {
      HttpResponse<String> r =
          gw.post(
              "/v1/chat/completions",
              "{\"model\":\""
                  + model
                  + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
      assertThat(r.body()).as(model).contains("stream_broken").doesNotContain("[DONE]");
    }
  }

  @Test
  void theModelListNamesTheNativeSimulators() {
    String models = gw.get("/v1/models").body();
    assertThat(models)
        .contains("\"sim-anthropic/echo\"")
        .contains("\"sim-google/echo\"")
        .contains("\"sim-bedrock/echo\"");
  }
}
