package switchboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import switchboard.fake.FakeOpenAi;
import switchboard.fake.Fault;
import switchboard.fake.Reply;

/** Errors: the right status, the OpenAI envelope, the SDK's exception class; never a 500. */
class ErrorsIT {

  static final long BODY_LIMIT = 64 * 1024;
  static final String CHAT = "/v1/chat/completions";
  static final String HELLO =
      """
      {"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}""";
  static final String HELLO_STREAM =
      """
      {"model":"openai/gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"hi"}]}""";

  @TempDir static Path data;
  static FakeOpenAi openai;
  static GatewayFixture gw;
  private HttpResponse<String> last;

  static int runs;

  @BeforeAll
  static void start() {
    openai = FakeOpenAi.start();
  }

  @AfterAll
  static void stop() {
    openai.close();
  }

  /** A fresh gateway per test: the failures one test scripts must not open another's breaker. */
  @BeforeEach
  void resetFake() {
    openai.reset();
    last = null;
    gw =
        GatewayFixture.start(
            data.resolve("run" + runs++),
            Map.of(
                "OPENAI_API_KEY",
                "sk-fake-openai-provider-key",
                "OPENAI_BASE_URL",
                openai.baseUrl()),
            BODY_LIMIT);
  }

  @AfterEach
  void stopGateway() {
    gw.close();
  }

  @AfterEach
  void neverA500() {
    if (last != null) {
      assertThat(last.statusCode()).as("status of %s", last.body()).isNotEqualTo(500);
    }
  }

  private static ChatCompletionCreateParams hello() {
    return ChatCompletionCreateParams.builder()
        .model("openai/gpt-4o-mini")
        .addUserMessage("hi")
        .build();
  }

  private HttpResponse<String> post(String body) {
    last = gw.post(CHAT, body);
    return last;
  }

  /** Asserts the OpenAI error envelope with all four keys and returns its {@code error}. */
  private static JsonNode envelope(HttpResponse<String> res, int status) {
    assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
    assertThat(res.headers().firstValue("content-type")).get().asString().contains("json");
    assertThat(res.headers().firstValue("x-request-id")).isPresent();
    JsonNode error = GatewayFixture.json(res.body()).get("error");
    assertThat(error).as(res.body()).isNotNull();
    assertThat(error.has("message") && error.has("type") && error.has("param") && error.has("code"))
        .as("all four keys in %s", res.body())
        .isTrue();
    assertThat(error.get("message").asText()).isNotBlank();
    assertThat(res.body()).doesNotContain("Exception", "\tat ", "switchboard.");
    return error;
  }

  @Test
  void wrongKeyIs401InTheEnvelope() {
    OpenAIClient wrong =
        OpenAIOkHttpClient.builder()
            .baseUrl(gw.baseUrl() + "/v1")
            .apiKey("sk-not-the-key")
            .maxRetries(0)
            .timeout(Duration.ofSeconds(10))
            .build();
    try {
      UnauthorizedException e =
          catchThrowableOfType(
              UnauthorizedException.class, () -> wrong.chat().completions().create(hello()));
      assertThat(e.statusCode()).isEqualTo(401);
    } finally {
      wrong.close();
    }
    last =
        gw.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(gw.baseUrl() + CHAT))
                .header("authorization", "Bearer sk-not-the-key")
                .header("content-type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(HELLO))
                .build());
    JsonNode error = envelope(last, 401);
    assertThat(error.get("type").asText()).isEqualTo("authentication_error");
    assertThat(error.get("param").isNull()).isTrue();
    assertThat(openai.requests()).isEmpty();
  }

  @Test
  void malformedJsonIs400() {
    JsonNode error = envelope(post("{\"model\": \"openai/gpt-4o-mini\", \"messages\": ["), 400);
    assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
    assertThat(openai.requests()).isEmpty();
  }

  @Test
  void aModelNameWithALineBreakIs400NotAHang() {
    // found by InboundFuzzIT: the name went into the answer's x-switchboard-model header
    JsonNode error =
        envelope(
            post(
                "{\"model\":\"openai/gpt-4o\\n-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
            400);
    assertThat(error.get("param").asText()).isEqualTo("model");
    JsonNode fallback =
        envelope(
            post(
                "{\"model\":\"openai/gpt-4o-mini\",\"models\":[\"openai/x\\ty\"],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
            400);
    assertThat(fallback.get("param").asText()).isEqualTo("models[0]");
    assertThat(openai.requests()).isEmpty();
  }

  @Test
  void missingMessagesIs400NamingTheParam() {
    JsonNode error = envelope(post("{\"model\":\"openai/gpt-4o-mini\"}"), 400);
    assertThat(error.get("param").asText()).isEqualTo("messages");
    assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
  }

  @Test
  void wrongContentTypeIs400() {
    last = gw.post(CHAT, HELLO, "content-type", "text/plain");
    envelope(last, 400);
    assertThat(openai.requests()).isEmpty();
  }

  @Test
  void unknownProviderIs404() {
    NotFoundException e =
        catchThrowableOfType(
            NotFoundException.class,
            () ->
                gw.sdk
                    .chat()
                    .completions()
                    .create(
                        ChatCompletionCreateParams.builder()
                            .model("nosuch/model-x")
                            .addUserMessage("hi")
                            .build()));
    assertThat(e.statusCode()).isEqualTo(404);
    assertThat(e.getMessage()).contains("nosuch");
    envelope(last = post(HELLO.replace("openai/", "nosuch/")), 404);
  }

  @Test
  void bodyOverTheLimitIs413() {
    String big = "x".repeat((int) BODY_LIMIT + 1024);
    last =
        post(
            "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + big
                + "\"}]}");
    JsonNode error = envelope(last, 413);
    assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
    assertThat(openai.requests()).isEmpty();
  }

  @Test
  void upstream400IsRelayedAs400WithTheProvidersMessage() {
    openai.then(Reply.fault(Fault.INVALID_REQUEST));
    BadRequestException e =
        catchThrowableOfType(
            BadRequestException.class, () -> gw.sdk.chat().completions().create(hello()));
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.getMessage()).contains("Invalid value for 'temperature'");
    assertThat(openai.requests()).hasSize(1);
  }

  @Test
  void upstreamContextLengthIsRelayedAs400() {
    openai.then(Reply.fault(Fault.CONTEXT_LENGTH));
    JsonNode error = envelope(post(HELLO), 400);
    assertThat(error.get("message").asText()).contains("maximum context length");
    assertThat(error.get("code").asText()).isEqualTo("context_length_exceeded");
  }

  @Test
  void upstream503Is503NamingTheAttempt() {
    openai.then(Reply.fault(Fault.UNAVAILABLE));
    InternalServerException e =
        catchThrowableOfType(
            InternalServerException.class, () -> gw.sdk.chat().completions().create(hello()));
    assertThat(e.statusCode()).isEqualTo(503);
    assertThat(e.getMessage()).contains("openai/gpt-4o-mini");
  }

  @Test
  void upstream529And500Are503() {
    openai.then(Reply.fault(Fault.OVERLOADED), Reply.fault(Fault.SERVER_ERROR));
    envelope(last = post(HELLO), 503);
    JsonNode error = envelope(last = post(HELLO), 503);
    assertThat(error.get("message").asText()).contains("openai/gpt-4o-mini");
  }

  @Test
  void providerRejectingOurKeyIs503Not401() {
    openai.then(Reply.fault(Fault.BAD_KEY));
    JsonNode error = envelope(post(HELLO), 503);
    assertThat(error.get("message").asText()).contains("openai/gpt-4o-mini");
    assertThat(last.body()).doesNotContain("sk-fake-openai-provider-key");
  }

  @Test
  void upstreamMalformedJsonIsAClean503() {
    openai.then(Reply.fault(Fault.MALFORMED_JSON));
    JsonNode error = envelope(post(HELLO), 503);
    assertThat(error.get("message").asText()).contains("openai/gpt-4o-mini");
  }

  @Test
  void upstreamResetAndCutBodyAre503() {
    openai.then(Reply.fault(Fault.RESET), Reply.fault(Fault.CUT_MID_BODY));
    envelope(last = post(HELLO), 503);
    envelope(last = post(HELLO), 503);
  }

  @Test
  void streamTruncatedBeforeContentIs503() {
    openai.then(Reply.fault(Fault.TRUNCATED_SSE_BEFORE_CONTENT));
    JsonNode error = envelope(post(HELLO_STREAM), 503);
    assertThat(error.get("message").asText()).contains("openai/gpt-4o-mini");
  }

  @Test
  void streamWithErrorEventBeforeContentIs503() {
    openai.then(Reply.fault(Fault.ERROR_EVENT_BEFORE_CONTENT));
    envelope(post(HELLO_STREAM), 503);
  }

  @Test
  void streamBrokenAfterContentEndsWithAnErrorEventAndNoDone() {
    openai.then(Reply.fault(Fault.ERROR_EVENT_AFTER_CONTENT));
    HttpResponse<String> res = post(HELLO_STREAM);
    assertThat(res.statusCode()).isEqualTo(200);
    List<String> events = Sse.data(res.body());
    assertThat(events).doesNotContain("[DONE]");
    assertThat(events.get(1)).contains("\"content\"");
    JsonNode error = GatewayFixture.json(events.get(events.size() - 1)).get("error");
    assertThat(error).as(res.body()).isNotNull();
    assertThat(error.get("message").asText()).isNotBlank();
  }

  @Test
  void streamCutOrTruncatedAfterContentEndsWithAnErrorEvent() {
    openai.then(Reply.fault(Fault.CUT_MID_BODY), Reply.fault(Fault.TRUNCATED_SSE));
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> res = post(HELLO_STREAM);
      assertThat(res.statusCode()).isEqualTo(200);
      List<String> events = Sse.data(res.body());
      assertThat(events).as(res.body()).doesNotContain("[DONE]");
      assertThat(events.get(events.size() - 1)).as(res.body()).contains("\"error\"");
    }
  }

  @Test
  void sdkStreamThrowsWhenTheStreamBreaksAfterContent() {
    openai.then(Reply.fault(Fault.ERROR_EVENT_AFTER_CONTENT));
    StringBuilder seen = new StringBuilder();
    assertThatThrownBy(
            () -> {
              try (StreamResponse<ChatCompletionChunk> stream =
                  gw.sdk.chat().completions().createStreaming(hello())) {
                stream.stream()
                    .forEach(
                        c ->
                            c.choices()
                                .forEach(
                                    choice -> choice.delta().content().ifPresent(seen::append)));
              }
            })
        .isInstanceOf(OpenAIException.class);
    assertThat(seen.toString()).isNotEmpty();
  }

  @Test
  void sdkSees503AsInternalServerException() {
    openai.then(Reply.fault(Fault.TRUNCATED_SSE_BEFORE_CONTENT));
    OpenAIServiceException e =
        catchThrowableOfType(
            InternalServerException.class,
            () -> {
              try (StreamResponse<ChatCompletionChunk> stream =
                  gw.sdk.chat().completions().createStreaming(hello())) {
                stream.stream().forEach(c -> {});
              }
            });
    assertThat(e.statusCode()).isEqualTo(503);
  }

  @Test
  void clientGivingUpOnAStalledUpstreamIsRecordedAs499() throws Exception {
    openai.then(Reply.fault(Fault.STALL_BEFORE_HEADERS));
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.http.HttpRequest request =
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(gw.baseUrl() + CHAT))
            .timeout(Duration.ofMillis(500))
            .header("authorization", "Bearer " + GatewayFixture.MASTER_KEY)
            .header("content-type", "application/json")
            .header("x-request-id", "err-stall-1")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(HELLO))
            .build();
    assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(java.net.http.HttpTimeoutException.class);
    Map<String, Object> row = gw.record("err-stall-1");
    assertThat(((Number) row.get("status")).intValue()).isEqualTo(499);
  }

  @Test
  void clientClosingAStalledStreamIsRecordedAs499() throws Exception {
    openai.then(Reply.fault(Fault.STALL_MID_STREAM));
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.http.HttpRequest request =
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(gw.baseUrl() + CHAT))
            .header("authorization", "Bearer " + GatewayFixture.MASTER_KEY)
            .header("content-type", "application/json")
            .header("x-request-id", "err-stall-2")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(HELLO_STREAM))
            .build();
    HttpResponse<java.io.InputStream> res =
        http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(res.statusCode()).isEqualTo(200);
    try (java.io.InputStream body = res.body()) {
      byte[] first = new byte[16];
      assertThat(body.read(first)).isPositive(); // content arrived, then the upstream stalls
    }
    Map<String, Object> row = gw.record("err-stall-2");
    assertThat(((Number) row.get("status")).intValue()).isEqualTo(499);
    assertThat(((Number) row.get("stream")).intValue()).isEqualTo(1);
  }
}
