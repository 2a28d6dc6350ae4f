package switchboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /v1/messages} with the official Anthropic Java SDK as the client, to models of every
 * dialect: passed through to an Anthropic upstream, translated for the others. A streamed answer
 * equals the complete answer of the same script.
 */
class MessagesIT {

  @TempDir static Path dir;
  private static GatewayFixture gw;
  private static AnthropicClient client;

  @BeforeAll
  static void start() {
    gw =
        GatewayFixture.startWithConfig(
            dir,
            Map.of(),
            """
        sim: {enabled: true, latency_ms: 1, tokens_per_second: 0}
        policies:
          claude-first: {kind: fallback, targets: [sim-anthropic/overloaded, sim/echo]}
        """);
    client =
        AnthropicOkHttpClient.builder()
            .baseUrl(gw.baseUrl())
            .apiKey(GatewayFixture.MASTER_KEY)
            .maxRetries(0)
            .timeout(Duration.ofSeconds(30))
            .build();
  }

  @AfterAll
  static void stop() {
    client.close();
    gw.close();
  }

  private static MessageCreateParams.Builder ask(String model) {
    return MessageCreateParams.builder()
        .model(model)
        .maxTokens(256)
        .system("Be brief.")
        .addUserMessage("What is a flat white? ☕");
  }

  private static String text(Message m) {
    return m.content().stream()
        .flatMap(b -> b.text().stream())
        .map(t -> t.text())
        .collect(Collectors.joining());
  }

  private static Message streamed(MessageCreateParams params) {
    MessageAccumulator acc = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
      stream.stream().forEach(acc::accumulate);
    }
    return acc.message();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sim-anthropic/echo", "sim/echo", "sim-google/echo", "sim-bedrock/echo"})
  void anyModelAnswersTheSdkStreamedOrNot(String model) {
    Message complete = client.messages().create(ask(model).build());
    assertThat(text(complete)).contains("flat white? ☕");
    assertThat(complete.stopReason()).hasValue(StopReason.END_TURN);
    assertThat(complete.usage().outputTokens()).isPositive();
    Message streamed = streamed(ask(model).build());
    assertThat(text(streamed)).isEqualTo(text(complete));
    assertThat(streamed.stopReason()).isEqualTo(complete.stopReason());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sim-anthropic/echo", "sim/echo", "sim-google/echo", "sim-bedrock/echo"})
  void toolUseComesBackAsAnthropicToolUseBlocks(String model) {
    Tool weather =
        Tool.builder()
            .name("get_weather")
            .description("Weather in a city")
            .inputSchema(
                Tool.InputSchema.builder()
                    .properties(
                        Tool.InputSchema.Properties.builder()
                            .putAdditionalProperty("city", JsonValue.from(Map.of("type", "string")))
                            .build())
                    .build())
            .build();
    MessageCreateParams params = ask(model).addTool(weather).build();
    Message complete = client.messages().create(params);
    Message streamed = streamed(params);
    for (Message m : new Message[] {complete, streamed}) {
      ContentBlock call =
          m.content().stream()
              .filter(ContentBlock::isToolUse)
              .findFirst()
              .orElseThrow(() -> new AssertionError("no tool_use in " + m));
      assertThat(call.toolUse().orElseThrow().name()).isEqualTo("get_weather");
      assertThat(m.stopReason()).hasValue(StopReason.TOOL_USE);
    }
    assertThat(
            streamed.content().stream()
                .filter(ContentBlock::isToolUse)
                .findFirst()
                .orElseThrow()
                .toolUse()
                .orElseThrow()
                ._input())
        .isEqualTo(
            complete.content().stream()
                .filter(ContentBlock::isToolUse)
                .findFirst()
                .orElseThrow()
                .toolUse()
                .orElseThrow()
                ._input());
  }

  @Test
  void passthroughKeepsEveryFieldForAnthropicUpstreams() {
    // cache_control and a field only Anthropic knows reach an Anthropic model untouched.
    HttpResponse<String> r =
        gw.post(
            "/v1/messages",
            """
        {"model":"sim-anthropic/echo","max_tokens":64,
         "system":[{"type":"text","text":"Be brief.","cache_control":{"type":"ephemeral"}}],
         "messages":[{"role":"user","content":"hello"}],"service_tier":"auto"}""",
            "anthropic-version",
            "2023-06-01");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("request-id")).isPresent();
    assertThat(r.headers().firstValue("x-switchboard-provider")).hasValue("sim-anthropic");
    JsonNode body = gw.json(r.body());
    assertThat(body.path("type").asText()).isEqualTo("message");
    assertThat(body.path("id").asText()).startsWith("msg_");
  }

  @Test
  void failoverWorksForAnthropicClientsToo() {
    Message m = client.messages().create(ask("policy/claude-first").build());
    assertThat(text(m)).contains("flat white");
  }

  @Test
  void errorsComeInAnthropicsEnvelopeAndTheSdksExceptions() {
    AnthropicClient stranger =
        AnthropicOkHttpClient.builder()
            .baseUrl(gw.baseUrl())
            .apiKey("sk-not-a-key")
            .maxRetries(0)
            .build();
    try {
      assertThatThrownBy(() -> stranger.messages().create(ask("sim/echo").build()))
          .isInstanceOf(UnauthorizedException.class);
    } finally {
      stranger.close();
    }
    assertThatThrownBy(() -> client.messages().create(ask("nowhere/model").build()))
        .isInstanceOf(NotFoundException.class);

    HttpResponse<String> missing =
        gw.post(
            "/v1/messages",
            "{\"model\":\"sim/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(missing.statusCode()).isEqualTo(400);
    JsonNode error = gw.json(missing.body());
    assertThat(error.path("type").asText()).isEqualTo("error");
    assertThat(error.path("error").path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.path("error").path("message").asText()).contains("max_tokens");

    HttpResponse<String> notJson = gw.post("/v1/messages", "{not json");
    assertThat(gw.json(notJson.body()).path("error").path("type").asText())
        .isEqualTo("invalid_request_error");
  }

  @Test
  void aRequestOnlyAnthropicCanServeIsRefusedForOtherModelsNamingTheField() {
    HttpResponse<String> r =
        gw.post(
            "/v1/messages",
            """
        {"model":"sim-google/echo","max_tokens":64,"mcp_servers":[{"type":"url","url":"https://x.example","name":"x"}],
         "messages":[{"role":"user","content":"hello"}]}""");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(gw.json(r.body()).path("error").path("message").asText()).contains("mcp_servers");
    assertThatThrownBy(
            () ->
                client
                    .messages()
                    .create(
                        ask("sim-anthropic/small-context")
                            .addUserMessage("lorem ipsum ".repeat(3000))
                            .build()))
        .isInstanceOf(BadRequestException.class);
  }

  @Test
  void countTokensAnswersForAnyModel() {
    long small =
        client
            .messages()
            .countTokens(
                com.anthropic.models.messages.MessageCountTokensParams.builder()
                    .model("sim-google/echo")
                    .addUserMessage("hi")
                    .build())
            .inputTokens();
    long large =
        client
            .messages()
            .countTokens(
                com.anthropic.models.messages.MessageCountTokensParams.builder()
                    .model("sim-google/echo")
                    .addUserMessage("hello there ".repeat(200))
                    .build())
            .inputTokens();
    assertThat(small).isPositive();
    assertThat(large).isGreaterThan(small + 300);
    HttpResponse<String> bad = gw.post("/v1/messages/count_tokens", "{\"model\":\"sim/echo\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(gw.json(bad.body()).path("type").asText()).isEqualTo("error");
  }

  @Test
  void aBrokenStreamEndsWithAnAnthropicErrorEventAndNoMessageStop() {
    for (String model : new String[] {"sim-anthropic/broken-stream", "sim/broken-stream"}) {
      HttpResponse<String> r =
          gw.post(
              "/v1/messages",
              "{\"model\":\""
                  + model
                  + "\",\"max_tokens\":64,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
      assertThat(r.body()).as(model).contains("event: error").doesNotContain("message_stop");
    }
  }
}
