package switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import switchboard.fake.FakeOpenAi;
import switchboard.fake.Reply;

/**
 * The response cache as a stage of the request path (issue 11): a request that opted in with {@code
 * switchboard.cache} is answered from the cache the second time, with no provider called, {@code
 * x-switchboard-cache: hit}, 0 attempts and its saving recorded; streams are replayed; the other
 * inbound APIs are answered in their own shape; requests that did not opt in bypass it.
 */
class ResponseCacheIT {

  @TempDir static Path data;
  static FakeOpenAi openai;
  static GatewayFixture gw;

  @BeforeAll
  static void start() {
    openai = FakeOpenAi.start();
    gw = GatewayFixture.start(data, GatewayFixture.openAi(openai));
  }

  @AfterAll
  static void stop() {
    gw.close();
    openai.close();
  }

  @BeforeEach
  void reset() {
    openai.reset();
  }

  private static String chat(String question, boolean stream) {
    return "{\"model\":\"openai/gpt-4o-mini\",\"stream\":"
        + stream
        + ",\"switchboard\":{\"cache\":true},\"messages\":[{\"role\":\"user\",\"content\":\""
        + question
        + "\"}]}";
  }

  @Test
  void theSecondAskIsAnsweredFromTheCacheWithoutAProvider() {
    openai.then(Reply.text("Paris is the capital of France.").usage(12, 8, 0));
    HttpResponse<String> first = gw.post("/v1/chat/completions", chat("Capital of France?", false));
    HttpResponse<String> second =
        gw.post("/v1/chat/completions", chat("Capital of France?", false));

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("x-switchboard-cache")).hasValue("miss");
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.headers().firstValue("x-switchboard-cache")).hasValue("hit");
    assertThat(second.headers().firstValue("x-switchboard-attempts")).hasValue("0");
    assertThat(second.headers().firstValue("x-switchboard-model")).hasValue("openai/gpt-4o-mini");
    assertThat(openai.requests()).hasSize(1);
    JsonNode a = GatewayFixture.json(first.body());
    JsonNode b = GatewayFixture.json(second.body());
    assertThat(b.path("choices").get(0).path("message").path("content").asText())
        .isEqualTo("Paris is the capital of France.")
        .isEqualTo(a.path("choices").get(0).path("message").path("content").asText());

    Map<String, Object> hit = gw.record(second.headers().firstValue("x-request-id").orElseThrow());
    assertThat(hit.get("cache")).isEqualTo("hit");
    assertThat(((Number) hit.get("status")).intValue()).isEqualTo(200);
    assertThat(((Number) hit.get("savings_usd")).doubleValue()).isPositive();
  }

  @Test
  void aStreamIsReplayedToTheSdk() {
    openai.then(Reply.text("One, two, three, four."));
    ChatCompletionCreateParams ask =
        ChatCompletionCreateParams.builder()
            .model("openai/gpt-4o-mini")
            .addUserMessage("Count to four")
            .putAdditionalBodyProperty("switchboard", JsonValue.from(Map.of("cache", true)))
            .build();
    String[] texts = new String[2];
    for (int i = 0; i < 2; i++) {
      ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
      try (StreamResponse<ChatCompletionChunk> stream =
          gw.sdk.chat().completions().createStreaming(ask)) {
        stream.stream().forEach(acc::accumulate);
      }
      texts[i] = acc.chatCompletion().choices().get(0).message().content().orElseThrow();
    }
    assertThat(texts[0]).isEqualTo("One, two, three, four.");
    assertThat(texts[1]).isEqualTo(texts[0]);
    assertThat(openai.requests()).hasSize(1);
  }

  @Test
  void theMessagesApiGetsAHitInItsOwnShape() {
    openai.then(Reply.text("Bonjour."));
    String body =
        "{\"model\":\"openai/gpt-4o-mini\",\"max_tokens\":50,\"switchboard\":{\"cache\":true},"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello in French\"}]}";
    gw.post("/v1/messages", body);
    HttpResponse<String> hit = gw.post("/v1/messages", body);

    assertThat(hit.headers().firstValue("x-switchboard-cache")).hasValue("hit");
    JsonNode answer = GatewayFixture.json(hit.body());
    assertThat(answer.path("type").asText()).isEqualTo("message");
    assertThat(answer.path("content").get(0).path("text").asText()).isEqualTo("Bonjour.");
    assertThat(openai.requests()).hasSize(1);
  }

  @Test
  void theResponsesApiGetsAHitInItsOwnShapeAndStoresIt() {
    openai.then(Reply.text("Hallo."));
    String body =
        "{\"model\":\"openai/gpt-4o-mini\",\"switchboard\":{\"cache\":true},"
            + "\"input\":\"Say hello in German\"}";
    HttpResponse<String> miss = gw.post("/v1/responses", body);
    HttpResponse<String> hit = gw.post("/v1/responses", body);

    assertThat(miss.headers().firstValue("x-switchboard-cache")).hasValue("miss");
    assertThat(hit.headers().firstValue("x-switchboard-cache")).hasValue("hit");
    JsonNode answer = GatewayFixture.json(hit.body());
    assertThat(answer.path("object").asText()).isEqualTo("response");
    assertThat(answer.path("output").get(0).path("content").get(0).path("text").asText())
        .isEqualTo("Hallo.");
    assertThat(openai.requests()).hasSize(1);
    // the hit is a response of its own, stored and retrievable like any other
    String id = answer.path("id").asText();
    assertThat(id).isNotEqualTo(GatewayFixture.json(miss.body()).path("id").asText());
    assertThat(gw.get("/v1/responses/" + id).statusCode()).isEqualTo(200);
  }

  @Test
  void theSettingsTurnTheCacheOnForEveryoneAndARequestCanStillOptOut() {
    assertThat(gw.patch("/admin/v1/settings", "{\"cache\":{\"enabled\":true}}").statusCode())
        .isEqualTo(200);
    try {
      openai.then(Reply.text("Cached for everyone."));
      String plain =
          "{\"model\":\"openai/gpt-4o-mini\","
              + "\"messages\":[{\"role\":\"user\",\"content\":\"Global default\"}]}";
      assertThat(gw.post("/v1/chat/completions", plain).headers().firstValue("x-switchboard-cache"))
          .hasValue("miss");
      assertThat(gw.post("/v1/chat/completions", plain).headers().firstValue("x-switchboard-cache"))
          .hasValue("hit");
      String optedOut =
          "{\"model\":\"openai/gpt-4o-mini\",\"switchboard\":{\"cache\":false},"
              + "\"messages\":[{\"role\":\"user\",\"content\":\"Global default\"}]}";
      assertThat(
              gw.post("/v1/chat/completions", optedOut).headers().firstValue("x-switchboard-cache"))
          .hasValue("bypass");
      assertThat(openai.requests()).hasSize(2);
    } finally {
      gw.patch("/admin/v1/settings", "{\"cache\":{\"enabled\":false}}");
    }
  }

  @Test
  void requestsThatDidNotOptInBypassTheCache() {
    String body =
        "{\"model\":\"openai/gpt-4o-mini\","
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Not cached\"}]}";
    HttpResponse<String> first = gw.post("/v1/chat/completions", body);
    HttpResponse<String> second = gw.post("/v1/chat/completions", body);
    assertThat(first.headers().firstValue("x-switchboard-cache")).hasValue("bypass");
    assertThat(second.headers().firstValue("x-switchboard-cache")).hasValue("bypass");
    assertThat(openai.requests()).hasSize(2);
  }
}
