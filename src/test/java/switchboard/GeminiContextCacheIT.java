package switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import switchboard.fake.FakeNative;
import switchboard.fake.FakeOpenAi;

/**
 * {@code auto_cache} on Gemini (issue 11 item 1): a long stable prefix goes into an explicit {@code
 * cachedContents} cache, created once and named by the next requests (streamed or not), which leave
 * out what it holds (the fake answers 400 otherwise, as Gemini does); an expired cache is created
 * anew, an evicted one too without the client seeing the 403; a short prompt, or {@code auto_cache}
 * off or omitted, creates nothing.
 */
class GeminiContextCacheIT {

  private static final String MODEL = "google/gemini-2.5-flash";

  @TempDir static Path dir;
  private static FakeNative gemini;
  private static GatewayFixture gw;
  private String system;

  @BeforeAll
  static void start() {
    gemini = FakeNative.start();
    gw =
        GatewayFixture.start(
            dir,
            Map.of(
                "GEMINI_API_KEY",
                "g-test",
                "GEMINI_BASE_URL",
                gemini.baseUrl(),
                "SWITCHBOARD_SIM",
                "1"));
  }

  @AfterAll
  static void stop() {
    gw.close();
    gemini.close();
  }

  /** Each test its own prefix: the gateway's registry outlives the fake's reset. */
  @BeforeEach
  void reset(TestInfo test) {
    gemini.reset();
    StringBuilder s = new StringBuilder(test.getDisplayName());
    for (int i = 0; i < 300; i++) {
      s.append(" Section ").append(i).append(" of the manual explains one more feature in detail.");
    }
    system = s.toString();
  }

  private String chat(String system, String question, Boolean autoCache, boolean stream) {
    return "{\"model\":\""
        + MODEL
        + "\",\"stream\":"
        + stream
        + ",\"messages\":[{\"role\":\"system\",\"content\":\""
        + system
        + "\"},{\"role\":\"user\",\"content\":\""
        + question
        + "\"}]"
        + (autoCache == null ? "" : ",\"switchboard\":{\"auto_cache\":" + autoCache + "}")
        + "}";
  }

  private HttpResponse<String> ask(String question, Boolean autoCache) {
    HttpResponse<String> r =
        gw.post("/v1/chat/completions", chat(system, question, autoCache, false));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r;
  }

  private List<FakeOpenAi.Received> generations() {
    return gemini.requests().stream().filter(r -> r.path().contains("enerateContent")).toList();
  }

  private List<FakeOpenAi.Received> creations() {
    return gemini.requests().stream()
        .filter(r -> r.path().equals("/v1beta/cachedContents"))
        .toList();
  }

  private static long cached(HttpResponse<String> r) {
    return GatewayFixture.json(r.body())
        .path("usage")
        .path("prompt_tokens_details")
        .path("cached_tokens")
        .asLong();
  }

  @Test
  void aLongStablePrefixIsCachedOnceAndTheNextRequestsNameTheCache() {
    HttpResponse<String> first = ask("Q1?", true);
    HttpResponse<String> second = ask("Q2?", true);
    assertThat(gemini.caches().creates()).isEqualTo(1);
    JsonNode create = creations().get(0).json();
    assertThat(create.path("model").asText()).isEqualTo("models/gemini-2.5-flash");
    assertThat(create.path("ttl").asText()).isEqualTo("3600s");
    assertThat(create.path("systemInstruction").toString()).contains("Section 299");
    assertThat(create.has("contents")).isFalse();

    List<FakeOpenAi.Received> sent = generations();
    assertThat(sent).hasSize(2);
    for (FakeOpenAi.Received r : sent) {
      JsonNode body = r.json();
      assertThat(body.path("cachedContent").asText()).startsWith("cachedContents/fake");
      assertThat(body.has("systemInstruction")).isFalse();
      assertThat(body.path("contents")).hasSize(1);
    }
    assertThat(sent.get(1).json().path("cachedContent"))
        .isEqualTo(sent.get(0).json().path("cachedContent"));
    assertThat(sent.get(1).json().path("contents").get(0).toString()).contains("Q2?");
    // the cached tokens are reported, priced as reads, and recorded as savings
    assertThat(cached(first)).isGreaterThan(1000);
    assertThat(cached(second)).isEqualTo(cached(first));
    Map<String, Object> record =
        gw.record(second.headers().firstValue("x-request-id").orElseThrow());
    assertThat(((Number) record.get("savings_usd")).doubleValue()).isPositive();
  }

  @Test
  void aStreamedRequestNamesTheCacheToo() {
    ask("Q1?", true);
    HttpResponse<String> stream = gw.post("/v1/chat/completions", chat(system, "Q2?", true, true));
    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.body()).contains("data: [DONE]");
    assertThat(gemini.caches().creates()).isEqualTo(1);
    FakeOpenAi.Received streamed = gemini.last();
    assertThat(streamed.path()).contains(":streamGenerateContent");
    assertThat(streamed.json().path("cachedContent").asText()).startsWith("cachedContents/");
    assertThat(streamed.json().has("systemInstruction")).isFalse();
  }

  @Test
  void toolsAndToolConfigGoIntoTheCache() {
    String tools =
        "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"parameters\":"
            + "{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}}}}}],"
            + "\"tool_choice\":\"auto\",";
    HttpResponse<String> r =
        gw.post(
            "/v1/chat/completions",
            chat(system, "Q?", true, false).replace("{\"model\"", "{" + tools + "\"model\""));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode create = creations().get(0).json();
    assertThat(
            create.path("tools").get(0).path("functionDeclarations").get(0).path("name").asText())
        .isEqualTo("lookup");
    assertThat(create.path("toolConfig").path("functionCallingConfig").path("mode").asText())
        .isEqualTo("AUTO");
    JsonNode sent = gemini.last().json();
    assertThat(sent.has("tools")).isFalse();
    assertThat(sent.has("toolConfig")).isFalse();
  }

  @Test
  void anExpiredCacheIsCreatedAnew() throws InterruptedException {
    gemini.caches().lifetime(Duration.ofMillis(1000));
    ask("Q1?", true);
    Thread.sleep(1200);
    ask("Q2?", true);
    assertThat(gemini.caches().creates()).isEqualTo(2);
    List<FakeOpenAi.Received> sent = generations();
    assertThat(sent).hasSize(2); // never sent naming the expired one
    assertThat(sent.get(1).json().path("cachedContent"))
        .isNotEqualTo(sent.get(0).json().path("cachedContent"));
  }

  @Test
  void anEvictedCacheIsCreatedAnewAndTheClientSeesNoError() {
    ask("Q1?", true);
    gemini.caches().evictAll();
    HttpResponse<String> r = ask("Q2?", true);
    assertThat(cached(r)).isGreaterThan(1000);
    assertThat(gemini.caches().creates()).isEqualTo(2);
    List<FakeOpenAi.Received> sent = generations();
    assertThat(sent).hasSize(3); // the one answered 403, then the retry naming the new cache
    assertThat(sent.get(2).json().path("cachedContent"))
        .isNotEqualTo(sent.get(1).json().path("cachedContent"));
    assertThat(r.headers().firstValue("x-switchboard-attempts")).hasValue("1");
  }

  @Test
  void aShortPromptCreatesNoCache() {
    system = "Be brief.";
    ask("Q?", true);
    assertThat(gemini.caches().creates()).isZero();
    assertThat(gemini.last().json().has("cachedContent")).isFalse();
    assertThat(gemini.last().json().has("systemInstruction")).isTrue();
  }

  @Test
  void withoutAutoCacheOrWithItOffNoCacheIsCreated() {
    ask("Q1?", null);
    ask("Q2?", false);
    assertThat(gemini.caches().creates()).isZero();
    for (FakeOpenAi.Received r : gemini.requests()) {
      assertThat(r.json().has("cachedContent")).isFalse();
      assertThat(r.json().has("systemInstruction")).isTrue();
    }
  }

  @Test
  void aCreationGeminiRefusesIsRememberedAndTheRequestsGoWhole() {
    gemini.caches().minimumTokens(1_000_000); // "Cached content is too small"
    ask("Q1?", true);
    ask("Q2?", true);
    assertThat(gemini.caches().creates()).isEqualTo(1);
    for (FakeOpenAi.Received r : generations()) {
      assertThat(r.json().has("cachedContent")).isFalse();
      assertThat(r.json().has("systemInstruction")).isTrue();
    }
  }

  @Test
  void concurrentRequestsWithANewPrefixShareOneCreation() throws Exception {
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(6);
    try {
      List<java.util.concurrent.Future<HttpResponse<String>>> answers = new java.util.ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String q = "Q" + i + "?";
        answers.add(pool.submit(() -> ask(q, true)));
      }
      for (var a : answers) {
        assertThat(cached(a.get(30, java.util.concurrent.TimeUnit.SECONDS))).isGreaterThan(1000);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(gemini.caches().creates()).isEqualTo(1);
    assertThat(generations()).hasSize(6);
  }

  @Test
  void anIdleCacheIsDeletedWithTheProvidersKey(@TempDir Path other) throws InterruptedException {
    try (GatewayFixture idle =
        GatewayFixture.start(
            other,
            Map.of(
                "GEMINI_API_KEY",
                "g-test",
                "GEMINI_BASE_URL",
                gemini.baseUrl(),
                "SWITCHBOARD_CONTEXT_CACHE_IDLE_SECONDS",
                "1"))) {
      HttpResponse<String> r = idle.post("/v1/chat/completions", chat(system, "Q?", true, false));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      String name = gemini.last().json().path("cachedContent").asText();
      assertThat(gemini.caches().live()).isEqualTo(1);
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (gemini.caches().deleted().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(gemini.caches().deleted()).containsExactly(name);
      assertThat(gemini.caches().live()).isZero();
      FakeOpenAi.Received delete = gemini.last();
      assertThat(delete.method()).isEqualTo("DELETE");
      assertThat(delete.headers()).containsEntry("x-goog-api-key", "g-test");
      assertThat(creations().get(0).headers()).containsEntry("x-goog-api-key", "g-test");
    }
  }

  @Test
  void anUpstreamWithoutCachedContentsStillAnswers() {
    // the Gemini simulator has no cachedContents: the creation fails, the requests go whole
    for (String q : new String[] {"Q1?", "Q2?"}) {
      HttpResponse<String> r =
          gw.post(
              "/v1/chat/completions",
              chat(system, q, true, false).replace(MODEL, "sim-google/echo"));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
  }
}
