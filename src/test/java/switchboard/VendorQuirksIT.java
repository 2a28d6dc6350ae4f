package switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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

/** The framing quirks of OpenAI-compatible vendors (wire-formats §0, §6) never reach the client. */
class VendorQuirksIT {

  @TempDir static Path data;
  static FakeOpenAi deepseek;
  static FakeOpenAi mistral;
  static FakeOpenAi azure;
  static GatewayFixture gw;

  @BeforeAll
  static void start() {
    deepseek = FakeOpenAi.start();
    mistral = FakeOpenAi.start();
    azure = FakeOpenAi.start();
    gw =
        GatewayFixture.start(
            data,
            Map.of(
                "DEEPSEEK_API_KEY",
                "sk-fake-deepseek",
                "DEEPSEEK_BASE_URL",
                deepseek.baseUrl(),
                "MISTRAL_API_KEY",
                "sk-fake-mistral",
                "MISTRAL_BASE_URL",
                mistral.baseUrl(),
                "AZURE_OPENAI_API_KEY",
                "fake-azure-key",
                "AZURE_OPENAI_ENDPOINT",
                azure.baseUrl().replace("/v1", "")));
  }

  @AfterAll
  static void stop() {
    gw.close();
    deepseek.close();
    mistral.close();
    azure.close();
  }

  @BeforeEach
  void resetFakes() {
    deepseek.reset();
    mistral.reset();
    azure.reset();
  }

  private static HttpResponse<String> chat(String model, boolean stream) {
    return gw.post(
        "/v1/chat/completions",
        "{\"model\":\""
            + model
            + "\",\"stream\":"
            + stream
            + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
  }

  /** Asserts a clean OpenAI stream to the client and returns its text. */
  private static String cleanStream(HttpResponse<String> res) {
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    assertThat(res.body()).doesNotContain("keep-alive", "\r", "prompt_filter_results");
    List<String> events = Sse.data(res.body());
    assertThat(events).last().isEqualTo("[DONE]");
    StringBuilder text = new StringBuilder();
    for (String event : events.subList(0, events.size() - 1)) {
      JsonNode chunk = GatewayFixture.json(event);
      assertThat(chunk.get("choices").size()).as(event).isPositive();
      text.append(chunk.get("choices").get(0).path("delta").path("content").asText(""));
    }
    return text.toString();
  }

  @Test
  void crlfFramingAndKeepAliveComments() {
    deepseek.then(Reply.text("Framed with CRLF.").with(Fault.CRLF).with(Fault.KEEP_ALIVE_COMMENTS));
    assertThat(cleanStream(chat("deepseek/deepseek-chat", true))).isEqualTo("Framed with CRLF.");
  }

  @Test
  void leadingBlankLinesBeforeAJsonBody() {
    deepseek.then(Reply.text("After blank lines.").with(Fault.LEADING_BLANK_LINES));
    HttpResponse<String> res = chat("deepseek/deepseek-chat", false);
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    assertThat(
            GatewayFixture.json(res.body())
                .get("choices")
                .get(0)
                .get("message")
                .get("content")
                .asText())
        .isEqualTo("After blank lines.");
  }

  @Test
  void azurePromptFilterChunkIsDropped() {
    azure.then(Reply.text("Filtered politely.").with(Fault.AZURE_PROMPT_FILTER));
    assertThat(cleanStream(chat("azure/gpt-4o-mini", true))).isEqualTo("Filtered politely.");
    FakeOpenAi.Received up = azure.single();
    assertThat(up.path()).isEqualTo("/openai/deployments/gpt-4o-mini/chat/completions");
    assertThat(up.headers().get("api-key")).isEqualTo("fake-azure-key");
    assertThat(up.headers()).doesNotContainKey("authorization");
  }

  @Test
  void mistralFlatErrorBecomesTheOpenAiEnvelope() {
    mistral.then(Reply.fault(Fault.MISTRAL_FLAT_ERROR));
    HttpResponse<String> res = chat("mistral/mistral-small-latest", false);
    assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
    JsonNode error = GatewayFixture.json(res.body()).get("error");
    assertThat(error.get("message").asText()).contains("Tool call id was call_0fypS1hVX");
    assertThat(error.has("type") && error.has("param") && error.has("code")).isTrue();
  }
}
