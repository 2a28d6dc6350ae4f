package switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
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
import switchboard.fake.FakeAnthropic;
import switchboard.fake.FakeOpenAi;

/**
 * {@code auto_cache} as a user tries it: a long system prompt to an Anthropic model reaches
 * Anthropic with breakpoints, and the second request reads from the cache; on {@code /v1/messages}
 * the client's own breakpoints are kept and never pushed past four; OpenAI gets a stable {@code
 * prompt_cache_key}; without {@code auto_cache} nothing changes.
 */
class AutoCacheIT {

  private static final String MANUAL =
      "Section %d of the product manual explains one more feature in detail. ";
  private static final String LONG_SYSTEM = manual(400);

  @TempDir static Path dir;
  private static FakeAnthropic anthropic;
  private static FakeOpenAi openai;
  private static GatewayFixture gw;

  private static String manual(int sections) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < sections; i++) {
      s.append(MANUAL.formatted(i));
    }
    return s.toString();
  }

  @BeforeAll
  static void start() {
    anthropic = FakeAnthropic.start();
    openai = FakeOpenAi.start();
    gw =
        GatewayFixture.start(
            dir,
            Map.of(
                "ANTHROPIC_API_KEY",
                "sk-ant-test",
                "ANTHROPIC_BASE_URL",
                anthropic.baseUrl(),
                "OPENAI_API_KEY",
                "sk-openai-test",
                "OPENAI_BASE_URL",
                openai.baseUrl()));
  }

  @AfterAll
  static void stop() {
    gw.close();
    anthropic.close();
    openai.close();
  }

  @BeforeEach
  void reset() {
    anthropic.reset();
    openai.reset();
  }

  private static ChatCompletionCreateParams chat(String model, Boolean autoCache, String question) {
    ChatCompletionCreateParams.Builder b =
        ChatCompletionCreateParams.builder()
            .model(model)
            .addSystemMessage(LONG_SYSTEM)
            .addUserMessage(question);
    if (autoCache != null) {
      b.putAdditionalBodyProperty("switchboard", JsonValue.from(Map.of("auto_cache", autoCache)));
    }
    return b.build();
  }

  private static long cachedTokens(ChatCompletion c) {
    return c.usage().orElseThrow().promptTokensDetails().orElseThrow().cachedTokens().orElse(0L);
  }

  @Test
  void aLongSystemPromptIsCachedAndTheSecondRequestReadsIt() {
    ChatCompletion first =
        gw.sdk.chat().completions().create(chat("anthropic/claude-sonnet-4-5", true, "Q1?"));
    JsonNode sent = anthropic.last();
    assertThat(sent.path("system").isArray()).isTrue();
    assertThat(sent.path("system").get(0).path("cache_control").path("type").asText())
        .isEqualTo("ephemeral");
    assertThat(sent.path("messages").get(0).path("content").get(0).has("cache_control")).isTrue();
    assertThat(sent.has("switchboard")).isFalse();
    assertThat(cachedTokens(first)).isZero();

    ChatCompletion second =
        gw.sdk.chat().completions().create(chat("anthropic/claude-sonnet-4-5", true, "Q2?"));
    // the system prompt (and tools, if any) came from the cache: about 4,000 words
    assertThat(cachedTokens(second)).isGreaterThan(3000);
    assertThat(second.usage().orElseThrow().promptTokens()).isGreaterThan(cachedTokens(second));
  }

  @Test
  void theRecordShowsTheWriteAsALossAndTheReadAsASaving() {
    String body =
        "{\"model\":\"anthropic/claude-sonnet-4-5\",\"messages\":[{\"role\":\"system\","
            + "\"content\":\""
            + LONG_SYSTEM
            + "\"},{\"role\":\"user\",\"content\":\"Q?\"}],\"switchboard\":{\"auto_cache\":true}}";
    HttpResponse<String> write = gw.post("/v1/chat/completions", body);
    HttpResponse<String> read = gw.post("/v1/chat/completions", body);
    double lost = savings(write);
    double saved = savings(read);
    JsonNode usage = GatewayFixture.json(read.body()).path("usage");
    long cached = usage.path("prompt_tokens_details").path("cached_tokens").asLong();
    long written =
        GatewayFixture.json(write.body())
            .path("usage")
            .path("prompt_tokens_details")
            .path("cache_write_tokens")
            .asLong();
    // claude-sonnet-4-5: input 3.00, cache write 3.75, cache read 0.30 USD per million tokens
    assertThat(lost).isCloseTo(-written * 0.75 / 1e6, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(saved).isCloseTo(cached * 2.70 / 1e6, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(saved).isPositive();
  }

  private static double savings(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    Map<String, Object> record = gw.record(r.headers().firstValue("x-request-id").orElseThrow());
    return ((Number) record.get("savings_usd")).doubleValue();
  }

  @Test
  void theSettingsTurnAutoCacheOnForEveryoneAndARequestCanStillTurnItOff() {
    assertThat(gw.patch("/admin/v1/settings", "{\"auto_cache\":true}").statusCode()).isEqualTo(200);
    try {
      gw.sdk.chat().completions().create(chat("anthropic/claude-sonnet-4-5", null, "Q?"));
      assertThat(anthropic.last().path("system").get(0).has("cache_control")).isTrue();
      anthropic.reset();
      gw.sdk.chat().completions().create(chat("anthropic/claude-sonnet-4-5", false, "Q?"));
      assertThat(anthropic.last().toString()).doesNotContain("cache_control");
    } finally {
      gw.patch("/admin/v1/settings", "{\"auto_cache\":false}");
    }
  }

  @Test
  void withoutAutoCacheOrWithItOffNothingIsMarked() {
    gw.sdk.chat().completions().create(chat("anthropic/claude-sonnet-4-5", null, "Q?"));
    gw.sdk.chat().completions().create(chat("anthropic/claude-sonnet-4-5", false, "Q?"));
    for (var r : anthropic.requests()) {
      assertThat(r.body()).doesNotContain("cache_control");
    }
  }

  @Test
  void aShortPromptGoesUpWithoutBreakpoints() {
    HttpResponse<String> r =
        gw.post(
            "/v1/chat/completions",
            "{\"model\":\"anthropic/claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}],\"switchboard\":{\"auto_cache\":true}}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(anthropic.requests().get(0).body()).doesNotContain("cache_control");
  }

  @Test
  void aMultiTurnConversationWithToolsReadsThePreviousTurnFromTheCache() {
    String tools =
        "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"lookup\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{}}}}]";
    String turn1 =
        "{\"model\":\"anthropic/claude-sonnet-4-5\","
            + tools
            + ",\"messages\":[{\"role\":\"system\",\"content\":\"Be helpful.\"},"
            + "{\"role\":\"user\",\"content\":\""
            + manual(300)
            + "\"}],\"switchboard\":{\"auto_cache\":true}}";
    assertThat(gw.post("/v1/chat/completions", turn1).statusCode()).isEqualTo(200);
    String turn2 =
        turn1.replace(
            "\"}],\"switchboard\"",
            "\"},{\"role\":\"assistant\",\"content\":\"Cached hello.\"},"
                + "{\"role\":\"user\",\"content\":\"And then?\"}],\"switchboard\"");
    HttpResponse<String> second = gw.post("/v1/chat/completions", turn2);
    assertThat(second.statusCode()).isEqualTo(200);

    JsonNode sent = anthropic.last();
    // breakpoints: the latest turn and the previous user turn; tools and system are too short
    assertThat(sent.path("tools").get(0).has("cache_control")).isFalse();
    assertThat(sent.path("system").isTextual()).isTrue();
    assertThat(sent.path("messages").get(0).path("content").get(0).has("cache_control")).isTrue();
    assertThat(sent.path("messages").get(2).path("content").get(0).has("cache_control")).isTrue();
    JsonNode usage = GatewayFixture.json(second.body()).path("usage");
    assertThat(usage.path("prompt_tokens_details").path("cached_tokens").asLong())
        .isGreaterThan(2000);
  }

  @Test
  void onMessagesTheClientsBreakpointsStayAndFourIsNeverExceeded() {
    String block =
        "{\"type\":\"text\",\"text\":\""
            + manual(100)
            + "\",\"cache_control\":"
            + "{\"type\":\"ephemeral\"}}";
    String body =
        "{\"model\":\"anthropic/claude-sonnet-4-5\",\"max_tokens\":64,"
            + "\"system\":["
            + block
            + ","
            + block
            + ","
            + block
            + "],"
            + "\"messages\":[{\"role\":\"user\",\"content\":["
            + block
            + "]},"
            + "{\"role\":\"assistant\",\"content\":\"ok\"},"
            + "{\"role\":\"user\",\"content\":\""
            + manual(50)
            + "\"}],"
            + "\"switchboard\":{\"auto_cache\":true}}";
    HttpResponse<String> full = gw.post("/v1/messages", body);
    assertThat(full.statusCode()).as(full.body()).isEqualTo(200);
    assertThat(count(anthropic.last().toString(), "cache_control")).isEqualTo(4);
    assertThat(anthropic.last().path("messages").get(2).path("content").isTextual()).isTrue();

    // two of the client's: one added, on the latest turn (the previous user turn has one)
    HttpResponse<String> r =
        gw.post(
            "/v1/messages",
            "{\"model\":\"anthropic/claude-sonnet-4-5\",\"max_tokens\":64,"
                + "\"system\":["
                + block
                + "],"
                + "\"messages\":[{\"role\":\"user\",\"content\":["
                + block
                + "]},"
                + "{\"role\":\"assistant\",\"content\":\"ok\"},"
                + "{\"role\":\"user\",\"content\":\""
                + manual(50)
                + "\"}],"
                + "\"switchboard\":{\"auto_cache\":true}}");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode sent = anthropic.last();
    assertThat(count(sent.toString(), "cache_control")).isEqualTo(3);
    assertThat(sent.path("messages").get(2).path("content").get(0).has("cache_control")).isTrue();
    assertThat(GatewayFixture.json(r.body()).path("usage").path("cache_read_input_tokens").asLong())
        .isPositive(); // the first request wrote the system and first turn
  }

  @Test
  void openAiGetsAStablePromptCacheKeyFromThePrefix() {
    gw.sdk.chat().completions().create(chat("openai/gpt-5", true, "Q1?"));
    gw.sdk.chat().completions().create(chat("openai/gpt-5", true, "Q2?"));
    gw.sdk.chat().completions().create(chat("openai/gpt-5", null, "Q3?"));
    List<FakeOpenAi.Received> sent = openai.requests();
    String key = sent.get(0).json().path("prompt_cache_key").asText();
    assertThat(key).startsWith("sb-");
    assertThat(sent.get(1).json().path("prompt_cache_key").asText()).isEqualTo(key);
    assertThat(sent.get(2).json().has("prompt_cache_key")).isFalse();
    assertThat(sent.get(0).json().has("switchboard")).isFalse();
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
