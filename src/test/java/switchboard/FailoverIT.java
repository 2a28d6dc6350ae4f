package switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import switchboard.fake.FakeOpenAi;
import switchboard.fake.Fault;
import switchboard.fake.Reply;

/**
 * {@code models: [...]} fallbacks: openai (primary fake) fails over to deepseek (backup fake);
 * mistral points at a closed port.
 */
class FailoverIT {

  @TempDir static Path data;
  static FakeOpenAi primary;
  static FakeOpenAi backup;
  static GatewayFixture gw;

  @BeforeAll
  static void start() {
    primary = FakeOpenAi.start();
    backup = FakeOpenAi.start();
    gw =
        GatewayFixture.start(
            data,
            Map.of(
                "OPENAI_API_KEY",
                "sk-fake-openai",
                "OPENAI_BASE_URL",
                primary.baseUrl(),
                "DEEPSEEK_API_KEY",
                "sk-fake-deepseek",
                "DEEPSEEK_BASE_URL",
                backup.baseUrl(),
                "MISTRAL_API_KEY",
                "sk-fake-mistral",
                "MISTRAL_BASE_URL",
                FakeOpenAi.refusedBaseUrl()));
  }

  @AfterAll
  static void stop() {
    gw.close();
    primary.close();
    backup.close();
  }

  @BeforeEach
  void resetFakes() {
    primary.reset();
    backup.reset();
  }

  private static String body(String model, boolean stream) {
    return "{\"model\":\""
        + model
        + "\",\"models\":[\"deepseek/deepseek-chat\"],\"stream\":"
        + stream
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  }

  @Test
  void serverErrorThenSuccessViaTheSdk() {
    primary.then(Reply.fault(Fault.UNAVAILABLE));
    backup.then(Reply.text("The backup answered.").model("deepseek-chat"));
    try (HttpResponseFor<ChatCompletion> raw =
        gw.sdk
            .chat()
            .completions()
            .withRawResponse()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("openai/gpt-4o-mini")
                    .addUserMessage("hi")
                    .putAdditionalBodyProperty(
                        "models", JsonValue.from(List.of("deepseek/deepseek-chat")))
                    .build())) {
      ChatCompletion completion = raw.parse();

      assertThat(raw.statusCode()).isEqualTo(200);
      assertThat(completion.choices().get(0).message().content()).contains("The backup answered.");
      assertThat(completion.model()).isEqualTo("deepseek-chat");
      assertThat(raw.headers().values("x-switchboard-attempts")).containsExactly("2");
      assertThat(raw.headers().values("x-switchboard-provider")).containsExactly("deepseek");
      assertThat(raw.headers().values("x-switchboard-model"))
          .containsExactly("deepseek/deepseek-chat");
      assertThat(primary.requests()).hasSize(1);
      JsonNode toBackup = backup.single().json();
      assertThat(toBackup.get("model").asText()).isEqualTo("deepseek-chat");
      assertThat(toBackup.has("models")).isFalse();
    }
  }

  @Test
  void rateLimitedWithRetryAfterFailsOver() {
    primary.then(Reply.fault(Fault.RATE_LIMITED));
    HttpResponse<String> res = gw.post("/v1/chat/completions", body("openai/gpt-4o-mini", false));
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    assertThat(res.headers().firstValue("x-switchboard-attempts")).contains("2");
    assertThat(res.headers().firstValue("x-switchboard-provider")).contains("deepseek");
    assertThat(backup.requests()).hasSize(1);
  }

  @Test
  void overloadedFailsOver() {
    primary.then(Reply.fault(Fault.OVERLOADED));
    HttpResponse<String> res = gw.post("/v1/chat/completions", body("openai/gpt-4o-mini", false));
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    assertThat(res.headers().firstValue("x-switchboard-attempts")).contains("2");
  }

  @Test
  void connectionRefusedFailsOver() {
    HttpResponse<String> res =
        gw.post("/v1/chat/completions", body("mistral/mistral-small-latest", false));
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    assertThat(res.headers().firstValue("x-switchboard-attempts")).contains("2");
    assertThat(res.headers().firstValue("x-switchboard-provider")).contains("deepseek");
  }

  @Test
  void streamErringBeforeContentFailsOverInvisibly() {
    primary.then(Reply.fault(Fault.ERROR_EVENT_BEFORE_CONTENT));
    backup.then(Reply.text("Clean stream from the backup.").model("deepseek-chat"));
    HttpResponse<String> res = gw.post("/v1/chat/completions", body("openai/gpt-4o-mini", true));

    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.headers().firstValue("x-switchboard-attempts")).contains("2");
    assertThat(res.headers().firstValue("x-switchboard-provider")).contains("deepseek");
    List<String> events = Sse.data(res.body());
    assertThat(events).last().isEqualTo("[DONE]");
    assertThat(events.stream().filter("[DONE]"::equals)).hasSize(1);
    StringBuilder text = new StringBuilder();
    int roles = 0;
    for (String event : events.subList(0, events.size() - 1)) {
      JsonNode chunk = GatewayFixture.json(event);
      assertThat(chunk.has("error")).as(event).isFalse();
      assertThat(chunk.get("model").asText()).isEqualTo("deepseek-chat");
      JsonNode delta = chunk.get("choices").get(0).get("delta");
      roles += delta.has("role") ? 1 : 0;
      text.append(delta.path("content").asText(""));
    }
    assertThat(roles).as("one role chunk, one stream").isEqualTo(1);
    assertThat(text.toString()).isEqualTo("Clean stream from the backup.");
  }

  @Test
  void streamTruncatedBeforeContentFailsOver() {
    primary.then(Reply.fault(Fault.TRUNCATED_SSE_BEFORE_CONTENT));
    HttpResponse<String> res = gw.post("/v1/chat/completions", body("openai/gpt-4o-mini", true));
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(Sse.data(res.body())).last().isEqualTo("[DONE]");
    assertThat(backup.requests()).hasSize(1);
  }

  @Test
  void clientErrorDoesNotFailOver() {
    primary.then(Reply.fault(Fault.INVALID_REQUEST));
    HttpResponse<String> res = gw.post("/v1/chat/completions", body("openai/gpt-4o-mini", false));
    assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
    assertThat(res.body()).contains("Invalid value for 'temperature'");
    assertThat(res.headers().firstValue("x-switchboard-attempts")).contains("1");
    assertThat(backup.requests()).isEmpty();
  }

  @Test
  void everyTargetFailingIs503NamingEachAttempt() {
    primary.then(Reply.fault(Fault.UNAVAILABLE));
    backup.then(Reply.fault(Fault.SERVER_ERROR));
    HttpResponse<String> res = gw.post("/v1/chat/completions", body("openai/gpt-4o-mini", false));
    assertThat(res.statusCode()).isEqualTo(503);
    String message = GatewayFixture.json(res.body()).get("error").get("message").asText();
    assertThat(message).contains("openai/gpt-4o-mini", "deepseek/deepseek-chat");
  }
}
