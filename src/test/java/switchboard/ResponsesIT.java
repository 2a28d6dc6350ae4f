package switchboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStreamEvent;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official OpenAI Java SDK's Responses client against {@code /v1/responses}, to a model of
 * every dialect, each served by its simulator in its own wire format over real HTTP: {@code sim/}
 * speaks OpenAI and serves the Responses API itself (passthrough), the others are translated.
 */
class ResponsesIT {

  /** The simulators' fixed creation time: a response carrying it came from the upstream as is. */
  private static final long SIM_CREATED_AT = 1767225600L;

  @TempDir static Path dir;
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw =
        GatewayFixture.startWithConfig(
            dir, Map.of(), "sim: {enabled: true, latency_ms: 1, tokens_per_second: 0}\n");
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static ResponseCreateParams.Builder ask(String model) {
    return ResponseCreateParams.builder()
        .model(model)
        .instructions("Be brief.")
        .input("Tell me about café au lait ☕");
  }

  private static String text(Response response) {
    StringBuilder out = new StringBuilder();
    for (ResponseOutputItem item : response.output()) {
      if (item.isMessage()) {
        item.asMessage().content().forEach(c -> out.append(c.asOutputText().text()));
      }
    }
    return out.toString();
  }

  private static final FunctionTool WEATHER =
      FunctionTool.builder()
          .name("weather")
          .description("The weather in a city")
          .parameters(
              FunctionTool.Parameters.builder()
                  .putAdditionalProperty("type", JsonValue.from("object"))
                  .putAdditionalProperty(
                      "properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                  .build())
          .strict(false)
          .build();

  @ParameterizedTest
  @ValueSource(strings = {"sim/echo", "sim-anthropic/echo", "sim-google/echo", "sim-bedrock/echo"})
  void createAndStreamGiveTheSameAnswer(String model) {
    Response complete = gw.sdk.responses().create(ask(model).build());
    ResponseAccumulator acc = ResponseAccumulator.create();
    List<ResponseStreamEvent> events = new ArrayList<>();
    try (StreamResponse<ResponseStreamEvent> stream =
        gw.sdk.responses().createStreaming(ask(model).build())) {
      stream.stream().forEach(e -> events.add(acc.accumulate(e)));
    }
    Response streamed = acc.response();

    assertThat(text(complete)).contains("café au lait ☕");
    assertThat(text(streamed)).isEqualTo(text(complete));
    assertThat(complete.id()).startsWith("resp_");
    assertThat(complete.model().asString()).isEqualTo("echo");
    assertThat(complete.usage().orElseThrow().inputTokens()).isPositive();
    assertThat(complete.usage().orElseThrow().outputTokens()).isPositive();
    assertThat(streamed.usage().orElseThrow().outputTokens())
        .isEqualTo(complete.usage().orElseThrow().outputTokens());
    assertThat(events.get(0).isCreated()).isTrue();
    assertThat(events.get(events.size() - 1).isCompleted()).isTrue();
    // Passthrough to sim/ relays the simulator's own object; the others are the gateway's.
    boolean passthrough = model.startsWith("sim/");
    assertThat(complete.createdAt() == SIM_CREATED_AT).isEqualTo(passthrough);
    assertThat(streamed.createdAt() == SIM_CREATED_AT).isEqualTo(passthrough);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sim/echo", "sim-anthropic/echo", "sim-google/echo", "sim-bedrock/echo"})
  void aFunctionCallRoundTripContinuedByPreviousResponseId(String model) {
    for (boolean stream : new boolean[] {false, true}) {
      ResponseCreateParams first =
          ResponseCreateParams.builder()
              .model(model)
              .input("Weather in Paris?")
              .addTool(WEATHER)
              .build();
      Response asked = stream ? streamed(first) : gw.sdk.responses().create(first);
      ResponseFunctionToolCall call =
          asked.output().stream()
              .filter(ResponseOutputItem::isFunctionCall)
              .map(ResponseOutputItem::asFunctionCall)
              .findFirst()
              .orElseThrow(() -> new AssertionError("no function call in " + asked));
      assertThat(call.name()).isEqualTo("weather");
      assertThat(call.arguments()).contains("Weather in Paris?");

      ResponseCreateParams second =
          ResponseCreateParams.builder()
              .model(model)
              .previousResponseId(asked.id())
              .addTool(WEATHER)
              .inputOfResponse(
                  List.of(
                      ResponseInputItem.ofFunctionCallOutput(
                          ResponseInputItem.FunctionCallOutput.builder()
                              .callId(call.callId())
                              .output("sunny, 21 degrees")
                              .build())))
              .build();
      Response answered = stream ? streamed(second) : gw.sdk.responses().create(second);

      assertThat(text(answered)).as(model + " stream=" + stream).contains("sunny, 21 degrees");
      // Translated answers repeat it; a passthrough patches it into the upstream's object (the
      // gateway sent that upstream the whole conversation instead of the id).
      assertThat(answered.previousResponseId())
          .as(model + " stream=" + stream)
          .hasValue(asked.id());
    }
  }

  private static Response streamed(ResponseCreateParams params) {
    ResponseAccumulator acc = ResponseAccumulator.create();
    try (StreamResponse<ResponseStreamEvent> stream = gw.sdk.responses().createStreaming(params)) {
      stream.stream().forEach(acc::accumulate);
    }
    return acc.response();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sim/echo", "sim-anthropic/echo"})
  void aContinuationCarriesTheConversationToAnyModel(String model) {
    Response first = gw.sdk.responses().create(ask("sim-google/echo").build());
    Response fresh =
        gw.sdk
            .responses()
            .create(ResponseCreateParams.builder().model(model).input("And tea?").build());
    Response continued =
        gw.sdk
            .responses()
            .create(
                ResponseCreateParams.builder()
                    .model(model)
                    .previousResponseId(first.id())
                    .input("And tea?")
                    .build());

    assertThat(text(continued)).contains("And tea?");
    // The stored question and answer went upstream too.
    assertThat(continued.usage().orElseThrow().inputTokens())
        .isGreaterThan(fresh.usage().orElseThrow().inputTokens() + 10);
  }

  @Test
  void storedResponsesCanBeRetrievedAndDeleted() {
    Response created = gw.sdk.responses().create(ask("sim-anthropic/echo").build());

    Response retrieved = gw.sdk.responses().retrieve(created.id());
    assertThat(text(retrieved)).isEqualTo(text(created));
    assertThat(retrieved.id()).isEqualTo(created.id());

    gw.sdk.responses().delete(created.id());
    assertThatThrownBy(() -> gw.sdk.responses().retrieve(created.id()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(
            () ->
                gw.sdk.responses().create(ask("sim/echo").previousResponseId(created.id()).build()))
        .isInstanceOfSatisfying(
            BadRequestException.class,
            e -> assertThat(e.getMessage()).contains(created.id()).contains("not found"));
    HttpResponse<String> deletedAgain =
        gw.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(gw.baseUrl() + "/v1/responses/" + created.id()))
                .header("authorization", "Bearer " + GatewayFixture.MASTER_KEY)
                .DELETE()
                .build());
    assertThat(deletedAgain.statusCode()).isEqualTo(404);
    assertThat(GatewayFixture.json(deletedAgain.body()).path("error").path("code").asText())
        .isEqualTo("response_not_found");
  }

  @Test
  void anotherKeyCannotReadContinueOrDeleteAStoredResponse() {
    HttpResponse<String> key = gw.post("/admin/v1/keys", "{\"name\":\"other-tenant\"}");
    assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
    String secret = GatewayFixture.json(key.body()).path("secret").asText();
    Response mine = gw.sdk.responses().create(ask("sim-google/echo").build());
    String auth = "Bearer " + secret;
    java.net.URI url = java.net.URI.create(gw.baseUrl() + "/v1/responses/" + mine.id());

    HttpResponse<String> read =
        gw.send(java.net.http.HttpRequest.newBuilder(url).header("authorization", auth).build());
    HttpResponse<String> continued =
        gw.post(
            "/v1/responses",
            "{\"model\":\"sim/echo\",\"input\":\"hi\",\"previous_response_id\":\""
                + mine.id()
                + "\"}",
            "authorization",
            auth);
    HttpResponse<String> deleted =
        gw.send(
            java.net.http.HttpRequest.newBuilder(url)
                .header("authorization", auth)
                .DELETE()
                .build());

    assertThat(read.statusCode()).isEqualTo(404);
    assertThat(continued.statusCode()).isEqualTo(400);
    assertThat(deleted.statusCode()).isEqualTo(404);
    assertThat(text(gw.sdk.responses().retrieve(mine.id()))).isEqualTo(text(mine));
  }

  @Test
  void storeFalseIsNotKept() {
    Response created = gw.sdk.responses().create(ask("sim-bedrock/echo").store(false).build());

    assertThat(created._additionalProperties().get("store")).isEqualTo(JsonValue.from(false));
    assertThatThrownBy(() -> gw.sdk.responses().retrieve(created.id()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void headersAndTheRecordAreThoseOfEveryAnswer() {
    HttpResponse<String> reply =
        gw.post(
            "/v1/responses",
            "{\"model\":\"sim-anthropic/echo\",\"input\":\"hi\",\"switchboard\":{\"tags\":[\"resp\"]}}");

    assertThat(reply.statusCode()).isEqualTo(200);
    assertThat(reply.headers().firstValue("x-switchboard-provider")).hasValue("sim-anthropic");
    assertThat(reply.headers().firstValue("x-switchboard-model")).hasValue("sim-anthropic/echo");
    assertThat(reply.headers().firstValue("x-switchboard-attempts")).hasValue("1");
    String id = reply.headers().firstValue("x-request-id").orElseThrow();
    Map<String, Object> record = gw.record(id);
    assertThat(((Number) record.get("status")).intValue()).isEqualTo(200);
    assertThat(((Number) record.get("output_tokens")).longValue()).isPositive();
  }

  @Test
  void failoverCrossesDialects() {
    Response served =
        gw.sdk
            .responses()
            .create(
                ask("sim-anthropic/overloaded")
                    .putAdditionalBodyProperty(
                        "models", JsonValue.from(List.of("sim/down", "sim-google/echo")))
                    .build());

    assertThat(text(served)).contains("café au lait ☕");
  }

  @Test
  void builtInToolsAreRefusedForModelsThatCannotRunThem() {
    String body =
        "{\"model\":\"sim-anthropic/echo\",\"input\":\"news?\",\"tools\":[{\"type\":\"web_search\"}]}";
    HttpResponse<String> reply = gw.post("/v1/responses", body);

    assertThat(reply.statusCode()).isEqualTo(400);
    JsonNode error = GatewayFixture.json(reply.body()).path("error");
    assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.path("param").asText()).isEqualTo("tools[0]");
    assertThat(error.path("message").asText()).contains("web_search");
  }

  @Test
  void badInputIsA400InTheOpenAiEnvelope() {
    assertThatThrownBy(
            () ->
                gw.sdk
                    .responses()
                    .create(
                        ResponseCreateParams.builder()
                            .model("sim/echo")
                            .input("hi")
                            .putAdditionalBodyProperty("max_output_tokens", JsonValue.from(-1))
                            .build()))
        .isInstanceOfSatisfying(
            BadRequestException.class,
            e -> assertThat(e.getMessage()).contains("max_output_tokens"));
    HttpResponse<String> malformed = gw.post("/v1/responses", "{\"model\":");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(GatewayFixture.json(malformed.body()).path("error").has("message")).isTrue();
    HttpResponse<String> unauthenticated =
        gw.post(
            "/v1/responses",
            "{\"model\":\"sim/echo\",\"input\":\"hi\"}",
            "authorization",
            "Bearer nope");
    assertThat(unauthenticated.statusCode()).isEqualTo(401);
    assertThat(GatewayFixture.json(unauthenticated.body()).path("error").path("type").asText())
        .isEqualTo("authentication_error");
    HttpResponse<String> unknown =
        gw.post(
            "/v1/responses",
            "{\"model\":\"sim/echo\",\"input\":\"hi\",\"previous_response_id\":\"resp_nope\"}");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(GatewayFixture.json(unknown.body()).path("error").path("code").asText())
        .isEqualTo("previous_response_not_found");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sim/broken-stream", "sim-anthropic/broken-stream"})
  void aStreamBrokenAfterItsFirstContentEndsInResponseFailed(String model) {
    HttpResponse<String> reply =
        gw.post(
            "/v1/responses",
            "{\"model\":\""
                + model
                + "\",\"stream\":true,\"input\":\"Tell me a long story please\"}");

    assertThat(reply.statusCode()).isEqualTo(200);
    List<JsonNode> events = Sse.data(reply.body()).stream().map(GatewayFixture::json).toList();
    assertThat(events).isNotEmpty();
    List<String> types = events.stream().map(e -> e.path("type").asText()).toList();
    assertThat(types).doesNotContain("response.completed");
    assertThat(types.get(types.size() - 1)).isEqualTo("response.failed");
    for (int i = 1; i < events.size(); i++) {
      assertThat(events.get(i).path("sequence_number").asLong())
          .isGreaterThan(events.get(i - 1).path("sequence_number").asLong());
    }
  }
}
